package org.alterna.alarms;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.common.ConflictException;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.alterna.orders.OrderScope;
import org.alterna.orders.OrderView;
import org.alterna.orders.Orders;
import org.alterna.supervision.AlarmType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The alarm desk: intake of detected conditions, the operator's actions, and the SLA checker. Every action is
 * stored in the alarm's history and published as {@link Audited} plus a domain event; notifications are enqueued in
 * the same transaction.
 */
@Service
class AlarmService implements AlarmIntake {
    private static final Logger log = LoggerFactory.getLogger(AlarmService.class);

    private final AlarmRepository repo;
    private final Orders orders;
    private final OrderScope orderScope;
    private final ResponseProtocols protocols;
    private final Notifier notifier;
    private final IncidentReports reports;
    private final AlarmSettings settings;
    private final AlarmMetrics metrics;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate tx;

    AlarmService(AlarmRepository repo, Orders orders, OrderScope orderScope, ResponseProtocols protocols,
            Notifier notifier, IncidentReports reports, AlarmSettings settings, AlarmMetrics metrics,
            ApplicationEventPublisher events, Clock clock, PlatformTransactionManager transactions) {
        this.repo = repo;
        this.orders = orders;
        this.orderScope = orderScope;
        this.protocols = protocols;
        this.notifier = notifier;
        this.reports = reports;
        this.settings = settings;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    // ---- intake ----------------------------------------------------------------------------------------------

    @Override
    @Transactional
    public Alarm raise(AlarmSignal s) {
        if (s == null || s.orderId() == null && s.deviceId() == null) {
            throw new InvalidInputException("orderId", "required");
        }
        if (s.type() == null || s.type().isBlank()) {
            throw new InvalidInputException("type", "required");
        }
        Instant now = clock.instant();
        Instant start = s.start() == null ? now : s.start();
        String type = AlarmType.normalise(s.type());
        OrderView order = s.orderId() == null ? null : orders.find(s.orderId())
                .orElseThrow(() -> new InvalidInputException("orderId", "unknown order " + s.orderId()));
        Optional<Alarm> ongoing = order == null ? repo.unresolvedOfDevice(s.deviceId(), type)
                : repo.unresolved(s.orderId(), type, s.zone());
        if (ongoing.isPresent() && mergeable(ongoing.get(), start)) {
            Alarm alarm = ongoing.get();
            AlarmStatus before = alarm.status();
            boolean reopened = alarm.conditionEndedAt() != null;
            alarm.merge(start);
            repo.update(alarm, now);
            repo.addEvidence(alarm.id(), s.evidence());
            String action = reopened ? "condition-reopened" : "merged";
            String detail = (reopened ? "condition again after it cleared (flap " + alarm.flaps() + ")"
                    : "same condition signalled again") + ", " + s.evidence().size() + " fix(es)";
            record(alarm, Actor.SYSTEM, action, before, detail, now);
            return alarm;
        }
        // an alarm about a device serving no order is scoped by the region holding the device
        Alarm.Scope alarmScope = order == null ? new Alarm.Scope(null, null, s.holdingRegion(), null, null)
                : new Alarm.Scope(order.personName(), order.courtCode(), order.region(), order.monitoringCentre(),
                        order.prosecutor());
        Alarm alarm = Alarm.open(new AlarmSignal(s.orderId(), s.deviceId(), s.deviceModel(), type, s.zone(), start,
                s.raisedAt(), s.late(), s.evidence()), alarmScope,
                now, settings.ackSla(Severity.ofType(type)), settings.resolveSla(Severity.ofType(type)));
        repo.insert(alarm);
        repo.addEvidence(alarm.id(), s.evidence());
        repo.createSteps(alarm.id(), protocols.forType(type).stream().map(ResponseProtocols.StepText::key).toList());
        repo.history(alarm.id(), now, Actor.SYSTEM.username(), Role.SYSTEM.name(), "raised", null, AlarmStatus.OPEN,
                alarm.severity() + " " + type + (alarm.zone() == null ? "" : " zone " + alarm.zone())
                        + (s.late() ? " (late evidence)" : ""));
        events.publishEvent(new AlarmRaised(alarm.id(), alarm.orderId(), type, alarm.severity(), alarm.zone(),
                alarm.conditionStart(), now));
        events.publishEvent(new Audited("alarm.raise", "Alarm", alarm.id().toString(),
                alarm.severity() + " " + type + (alarm.orderId() == null ? " device " + alarm.deviceId()
                        : " order " + alarm.orderId())));
        notifier.alarmEvent(NotificationEvent.RAISED, alarm, null);
        metrics.raised(alarm);
        return alarm;
    }

    /** Ongoing (condition not ended) always merges; a cleared condition merges only within the flapping window. */
    private boolean mergeable(Alarm alarm, Instant start) {
        if (alarm.conditionEndedAt() == null) {
            return true;
        }
        return !start.isAfter(alarm.conditionEndedAt().plus(settings.mergeWindow()));
    }

    @Override
    @Transactional
    public void conditionCleared(UUID orderId, String type, String zone, Instant endedAt) {
        Instant now = clock.instant();
        Optional<Alarm> ongoing = repo.unresolved(orderId, AlarmType.normalise(type), zone);
        if (ongoing.isEmpty()) {
            log.debug("condition cleared for {} {} {} without an alarm", orderId, type, zone);
            return;
        }
        Alarm alarm = ongoing.get();
        if (alarm.conditionEndedAt() != null) {
            return;
        }
        AlarmStatus before = alarm.status();
        alarm.conditionEnded(endedAt == null ? now : endedAt);
        repo.update(alarm, now);
        record(alarm, Actor.SYSTEM, "condition-cleared", before, "condition ended at " + alarm.conditionEndedAt()
                + "; the alarm stays " + alarm.status() + " until resolved", now);
    }

    // ---- actions of the desk ---------------------------------------------------------------------------------

    /** Whether the actor may see the alarm (see {@link OrderScope#onAlarms}). */
    boolean visible(Actor actor, Alarm alarm) {
        return orderScope.canSeeAlarm(actor, alarm.id());
    }

    Alarm get(UUID id, Actor actor) {
        Alarm alarm = repo.find(id).orElseThrow(() -> new NotFoundException("no alarm " + id));
        if (!visible(actor, alarm)) {
            throw new NotFoundException("no alarm " + id);
        }
        return alarm;
    }

    private Alarm lockVisible(UUID id, Actor actor) {
        get(id, actor);
        return repo.lock(id).orElseThrow(() -> new NotFoundException("no alarm " + id));
    }

    @Transactional
    Alarm acknowledge(UUID id, Actor actor) {
        Instant now = clock.instant();
        Alarm alarm = lockVisible(id, actor);
        AlarmStatus before = alarm.status();
        alarm.acknowledge(actor.username(), now);
        repo.update(alarm, now);
        record(alarm, actor, "acknowledged", before, null, now);
        metrics.acknowledged(alarm);
        return alarm;
    }

    @Transactional
    Alarm completeStep(UUID id, String stepKey, String note, Actor actor) {
        Instant now = clock.instant();
        Alarm alarm = lockVisible(id, actor);
        if (alarm.status() == AlarmStatus.RESOLVED) {
            throw new ConflictException("alarm " + id + " is RESOLVED; its checklist is closed");
        }
        if (note != null && note.length() > 2000) {
            throw new InvalidInputException("note", "must be at most 2000 characters");
        }
        boolean exists = repo.steps(id).stream().anyMatch(st -> st.key().equals(stepKey));
        if (!exists) {
            throw new NotFoundException("alarm " + id + " has no protocol step " + stepKey);
        }
        if (!repo.completeStep(id, stepKey, now, actor.username(), note == null || note.isBlank() ? null : note.trim())) {
            throw new ConflictException("step " + stepKey + " of alarm " + id + " is already done");
        }
        ResponseProtocols.StepText text = protocols.step(alarm.type(), stepKey);
        record(alarm, actor, "step-completed", alarm.status(), stepKey + (text == null ? "" : " (" + text.es() + ")")
                + (note == null || note.isBlank() ? "" : ": " + note.trim()), now);
        return alarm;
    }

    @Transactional
    Alarm escalate(UUID id, String reason, Actor actor) {
        Instant now = clock.instant();
        Alarm alarm = lockVisible(id, actor);
        AlarmStatus before = alarm.status();
        String why = reason == null || reason.isBlank() ? "escalated by " + actor.username() : reason.trim();
        if (why.length() > 500) {
            throw new InvalidInputException("reason", "must be at most 500 characters");
        }
        alarm.escalate(actor.username(), now, why);
        repo.update(alarm, now);
        record(alarm, actor, "escalated", before, why, now);
        notifier.alarmEvent(NotificationEvent.ESCALATED, alarm, why);
        return alarm;
    }

    @Transactional
    Alarm resolve(UUID id, String code, String note, Actor actor) {
        Instant now = clock.instant();
        // scope first: an alarm out of scope answers as a missing one, whatever the body
        Alarm alarm = lockVisible(id, actor);
        if (code == null || code.isBlank()) {
            throw new InvalidInputException("code",
                    "a resolution code is required: CONFIRMED_VIOLATION, TECHNICAL, FALSE_ALARM or AUTHORISED");
        }
        ResolutionCode parsed = NotificationRules.parse(ResolutionCode.class, code, "code");
        AlarmStatus before = alarm.status();
        alarm.resolve(actor.username(), now, parsed, note);
        repo.update(alarm, now);
        record(alarm, actor, "resolved", before, parsed + ": " + alarm.resolutionNote(), now);
        metrics.resolved(alarm);
        // an alarm about a device serving no order concerns the inventory, not a court: no incident report
        if (parsed == ResolutionCode.CONFIRMED_VIOLATION && alarm.orderId() != null) {
            UUID report = reports.create(alarm, repo.steps(id), repo.evidence(id), now);
            repo.history(id, now, actor.username(), actor.role().name(), "incident-report", alarm.status(),
                    alarm.status(), "informe de incidencia " + report + " queued for court " + alarm.scope().courtCode());
            notifier.incidentReport(alarm, report);
        }
        return alarm;
    }

    // ---- SLA -------------------------------------------------------------------------------------------------

    /**
     * Flags every alarm whose acknowledgement or resolution deadline passed, escalates it to the INPE supervisor(s)
     * of its region and notifies; each alarm in its own transaction. Returns the number of SLA misses found.
     */
    public int checkSla() {
        Instant now = clock.instant();
        int missed = 0;
        for (UUID id : repo.slaCandidates(now)) {
            Integer n = tx.execute(status -> slaFor(id, now));
            missed += n == null ? 0 : n;
        }
        return missed;
    }

    private int slaFor(UUID id, Instant now) {
        Alarm alarm = repo.lock(id).orElse(null);
        if (alarm == null) {
            return 0;
        }
        AlarmStatus before = alarm.status();
        boolean ack = alarm.missAckSla(now);
        boolean resolve = alarm.missResolveSla(now);
        if (!ack && !resolve) {
            return 0;
        }
        String what = ack && resolve ? "acknowledgement and resolution deadlines missed"
                : ack ? "acknowledgement deadline " + alarm.ackDueAt() + " missed"
                        : "resolution deadline " + alarm.resolveDueAt() + " missed";
        boolean escalated = alarm.escalateForSla(now, "SLA: " + what);
        repo.update(alarm, now);
        record(alarm, Actor.SYSTEM, "sla-missed", before, what, now);
        if (ack) {
            metrics.slaMissed(alarm, "acknowledge");
        }
        if (resolve) {
            metrics.slaMissed(alarm, "resolve");
        }
        notifier.alarmEvent(NotificationEvent.SLA_MISSED, alarm, what);
        if (escalated) {
            repo.history(id, now, Actor.SYSTEM.username(), Role.SYSTEM.name(), "escalated", before, alarm.status(),
                    "to the INPE supervisor(s) of region " + alarm.scope().region());
            events.publishEvent(new AlarmChanged(alarm.id(), alarm.orderId(), "escalated", before, alarm.status(),
                    Actor.SYSTEM.username(), now));
            notifier.alarmEvent(NotificationEvent.ESCALATED, alarm, "SLA: " + what);
        }
        return (ack ? 1 : 0) + (resolve ? 1 : 0);
    }

    private void record(Alarm alarm, Actor actor, String action, AlarmStatus before, String detail, Instant now) {
        repo.history(alarm.id(), now, actor.username(), actor.role().name(), action, before, alarm.status(), detail);
        events.publishEvent(new AlarmChanged(alarm.id(), alarm.orderId(), action, before, alarm.status(),
                actor.username(), now));
        events.publishEvent(new Audited("alarm." + action, "Alarm", alarm.id().toString(),
                (before == alarm.status() ? alarm.status().name() : before + " -> " + alarm.status())
                        + (detail == null ? "" : "; " + truncate(detail))));
    }

    private static String truncate(String s) {
        return s.length() > 300 ? s.substring(0, 300) : s;
    }

    List<AlarmRepository.HistoryEntry> history(UUID id) {
        return repo.history(id);
    }
}
