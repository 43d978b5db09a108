package org.alterna.orders;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.LocalTime;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.alterna.orders.JudicialOrder.Resolution;
import org.alterna.orders.JudicialOrder.Transition;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The order use cases, scoped to the acting user: an order outside the actor's scope is not found (404); a role
 * that may not perform the action is refused (403). Everything is validated before anything is written; each change
 * publishes {@link Audited} and, for transitions and variations, {@link OrderStatusChanged} /
 * {@link OrderConditionsVaried}, synchronously inside the transaction.
 */
@Service
class OrderService implements OrderLifecycle {
    private final OrderRepository orders;
    private final OrderScope scope;
    private final ReferenceRepository reference;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final LocalTime localTime;
    private final ConditionsLimits conditionsLimits;

    OrderService(OrderRepository orders, OrderScope scope, ReferenceRepository reference,
            ApplicationEventPublisher events, Clock clock, LocalTime localTime, ConditionsLimits conditionsLimits) {
        this.conditionsLimits = conditionsLimits;
        this.orders = orders;
        this.scope = scope;
        this.reference = reference;
        this.events = events;
        this.clock = clock;
        this.localTime = localTime;
    }

    // ---- commands (also the JSON bodies of the API) ----

    record NewOrder(String expediente, String courtCode, Long judgeId, String measureType, UUID personId,
            Victim victim, Long penalCentreId, String region, String monitoringCentre, String prosecutor,
            LocalDate startDate, LocalDate endDate, Boolean synthetic) {
    }

    record NewViabilityReport(String gpsCoverage, String gsmCoverage, Boolean addressVerified, String observations,
            String conclusion, LocalDate reportDate) {
    }

    record OrderResolution(String resolutionNumber, LocalDate resolutionDate, Long judgeId, LocalDate startDate,
            LocalDate endDate, Instant effectiveFrom, JsonNode conditions) {
    }

    record Installation(Instant scheduledAt, String monitoringCentre, String note) {
    }

    record Note(String note) {
    }

    record ResolutionNote(String resolutionNumber, LocalDate resolutionDate, String note) {
    }

    record Variation(String resolutionNumber, LocalDate resolutionDate, Instant effectiveFrom, JsonNode conditions) {
    }

    record NewWarning(String resolutionNumber, LocalDate resolutionDate, String text) {
    }

    record Assignment(String monitoringCentre, String prosecutor) {
    }

    // ---- queries ----

    OrderView view(UUID id, Actor actor) {
        load(id, actor);
        return forActor(orders.view(id).orElseThrow(), actor);
    }

    /** The auditor reads the metadata of every order, never who the person is. */
    static OrderView forActor(OrderView v, Actor actor) {
        return actor.is(Role.AUDITOR) ? v.withoutPerson() : v;
    }

    OrderRepository.Page list(Actor actor, OrderRepository.Filter filter, int page, int size) {
        if (page < 0) {
            throw new InvalidInputException("page", "must be 0 or more");
        }
        if (size < 1 || size > 200) {
            throw new InvalidInputException("size", "must be between 1 and 200");
        }
        OrderRepository.Page result = orders.list(scope.onOrders(actor, "o"), filter, page, size);
        return new OrderRepository.Page(result.items().stream().map(v -> forActor(v, actor)).toList(),
                result.total());
    }

    List<OrderRepository.HistoryEntry> history(UUID id, Actor actor) {
        load(id, actor);
        return orders.history(id);
    }

    List<ViabilityReport> viabilityReports(UUID id, Actor actor) {
        load(id, actor);
        return orders.viabilityReports(id);
    }

    List<OrderRepository.Warning> warnings(UUID id, Actor actor) {
        load(id, actor);
        return orders.warnings(id);
    }

    List<ConditionsVersion> versions(UUID id, Actor actor) {
        load(id, actor);
        return orders.versions(id);
    }

    ConditionsVersion conditions(UUID id, Instant asOf, Integer version, Actor actor) {
        load(id, actor);
        ConditionsVersion v;
        if (version != null) {
            v = orders.version(id, version).orElseThrow(() -> new NotFoundException("order " + id + " has no version " + version));
        } else {
            Instant at = asOf == null ? clock.instant() : asOf;
            v = orders.versionAsOf(id, at).orElseThrow(
                    () -> new NotFoundException("order " + id + " had no conditions in force at " + at));
        }
        events.publishEvent(new Audited("order.conditions.read", "JudicialOrder", id.toString(), "version " + v.version()));
        return v;
    }

