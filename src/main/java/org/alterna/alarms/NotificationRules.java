package org.alterna.alarms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.supervision.AlarmType;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Notification rules: which alarm events (types, severities) go over which channel to whom. Managed by ADMIN. */
@Service
class NotificationRules {
    static final Set<String> RECIPIENT_ROLES = Set.of("SUPERVISOR", "JUDGE", "PROSECUTOR", "OPERATOR", "ADMIN",
            "POLICE");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final WebhookAddressPolicy webhookAddresses;

    NotificationRules(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events,
            WebhookAddressPolicy webhookAddresses) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
        this.webhookAddresses = webhookAddresses;
    }

    /** A rule as stored; the webhook secret is never shown ({@code hasSecret} only). */
    record Rule(UUID id, String name, List<NotificationEvent> events, List<String> alarmTypes,
            List<Severity> severities, Channel channel, List<String> recipientRoles, List<String> addresses,
            boolean hasSecret, boolean enabled, Instant createdAt, String createdBy,
            @com.fasterxml.jackson.annotation.JsonIgnore String secret) {

        boolean matches(NotificationEvent event, String type, Severity severity) {
            return enabled && events.contains(event) && (alarmTypes.isEmpty() || alarmTypes.contains(type))
                    && (severities.isEmpty() || severities.contains(severity));
        }
    }

    /** What an administrator sends. Empty alarm types or severities mean "all". */
    record RuleRequest(String name, List<String> events, List<String> alarmTypes, List<String> severities,
            String channel, List<String> recipientRoles, List<String> addresses, String secret, Boolean enabled) {
    }

    List<Rule> list() {
        return jdbc.sql("SELECT * FROM notification_rule ORDER BY created_at, name").query(NotificationRules::map)
                .list();
    }

    List<Rule> enabled() {
        return jdbc.sql("SELECT * FROM notification_rule WHERE enabled").query(NotificationRules::map).list();
    }

    Rule get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("no notification rule " + id));
    }

    Optional<Rule> find(UUID id) {
        return jdbc.sql("SELECT * FROM notification_rule WHERE id = ?").param(id).query(NotificationRules::map)
                .optional();
    }

    @Transactional
    Rule create(RuleRequest r, String who) {
        Rule valid = validate(UUID.randomUUID(), r, null, who);
        jdbc.sql("""
                INSERT INTO notification_rule (id, name, events, alarm_types, severities, channel, recipient_roles,
                    addresses, secret, enabled, created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""")
                .params(valid.id(), valid.name(), join(valid.events()), join(valid.alarmTypes()),
                        join(valid.severities()), valid.channel().name(), join(valid.recipientRoles()),
                        join(valid.addresses()), valid.secret(), valid.enabled(), Timestamp.from(valid.createdAt()),
                        who)
                .update();
        events.publishEvent(new Audited("notification-rule.create", "NotificationRule", valid.id().toString(),
                valid.name() + " " + valid.channel()));
        return get(valid.id());
    }

    @Transactional
    Rule update(UUID id, RuleRequest r, String who) {
        Rule current = get(id);
        Rule valid = validate(id, r, current, who);
        jdbc.sql("""
                UPDATE notification_rule SET name = ?, events = ?, alarm_types = ?, severities = ?, channel = ?,
                    recipient_roles = ?, addresses = ?, secret = ?, enabled = ? WHERE id = ?""")
                .params(valid.name(), join(valid.events()), join(valid.alarmTypes()), join(valid.severities()),
                        valid.channel().name(), join(valid.recipientRoles()), join(valid.addresses()),
                        valid.secret(), valid.enabled(), id)
                .update();
        events.publishEvent(new Audited("notification-rule.update", "NotificationRule", id.toString(),
                valid.name() + " " + valid.channel()));
        return get(id);
    }

    @Transactional
    void delete(UUID id) {
        Rule rule = get(id);
        jdbc.sql("DELETE FROM notification_rule WHERE id = ?").param(id).update();
        events.publishEvent(new Audited("notification-rule.delete", "NotificationRule", id.toString(), rule.name()));
    }

    private Rule validate(UUID id, RuleRequest r, Rule current, String who) {
        if (r == null || r.name() == null || r.name().isBlank() || r.name().length() > 100) {
            throw new InvalidInputException("name", "must be 1-100 characters");
        }
        if (r.events() == null || r.events().isEmpty()) {
            throw new InvalidInputException("events", "at least one of RAISED, ESCALATED, SLA_MISSED, INCIDENT_REPORT");
        }
        List<NotificationEvent> evs = new ArrayList<>();
        for (int i = 0; i < r.events().size(); i++) {
            evs.add(parse(NotificationEvent.class, r.events().get(i), "events[" + i + "]"));
        }
        List<Severity> sevs = new ArrayList<>();
        List<String> severities = r.severities() == null ? List.of() : r.severities();
        for (int i = 0; i < severities.size(); i++) {
            sevs.add(parse(Severity.class, severities.get(i), "severities[" + i + "]"));
        }
        List<String> types = new ArrayList<>();
        for (String t : r.alarmTypes() == null ? List.<String>of() : r.alarmTypes()) {
            if (t == null || t.isBlank()) {
                throw new InvalidInputException("alarmTypes", "must not contain blank types");
            }
            types.add(AlarmType.normalise(t));
        }
        if (r.channel() == null) {
            throw new InvalidInputException("channel", "one of EMAIL, WEBHOOK, SMS");
        }
        Channel channel = parse(Channel.class, r.channel(), "channel");
        List<String> roles = new ArrayList<>();
        for (String role : r.recipientRoles() == null ? List.<String>of() : r.recipientRoles()) {
            String norm = role == null ? "" : role.trim().toUpperCase(Locale.ROOT);
            if (!RECIPIENT_ROLES.contains(norm)) {
                throw new InvalidInputException("recipientRoles",
                        "unknown role " + role + "; one of SUPERVISOR, JUDGE, PROSECUTOR, OPERATOR, ADMIN, POLICE");
            }
            roles.add(norm);
        }
        List<String> addresses = new ArrayList<>();
        List<String> given = r.addresses() == null ? List.of() : r.addresses();
        for (int i = 0; i < given.size(); i++) {
            String a = given.get(i) == null ? "" : given.get(i).trim();
            String field = "addresses[" + i + "]";
            switch (channel) {
                case EMAIL -> {
                    if (!a.matches("[^@\\s,]+@[^@\\s,]+")) {
                        throw new InvalidInputException(field, "not an e-mail address");
                    }
                }
                case SMS -> {
                    if (!a.matches("\\+?[0-9 ]{6,20}")) {
                        throw new InvalidInputException(field, "not a phone number");
                    }
                }
                case WEBHOOK -> {
                    if (a.length() > 1000) {
                        throw new InvalidInputException(field, "at most 1000 characters");
                    }
                    try {
                        webhookAddresses.checkUrl(a); // loopback, private… refused unless allow-listed
                    } catch (java.io.IOException e) {
                        throw new InvalidInputException(field, e.getMessage());
                    }
                }
                default -> throw new IllegalStateException();
            }
            addresses.add(a);
        }
        if (channel == Channel.WEBHOOK && !roles.isEmpty()) {
            throw new InvalidInputException("recipientRoles", "a webhook goes to URLs, not to roles");
        }
        if (roles.isEmpty() && addresses.isEmpty()) {
            throw new InvalidInputException("recipientRoles", "name recipient roles or explicit addresses");
        }
        String secret = r.secret() != null ? r.secret() : current == null ? null : current.secret();
        if (channel == Channel.WEBHOOK && (secret == null || secret.length() < 16)) {
            throw new InvalidInputException("secret", "a webhook needs a signing secret of at least 16 characters");
        }
        boolean enabled = r.enabled() == null ? current == null || current.enabled() : r.enabled();
        return new Rule(id, r.name().trim(), evs, types, sevs, channel, roles, addresses, secret != null, enabled,
                current == null ? clock.instant() : current.createdAt(), current == null ? who : current.createdBy(),
                secret);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidInputException(field, "unknown value " + value + "; one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static String join(List<?> values) {
        return values.isEmpty() ? null : String.join(",", values.stream().map(String::valueOf).toList());
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split(",")).map(String::trim).toList();
    }

    private static Rule map(ResultSet rs, int n) throws SQLException {
        return new Rule(rs.getObject("id", UUID.class), rs.getString("name"),
                split(rs.getString("events")).stream().map(NotificationEvent::valueOf).toList(),
                split(rs.getString("alarm_types")),
                split(rs.getString("severities")).stream().map(Severity::valueOf).toList(),
                Channel.valueOf(rs.getString("channel")), split(rs.getString("recipient_roles")),
                split(rs.getString("addresses")), rs.getString("secret") != null, rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"), rs.getString("secret"));
    }
}
