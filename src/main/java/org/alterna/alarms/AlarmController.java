package org.alterna.alarms;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.InvalidInputException;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.alterna.identity.Role;
import org.alterna.orders.OrderScope;
import org.alterna.orders.Orders;
import org.alterna.orders.PoliceAccess;
import org.alterna.orders.Victim;
import org.alterna.supervision.AlarmType;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The alarm desk API: scoped lists with SLA countdowns, detail, and the operator's actions. */
@RestController
@RequestMapping("/api/v1/alarms")
@Tag(name = "Alarms", description = "Alarm desk: alarms as tickets with SLA timers, protocols and escalation")
class AlarmController {
    static final String READERS = "hasAnyRole('ADMIN','SUPERVISOR','OPERATOR','JUDGE','PROSECUTOR','POLICE')";
    static final String HANDLERS = "hasAnyRole('ADMIN','SUPERVISOR','OPERATOR')";
    /** The zone key of the alarms the supervision engine raises for the victim's unit. */
    static final String VICTIM_ZONE = "victim";

    private final AlarmService service;
    private final AlarmQueries queries;
    private final AlarmRepository repo;
    private final ResponseProtocols protocols;
    private final AlarmFigures figures;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final OrderScope scope;
    private final Orders orders;
    private final PoliceAccess police;

    AlarmController(AlarmService service, AlarmQueries queries, AlarmRepository repo, ResponseProtocols protocols,
            AlarmFigures figures, Clock clock, ApplicationEventPublisher events, OrderScope scope, Orders orders,
            PoliceAccess police) {
        this.scope = scope;
        this.orders = orders;
        this.police = police;
        this.service = service;
        this.queries = queries;
        this.repo = repo;
        this.protocols = protocols;
        this.figures = figures;
        this.clock = clock;
        this.events = events;
    }

    /** An alarm in a list, with its SLA deadlines and the seconds left on the one that runs now. */
    record Summary(UUID id, UUID orderId, String personName, String type, Severity severity, AlarmStatus status,
            String zone, String deviceId, Instant conditionStart, Instant conditionEndedAt, Instant createdAt,
            Instant acknowledgedAt, String acknowledgedBy, Instant ackDueAt, Instant resolveDueAt,
            Instant nextDeadline, Long secondsLeft, boolean slaAckMissed, boolean slaResolveMissed, int flaps,
            boolean late, String courtCode, String region, String monitoringCentre, EvidenceFix position) {
    }

    record Step(String key, String es, String en, boolean done, Instant doneAt, String doneBy, String note) {
    }

    /**
     * @param victim the protected victim (contact and home), shown to the police only while a VICTIM_PROXIMITY
     *               alarm of the order is open; null otherwise
     */
    record Detail(Summary alarm, Instant escalatedAt, String escalatedBy, String escalationReason,
            Instant resolvedAt, String resolvedBy, ResolutionCode resolutionCode, String resolutionNote,
            List<Step> checklist, List<AlarmRepository.HistoryEntry> history, List<EvidenceFix> evidence,
            Victim victim) {
    }

    record StepRequest(String note) {
    }

    record EscalationRequest(String reason) {
    }

    record ResolutionRequest(String code, String note) {
    }

    /** An alarm in a list; its position only for those who act on it (see {@link OrderScope#alarmShowsPositions}). */
    Summary summary(Alarm a, Instant now, Actor actor) {
        Instant next = a.nextDeadline();
        return new Summary(a.id(), a.orderId(), a.scope().personName(), a.type(), a.severity(), a.status(), a.zone(),
                a.deviceId(), a.conditionStart(), a.conditionEndedAt(), a.createdAt(), a.acknowledgedAt(),
                a.acknowledgedBy(), a.ackDueAt(), a.resolveDueAt(), next,
                next == null ? null : Duration.between(now, next).toSeconds(), a.slaAckMissed(),
                a.slaResolveMissed(), a.flaps(), a.late(), a.scope().courtCode(), a.scope().region(),
                a.scope().monitoringCentre(),
                showsPositions(a, actor) ? repo.latestEvidence(a.id()).orElse(null) : null);
    }

    /**
     * Whether the alarm is shown to {@code actor} with its positions: to those who act on alarms, except that a
     * resolved alarm of the victim's unit (their panic button) no longer shows where the victim was.
     */
    boolean showsPositions(Alarm a, Actor actor) {
        return OrderScope.alarmShowsPositions(actor) && !victimsPast(a, scope);
    }

    /**
     * A resolved alarm of the victim's unit. The engine raises the victim unit's alarms (its panic button) in the
     * zone {@link #VICTIM_ZONE}: checked first, so that a list of resolved alarms costs no query per alarm.
     */
    static boolean victimsPast(Alarm a, OrderScope scope) {
        return a.status() == AlarmStatus.RESOLVED && VICTIM_ZONE.equals(a.zone())
                && scope.victimUnitAt(a.orderId(), a.deviceId(), a.conditionStart());
    }