    /** The victim's details: only for those who protect them (see {@link OrderScope#canSeeVictim}). */
    Victim victim(UUID id, Actor actor) {
        requireRole(actor, Role.ADMIN, Role.JUDGE, Role.SUPERVISOR, Role.OPERATOR);
        load(id, actor);
        if (!scope.canSeeVictim(actor, id)) {
            throw new NotFoundException("no order " + id);
        }
        Victim v = orders.victim(id).orElseThrow(() -> new NotFoundException("order " + id + " has no victim"));
        events.publishEvent(new Audited("order.victim.read", "JudicialOrder", id.toString(), null));
        return v;
    }

    // ---- commands ----

    @Transactional
    OrderView create(NewOrder cmd, Actor actor) {
        requireRole(actor, Role.ADMIN, Role.SUPERVISOR);
        if (cmd == null) {
            throw new InvalidInputException("", "an order is required");
        }
        String expediente = Validate.expediente(cmd.expediente(), "expediente");
        String courtCode = Validate.required(cmd.courtCode(), "courtCode", 40).toUpperCase(Locale.ROOT);
        Court court = reference.court(courtCode)
                .orElseThrow(() -> new InvalidInputException("courtCode", "unknown court " + courtCode));
        Long judgeId = cmd.judgeId() == null ? null : judgeOf(cmd.judgeId(), court.code());
        MeasureType type = parseEnum(MeasureType.class, cmd.measureType(), "measureType");
        UUID personId = Validate.present(cmd.personId(), "personId");
        if (reference.person(personId).isEmpty()) {
            throw new InvalidInputException("personId", "unknown person " + personId);
        }
        Victim victim = validVictim(cmd.victim(), type);
        if (cmd.penalCentreId() != null && reference.penalCentre(cmd.penalCentreId()).isEmpty()) {
            throw new InvalidInputException("penalCentreId", "unknown penal centre " + cmd.penalCentreId());
        }
        String region = Validate.optional(cmd.region(), "region", 80);
        if (region == null) {
            region = actor.is(Role.SUPERVISOR) && actor.region() != null ? actor.region() : court.region();
        }
        if (actor.is(Role.SUPERVISOR) && !region.equals(actor.region())) {
            throw new InvalidInputException("region", "a supervisor of " + actor.region()
                    + " cannot create an order for the region " + region);
        }
        if (cmd.endDate() != null && cmd.startDate() != null && cmd.endDate().isBefore(cmd.startDate())) {
            throw new InvalidInputException("endDate", "ends before it starts (" + cmd.endDate() + " is before "
                    + cmd.startDate() + ")");
        }
        Instant now = clock.instant();
        JudicialOrder o = new JudicialOrder(UUID.randomUUID());
        o.expediente = expediente;
        o.courtCode = court.code();
        o.judgeId = judgeId;
        o.measureType = type;
        o.personId = personId;
        o.penalCentreId = cmd.penalCentreId();
        o.region = region;
        o.monitoringCentre = Validate.optional(cmd.monitoringCentre(), "monitoringCentre", 80);
        o.prosecutor = Validate.optional(cmd.prosecutor(), "prosecutor", 64);
        o.startDate = cmd.startDate();
        o.endDate = cmd.endDate();
        o.status = OrderStatus.REQUESTED;
        o.synthetic = Boolean.TRUE.equals(cmd.synthetic());
        o.createdBy = actor.username();
        o.createdAt = now;
        o.updatedAt = now;
        orders.insert(o);
        if (victim != null) {
            orders.insertVictim(o.id, victim);
        }
        Transition created = new Transition(null, OrderStatus.REQUESTED, null, "requested by court " + court.code());
        orders.insertTransition(o.id, created, now, actor.username());
        events.publishEvent(new Audited("order.create", "JudicialOrder", o.id.toString(),
                expediente + " " + type + " court " + court.code()));
        events.publishEvent(new OrderStatusChanged(o.id, null, OrderStatus.REQUESTED, now));
        return orders.view(o.id).orElseThrow();
    }

