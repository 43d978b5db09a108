package org.alterna.alarms;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.alterna.identity.Role;
import org.alterna.orders.OrderScope;
import org.alterna.identity.UserAccounts;
import org.alterna.identity.UserAccounts.UserAccount;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an alarm event into outbox rows: for every matching rule, its recipients (roles resolved with the alarm's
 * scope, or explicit addresses), plus the built-in rule that an escalation e-mails the INPE supervisors of the
 * alarm's region. Must be called inside the transaction of the alarm change.
 */
@Component
class Notifier {
    static final JsonMapper JSON = org.alterna.common.Json.MAPPER;

    private final NotificationRules rules;
    private final Outbox outbox;
    private final UserAccounts accounts;
    private final Clock clock;
    private final boolean notifySupervisorsOnEscalation;

    Notifier(NotificationRules rules, Outbox outbox, UserAccounts accounts, Clock clock, AlarmSettings settings) {
        this.rules = rules;
        this.outbox = outbox;
        this.accounts = accounts;
        this.clock = clock;
        this.notifySupervisorsOnEscalation = settings.escalation().notifySupervisors();
    }

    private record Target(Channel channel, String address) {
    }

    /** Enqueues the notifications of an event on an alarm; returns how many were enqueued. */
    int alarmEvent(NotificationEvent event, Alarm alarm, String detail) {
        return enqueue(event, alarm, null, detail);
    }

    int incidentReport(Alarm alarm, UUID reportId) {
        return enqueue(NotificationEvent.INCIDENT_REPORT, alarm, reportId, "informe de incidencia " + reportId);
    }

    private int enqueue(NotificationEvent event, Alarm alarm, UUID reportId, String detail) {
        Instant now = clock.instant();
        Set<Target> done = new LinkedHashSet<>();
        int n = 0;
        String subject = subject(event, alarm);
        for (NotificationRules.Rule rule : rules.enabled()) {
            if (!rule.matches(event, alarm.type(), alarm.severity())) {
                continue;
            }
            Set<String> addresses = new LinkedHashSet<>(rule.addresses());
            for (String role : rule.recipientRoles()) {
                for (UserAccount u : inScope(Role.valueOf(role), alarm)) {
                    String a = rule.channel() == Channel.SMS ? u.phone() : u.email();
                    if (a != null && !a.isBlank() && rule.channel() != Channel.WEBHOOK) {
                        addresses.add(a);
                    }
                }
            }
            for (String a : addresses) {
                if (done.add(new Target(rule.channel(), a))) {
                    UUID delivery = UUID.randomUUID();
                    outbox.enqueue(delivery, rule.id(), alarm.id(), reportId, event, rule.channel(), a, subject,
                            body(rule.channel(), event, alarm, reportId, detail, now, delivery), now);
                    n++;
                }
            }
        }
        if (notifySupervisorsOnEscalation && event == NotificationEvent.ESCALATED) {
            for (UserAccount u : inScope(Role.SUPERVISOR, alarm)) {
                if (u.email() != null && !u.email().isBlank() && done.add(new Target(Channel.EMAIL, u.email()))) {
                    UUID delivery = UUID.randomUUID();
                    outbox.enqueue(delivery, null, alarm.id(), null, event, Channel.EMAIL, u.email(), subject,
                            body(Channel.EMAIL, event, alarm, null, detail, now, delivery), now);
                    n++;
                }
            }
        }
        return n;
    }

    /** The users of a role who are responsible for the alarm's case: the scope policy decides, as for the feed. */
    List<UserAccount> inScope(Role role, Alarm alarm) {
        Alarm.Scope s = alarm.scope();
        OrderScope.OrderFacts facts = new OrderScope.OrderFacts(alarm.orderId(), s.courtCode(), s.region(),
                s.monitoringCentre(), s.prosecutor(), null, null, false, List.of());
        boolean critical = alarm.severity() == Severity.CRITICAL;
        boolean resolved = alarm.status() == AlarmStatus.RESOLVED;
        return accounts.withRole(role).stream()
                .filter(u -> OrderScope.seesAlarm(u.actor(), facts, critical, resolved)).toList();
    }

    static String subject(NotificationEvent event, Alarm alarm) {
        String what = switch (event) {
            case RAISED -> "Alarma";
            case ESCALATED -> "Alarma escalada";
            case SLA_MISSED -> "Plazo vencido";
            case INCIDENT_REPORT -> "Informe de incidencia";
            case COURT_REPORT -> "Informe periódico";
        };
        return "[Alterna] " + what + " " + alarm.severity() + " " + alarm.type()
                + (alarm.scope().personName() == null ? "" : " — " + alarm.scope().personName());
    }

    /**
     * The message. A webhook's JSON carries its delivery id (also in {@code X-Alterna-Delivery}), inside the signed
     * body so that a receiver can recognise a replayed delivery.
     */
    static String body(Channel channel, NotificationEvent event, Alarm alarm, UUID reportId, String detail,
            Instant now, UUID delivery) {
        if (channel == Channel.WEBHOOK) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", alarm.id().toString());
            a.put("orderId", alarm.orderId() == null ? null : alarm.orderId().toString());
            a.put("type", alarm.type());
            a.put("severity", alarm.severity().name());
            a.put("status", alarm.status().name());
            a.put("zone", alarm.zone());
            a.put("deviceId", alarm.deviceId());
            a.put("conditionStart", String.valueOf(alarm.conditionStart()));
            a.put("courtCode", alarm.scope().courtCode());
            a.put("region", alarm.scope().region());
            a.put("monitoringCentre", alarm.scope().monitoringCentre());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("delivery", delivery.toString());
            m.put("event", event.name());
            m.put("at", now.toString());
            m.put("detail", detail);
            m.put("alarm", a);
            if (reportId != null) {
                m.put("incidentReportId", reportId.toString());
            }
            return JSON.writeValueAsString(m);
        }
        String text = subject(event, alarm) + ". Inicio " + alarm.conditionStart()
                + (alarm.zone() == null ? "" : ", zona " + alarm.zone()) + ". Estado " + alarm.status()
                + (detail == null ? "" : ". " + detail) + ". Ref " + alarm.id();
        return channel == Channel.SMS && text.length() > 300 ? text.substring(0, 300) : text;
    }
}