    Detail detail(Alarm a, Actor actor) {
        Summary s = summary(a, clock.instant(), actor);
        if (actor.is(Role.POLICE)) {
            // police: the alarm and its current position only; the victim's contact while they must protect them
            Victim victim = AlarmType.VICTIM_PROXIMITY.name().equals(a.type()) && scope.canSeeVictim(actor, a.orderId())
                    ? orders.victim(a.orderId()).orElse(null) : null;
            return new Detail(s, null, null, null, null, null, null, null, null, null, null, victim);
        }
        List<Step> steps = new ArrayList<>();
        for (AlarmRepository.Step st : repo.steps(a.id())) {
            ResponseProtocols.StepText t = protocols.step(a.type(), st.key());
            steps.add(new Step(st.key(), t == null ? st.key() : t.es(), t == null ? st.key() : t.en(),
                    st.doneAt() != null, st.doneAt(), st.doneBy(), st.note()));
        }
        return new Detail(s, a.escalatedAt(), a.escalatedBy(), a.escalationReason(), a.resolvedAt(), a.resolvedBy(),
                a.resolutionCode(), a.resolutionNote(), steps, repo.history(a.id()),
                showsPositions(a, actor) ? repo.evidence(a.id()) : List.of(), null);
    }

    @GetMapping
    @PreAuthorize(READERS)
    @Operation(summary = "Alarms in the caller's scope, most severe and most urgent first")
    List<Summary> list(@RequestParam(required = false) String status, @RequestParam(required = false) String severity,
            @RequestParam(required = false) String type, @RequestParam(required = false) UUID orderId,
            @RequestParam(defaultValue = "200") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidInputException("limit", "must be between 1 and 1000");
        }
        Actor actor = Actors.current();
        AlarmQueries.Filter filter = new AlarmQueries.Filter(
                blank(status) ? null : NotificationRules.parse(AlarmStatus.class, status, "status"),
                blank(severity) ? null : NotificationRules.parse(Severity.class, severity, "severity"),
                blank(type) ? null : AlarmType.normalise(type), orderId, limit);
        Instant now = clock.instant();
        List<Summary> result = queries.list(actor, filter).stream().map(a -> summary(a, now, actor)).toList();
        events.publishEvent(new Audited("alarm.list", "Alarm", null, result.size() + " alarm(s)"
                + (OrderScope.alarmShowsPositions(actor) ? " with their current position" : "")));
        if (actor.is(Role.POLICE)) {
            for (Summary s : result) {
                police.record(actor, s.orderId(), PoliceAccess.Basis.ALARM, s.id().toString(),
                        "alarm list: " + s.type() + " and its current position", PoliceAccess.Channel.REST);
            }
        }
        return result;
    }

    @GetMapping("/{id}")
    @PreAuthorize(READERS)
    @Operation(summary = "An alarm with its checklist, history and evidence (POLICE: alarm and position only)")
    Detail get(@PathVariable UUID id) {
        Actor actor = Actors.current();
        Detail d = detail(service.get(id, actor), actor);
        events.publishEvent(new Audited("alarm.read", "Alarm", id.toString(), d.victim() == null ? null
                : "with the victim's contact and home"));
        if (actor.is(Role.POLICE)) {
            police.record(actor, d.alarm().orderId(), PoliceAccess.Basis.ALARM, id.toString(), "alarm detail: "
                    + d.alarm().type() + " and its current position" + (d.victim() == null ? ""
                    : ", the victim's contact and home"), PoliceAccess.Channel.REST);
        }
        return d;
    }

    @PostMapping("/{id}/acknowledgement")
    @PreAuthorize(HANDLERS)
    @Operation(summary = "Acknowledge an alarm (stops the acknowledgement SLA)")
    Detail acknowledge(@PathVariable UUID id) {
        Actor actor = Actors.current();
        return detail(service.acknowledge(id, actor), actor);
    }

    @PostMapping("/{id}/steps/{stepKey}")
    @PreAuthorize(HANDLERS)
    @Operation(summary = "Complete a step of the alarm's protocol checklist")
    Detail completeStep(@PathVariable UUID id, @PathVariable String stepKey,
            @RequestBody(required = false) StepRequest body) {
        Actor actor = Actors.current();
        return detail(service.completeStep(id, stepKey, body == null ? null : body.note(), actor), actor);
    }

    @PostMapping("/{id}/escalation")
    @PreAuthorize(HANDLERS)
    @Operation(summary = "Escalate an alarm to the INPE supervisor(s) of its region")
    Detail escalate(@PathVariable UUID id, @RequestBody(required = false) EscalationRequest body) {
        Actor actor = Actors.current();
        return detail(service.escalate(id, body == null ? null : body.reason(), actor), actor);
    }

    @PostMapping("/{id}/resolution")
    @PreAuthorize(HANDLERS)
    @Operation(summary = "Resolve an alarm with a resolution code and a note")
    Detail resolve(@PathVariable UUID id, @RequestBody(required = false) ResolutionRequest body) {
        Actor actor = Actors.current();
        return detail(service.resolve(id, body == null ? null : body.code(), body == null ? null : body.note(),
                actor), actor);
    }

    @GetMapping("/figures")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','OPERATOR','JUDGE','AUDITOR')")
    @Operation(summary = "Alarm figures for a period (default: the last 30 days) by centre, model or type")
    AlarmFigures.Figures figures(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(defaultValue = "centre") String groupBy) {
        Instant end = blank(to) ? clock.instant() : instant(to, "to");
        Instant start = blank(from) ? end.minus(Duration.ofDays(30)) : instant(from, "from");
        if (!start.isBefore(end)) {
            throw new InvalidInputException("from", "must be before to");
        }
        AlarmFigures.GroupBy g = NotificationRules.parse(AlarmFigures.GroupBy.class, groupBy, "groupBy");
        return figures.compute(Actors.current(), start, end, g);
    }

    private static Instant instant(String s, String field) {
        try {
            return Instant.parse(s.trim());
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(s.trim()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new InvalidInputException(field, "an ISO instant (2026-01-31T05:00:00Z) or date (2026-01-31)");
            }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