    @Transactional
    OrderView reportViability(UUID id, NewViabilityReport cmd, Actor actor) {
        requireRole(actor, Role.ADMIN, Role.SUPERVISOR);
        JudicialOrder o = load(id, actor);
        if (cmd == null) {
            throw new InvalidInputException("", "a viability report is required");
        }
        ViabilityReport.Coverage gps = parseEnum(ViabilityReport.Coverage.class, cmd.gpsCoverage(), "gpsCoverage");
        ViabilityReport.Coverage gsm = parseEnum(ViabilityReport.Coverage.class, cmd.gsmCoverage(), "gsmCoverage");
        Boolean verified = Validate.present(cmd.addressVerified(), "addressVerified");
        ViabilityReport.Conclusion conclusion = parseEnum(ViabilityReport.Conclusion.class, cmd.conclusion(), "conclusion");
        LocalDate date = cmd.reportDate() == null ? today() : cmd.reportDate();
        Validate.notFuture(date, today(), "reportDate");
        Instant now = clock.instant();
        ViabilityReport report = new ViabilityReport(null, gps, gsm, verified,
                Validate.optional(cmd.observations(), "observations", 4000), conclusion, date, actor.username(), now);
        Transition t = o.reportViability(report);
        orders.insertViabilityReport(id, report);
        apply(o, t, actor, now, "order.viability-report");
        return orders.view(id).orElseThrow();
    }

    @Transactional
    OrderView order(UUID id, OrderResolution cmd, Actor actor) {
        requireRole(actor, Role.ADMIN, Role.JUDGE);
        JudicialOrder o = load(id, actor);
        if (cmd == null) {
            throw new InvalidInputException("", "a resolution is required");
        }
        Resolution resolution = resolution(cmd.resolutionNumber(), cmd.resolutionDate());
        Long judgeId = cmd.judgeId() != null ? judgeOf(cmd.judgeId(), o.courtCode)
                : actor.is(Role.JUDGE) ? reference.judgeByUsername(actor.username())
                        .filter(j -> j.courtCode().equals(o.courtCode)).map(Judge::id).orElse(null) : null;
        Conditions conditions = conditionsFor(o, cmd.conditions());
        LocalDate start = cmd.startDate() != null ? cmd.startDate() : o.startDate;
        LocalDate end = cmd.endDate() != null ? cmd.endDate() : o.endDate;
        Instant now = clock.instant();
        Instant effectiveFrom = cmd.effectiveFrom() != null ? cmd.effectiveFrom()
                : start == null ? now : start.atStartOfDay(localTime.zone()).toInstant();
        Transition t = o.order(resolution, orders.latestViabilityReport(id).orElse(null), judgeId, start, end);
        apply(o, t, actor, now, "order.resolution");
        recordVersion(o, 1, resolution, effectiveFrom, conditions, actor, now);
        return orders.view(id).orElseThrow();
    }

    @Transactional
    OrderView scheduleInstallation(UUID id, Installation cmd, Actor actor) {
        requireRole(actor, Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR);
        JudicialOrder o = load(id, actor);
        if (cmd == null) {
            throw new InvalidInputException("scheduledAt", "required");
        }
        String centre = Validate.optional(cmd.monitoringCentre(), "monitoringCentre", 80);
        if (centre != null && !centre.equals(o.monitoringCentre)) {
            if (actor.is(Role.OPERATOR)) {
                throw new InvalidInputException("monitoringCentre", "an operator cannot reassign the monitoring centre");
            }
            o.monitoringCentre = centre;
        }
        Instant now = clock.instant();
        Transition t = o.scheduleInstallation(cmd.scheduledAt(), Validate.optional(cmd.note(), "note", 2000));
        apply(o, t, actor, now, "order.installation");
        return orders.view(id).orElseThrow();
    }

    @Override
    @Transactional
    public OrderView scheduleInstallation(UUID orderId, Instant at, String monitoringCentre, String note, Actor actor) {
        return scheduleInstallation(orderId, new Installation(at, monitoringCentre, note), actor);
    }

    @Override
    @Transactional
    public OrderView startMonitoring(UUID orderId, String note, Actor actor) {
        return activate(orderId, new Note(note), actor);
    }

    @Transactional
    OrderView activate(UUID id, Note cmd, Actor actor) {
        requireRole(actor, Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR);
        JudicialOrder o = load(id, actor);
        Transition t = o.activate(cmd == null ? null : Validate.optional(cmd.note(), "note", 2000));
        apply(o, t, actor, clock.instant(), "order.activate");
        return orders.view(id).orElseThrow();
    }

    @Transactional
    OrderView suspend(UUID id, ResolutionNote cmd, Actor actor) {
        requireRole(actor, Role.ADMIN, Role.JUDGE);
        JudicialOrder o = load(id, actor);
        Resolution r = resolution(cmd == null ? null : cmd.resolutionNumber(), cmd == null ? null : cmd.resolutionDate());
        Transition t = o.suspend(r, note(cmd));
        apply(o, t, actor, clock.instant(), "order.suspend");
        return orders.view(id).orElseThrow();
    }

    @Transactional
    OrderView resume(UUID id, ResolutionNote cmd, Actor actor) {
        requireRole(actor, Role.ADMIN, Role.JUDGE);
        JudicialOrder o = load(id, actor);
        Resolution r = resolution(cmd == null ? null : cmd.resolutionNumber(), cmd == null ? null : cmd.resolutionDate());
        Transition t = o.resume(r, note(cmd));
        apply(o, t, actor, clock.instant(), "order.resume");
        return orders.view(id).orElseThrow();
    }

    @Transactional
    OrderView revoke(UUID id, ResolutionNote cmd, Actor actor) {
        requireRole(actor, Role.ADMIN, Role.JUDGE);
        JudicialOrder o = load(id, actor);
        Resolution r = resolution(cmd == null ? null : cmd.resolutionNumber(), cmd == null ? null : cmd.resolutionDate());
        Transition t = o.revoke(r, note(cmd));
        apply(o, t, actor, clock.instant(), "order.revoke");
        return orders.view(id).orElseThrow();
    }

    /** The term is served: by the judge (with or without a resolution), the supervisor or admin. */
    @Transactional
    OrderView complete(UUID id, ResolutionNote cmd, Actor actor) {
        requireRole(actor, Role.ADMIN, Role.JUDGE, Role.SUPERVISOR);
        JudicialOrder o = load(id, actor);
        Resolution r = cmd == null || cmd.resolutionNumber() == null || cmd.resolutionNumber().isBlank() ? null
                : resolution(cmd.resolutionNumber(), cmd.resolutionDate());
        Transition t = o.complete(r, note(cmd));
        apply(o, t, actor, clock.instant(), "order.complete");
        return orders.view(id).orElseThrow();
    }

    /**
     * Varies the conditions by a judge's resolution (number and date): the judge of the court, or the INPE
     * supervisor of the order's region recording the resolution the court issued (zones, schedules, routes).
     * The scope check of {@link #load} keeps a supervisor to their region.
     */
    @Transactional
    ConditionsVersion vary(UUID id, Variation cmd, Actor actor) {
        requireRole(actor, Role.ADMIN, Role.JUDGE, Role.SUPERVISOR);
        JudicialOrder o = load(id, actor);
        if (cmd == null) {
            throw new InvalidInputException("", "a variation is required");
        }
        Resolution resolution = resolution(cmd.resolutionNumber(), cmd.resolutionDate());
        Conditions conditions = conditionsFor(o, cmd.conditions());
        o.checkCanVary();
        Instant now = clock.instant();
        Instant effectiveFrom = cmd.effectiveFrom() == null ? now : cmd.effectiveFrom();
        List<ConditionsVersion> versions = orders.versions(id);
        ConditionsVersion last = versions.isEmpty() ? null : versions.get(versions.size() - 1);
        if (last != null && effectiveFrom.isBefore(last.effectiveFrom())) {
            throw new InvalidInputException("effectiveFrom", "must not be before the effective-from of version "
                    + last.version() + " (" + last.effectiveFrom() + ")");
        }
        int version = last == null ? 1 : last.version() + 1;
        o.updatedAt = now;
        orders.update(o);
        return recordVersion(o, version, resolution, effectiveFrom, conditions, actor, now);
    }

    @Transactional
    OrderRepository.Warning warn(UUID id, NewWarning cmd, Actor actor) {
        requireRole(actor, Role.ADMIN, Role.JUDGE);
        JudicialOrder o = load(id, actor);
        if (cmd == null) {
            throw new InvalidInputException("text", "required");
        }
        Resolution r = resolution(cmd.resolutionNumber(), cmd.resolutionDate());
        String text = Validate.required(cmd.text(), "text", 4000);
        o.checkCanWarn();
        Instant now = clock.instant();
        OrderRepository.Warning w = new OrderRepository.Warning(null, r.number(), r.date(), text, actor.username(), now);
        o.updatedAt = now;
        orders.update(o);
        orders.insertWarning(id, w);
        events.publishEvent(new Audited("order.warning", "JudicialOrder", id.toString(), "amonestación " + r.number()));
        return w;
    }

    @Transactional
    OrderView assign(UUID id, Assignment cmd, Actor actor) {
        requireRole(actor, Role.ADMIN, Role.SUPERVISOR);
        JudicialOrder o = load(id, actor);
        if (o.status.isFinal()) {
            throw new ConflictException(o.name() + " is " + o.status + " (final); it cannot be reassigned");
        }
        if (cmd != null) {
            o.monitoringCentre = Validate.optional(cmd.monitoringCentre(), "monitoringCentre", 80);
            o.prosecutor = Validate.optional(cmd.prosecutor(), "prosecutor", 64);
        }
        o.updatedAt = clock.instant();
        orders.update(o);
        events.publishEvent(new Audited("order.assign", "JudicialOrder", id.toString(),
                "monitoring centre " + o.monitoringCentre + ", prosecutor " + o.prosecutor));
        return orders.view(id).orElseThrow();
    }

    // ---- helpers ----

    private JudicialOrder load(UUID id, Actor actor) {
        // the scope policy decides, as for every list (out of scope and missing answer the same)
        if (!scope.canSee(actor, id)) {
            throw new NotFoundException("no order " + id);
        }
        return orders.load(id).orElseThrow(() -> new NotFoundException("no order " + id));
    }

    private void apply(JudicialOrder o, Transition t, Actor actor, Instant now, String action) {
        o.updatedAt = now;
        orders.update(o);
        orders.insertTransition(o.id, t, now, actor.username());
        String detail = t.from() + " -> " + t.to() + (t.resolution() == null ? "" : " by resolution "
                + t.resolution().number() + " of " + t.resolution().date()) + (t.note() == null ? "" : ": " + t.note());
        events.publishEvent(new Audited(action, "JudicialOrder", o.id.toString(), detail));
        if (t.from() != t.to()) {
            events.publishEvent(new OrderStatusChanged(o.id, t.from(), t.to(), now));
        }
    }

    private ConditionsVersion recordVersion(JudicialOrder o, int version, Resolution resolution, Instant effectiveFrom,
            Conditions conditions, Actor actor, Instant now) {
        ConditionsVersion v = new ConditionsVersion(o.id, version, resolution.number(), resolution.date(),
                effectiveFrom, actor.username(), now, conditions);
        orders.insertConditions(v);
        events.publishEvent(new Audited("order.conditions", "JudicialOrder", o.id.toString(),
                "conditions version " + version + " by resolution " + resolution.number() + ", in force from "
                        + effectiveFrom));
        events.publishEvent(new OrderConditionsVaried(o.id, version, effectiveFrom));
        return v;
    }

    private Conditions conditionsFor(JudicialOrder o, JsonNode json) {
        Conditions c = Conditions.parse(json, "conditions", conditionsLimits);
        if (o.measureType == MeasureType.PROTECTION_ORDER && c.victimProximityMeters() == null) {
            throw new InvalidInputException("conditions.victimProximityMeters", "required for a PROTECTION_ORDER");
        }
        return c;
    }

    private Resolution resolution(String number, LocalDate date) {
        Resolution r = Resolution.of(Validate.optional(number, "resolutionNumber", 60), date, "resolution");
        Validate.notFuture(r.date(), today(), "resolutionDate");
        return r;
    }

    private static String note(ResolutionNote cmd) {
        return cmd == null ? null : Validate.optional(cmd.note(), "note", 2000);
    }

    private Long judgeOf(long judgeId, String courtCode) {
        Judge judge = reference.judge(judgeId)
                .orElseThrow(() -> new InvalidInputException("judgeId", "unknown judge " + judgeId));
        if (!judge.courtCode().equals(courtCode)) {
            throw new InvalidInputException("judgeId", "judge " + judgeId + " does not sit in court " + courtCode);
        }
        return judgeId;
    }

    private Victim validVictim(Victim v, MeasureType type) {
        if (type != MeasureType.PROTECTION_ORDER) {
            if (v != null) {
                throw new InvalidInputException("victim", "only a PROTECTION_ORDER has a victim");
            }
            return null;
        }
        if (v == null) {
            throw new InvalidInputException("victim", "required for a PROTECTION_ORDER");
        }
        Validate.latLon(v.lat(), v.lon(), "victim");
        return new Victim(Validate.required(v.fullName(), "victim.fullName", 200), Validate.dni(v.dni(), "victim.dni", false),
                Validate.optional(v.phone(), "victim.phone", 40), Validate.optional(v.contact(), "victim.contact", 300),
                Validate.optional(v.address(), "victim.address", 300), v.lat(), v.lon(),
                Validate.optional(v.deviceId(), "victim.deviceId", 80), v.synthetic());
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field) {
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.isEmpty() ? "" : ", ").append(e.name());
        }
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "required (one of " + allowed + ")");
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be one of " + allowed + " (got \"" + value + "\")");
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(localTime.zone()));
    }

    private static void requireRole(Actor actor, Role... roles) {
        if (actor == null || !(actor.is(roles) || actor.is(Role.SYSTEM))) {
            throw new AccessDeniedException("not allowed");
        }
    }
}
