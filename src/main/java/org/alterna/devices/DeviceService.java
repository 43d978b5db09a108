package org.alterna.devices;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.alterna.orders.ConditionsVersion;
import org.alterna.orders.OrderScope;
import org.alterna.orders.OrderStatus;
import org.alterna.orders.OrderView;
import org.alterna.orders.Orders;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The device registry as users reach it, scoped by {@link OrderScope}: a device the caller may not see answers
 * exactly as an unregistered one (404); lists are filtered in SQL. An assignment goes only to an existing order the
 * caller sees, in a state that allows it, from no earlier than the configured tolerance, and names the resolution it
 * rests on; every change is audited by {@link DeviceRegistry}. The order a device is reserved for, serves or was
 * removed from is shown only to those who see that order.
 */
@Service
@EnableConfigurationProperties(DeviceSettings.class)
class DeviceService {
    /** Order states in which a device may be assigned: a measure exists and has not ended. */
    static final Set<OrderStatus> ASSIGNABLE = EnumSet.of(OrderStatus.ORDERED, OrderStatus.INSTALLATION_SCHEDULED,
            OrderStatus.ACTIVE, OrderStatus.SUSPENDED);

    private final DeviceRegistry registry;
    private final OrderScope scope;
    private final Orders orders;
    private final JdbcClient jdbc;
    private final DeviceSettings settings;
    private final Clock clock;

    DeviceService(DeviceRegistry registry, OrderScope scope, Orders orders, JdbcClient jdbc, DeviceSettings settings,
            Clock clock) {
        this.registry = registry;
        this.scope = scope;
        this.orders = orders;
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * A device as the API shows it: its current assignment and the order it is linked to only when the caller sees
     * that order; {@code returnOverdue} when it was removed longer ago than {@code alterna.devices.return-within}.
     */
    record DeviceView(String uniqueId, DeviceKind kind, String model, String protocol, DeviceStatus status,
            Instant statusSince, String holdingRegion, String iccid, String firmware, String contract, String owner,
            LocationType locationType, String locationRef, UUID orderId, boolean returnOverdue, Instant registeredAt,
            Instant retiredAt, AssignmentView currentAssignment) {
    }

    /** An assignment with the resolution it rests on and who made it. */
    record AssignmentView(long id, String deviceId, UUID orderId, AssignmentRole role, Instant from, Instant until,
            String resolution, String assignedBy) {
    }

    /** A recorded move; its order only when the caller sees it. */
    record MovementView(Instant at, DeviceStatus from, DeviceStatus to, String by, String reason, UUID orderId,
            LocationType locationType, String locationRef) {
    }

    /** {@code flag}: NOT_RETURNED (removed longer ago than allowed) or IDLE (in stock longer than idle-after). */
    record Filter(DeviceStatus status, String protocol, UUID orderId, String idPrefix, DeviceKind kind, String flag,
            int limit, int offset) {
    }

    List<DeviceView> list(Actor actor, Filter f) {
        OrderScope.SqlPredicate visible = scope.onDevices(actor, "d");
        StringBuilder sql = new StringBuilder("SELECT d.* FROM device d WHERE ").append(visible.sql());
        Map<String, Object> params = new LinkedHashMap<>(visible.params());
        if (f.status() != null) {
            sql.append(" AND d.status = :f_status");
            params.put("f_status", f.status().name());
        }
        if (f.kind() != null) {
            sql.append(" AND d.kind = :f_kind");
            params.put("f_kind", f.kind().name());
        }
        if (f.protocol() != null) {
            sql.append(" AND d.protocol = :f_protocol");
            params.put("f_protocol", f.protocol().toLowerCase(Locale.ROOT));
        }
        if (f.idPrefix() != null && !f.idPrefix().isEmpty()) {
            sql.append(" AND d.unique_id LIKE :f_prefix");
            params.put("f_prefix", f.idPrefix().replace("\\", "").replace("%", "").replace("_", "\\_") + "%");
        }
        if ("NOT_RETURNED".equals(f.flag())) {
            sql.append(" AND d.status = 'REMOVED' AND d.status_since < :f_since");
            params.put("f_since", DeviceRegistry.utc(clock.instant().minus(settings.returnWithin())));
        } else if ("IDLE".equals(f.flag())) {
            sql.append(" AND d.status = 'IN_STOCK' AND d.status_since < :f_since");
            params.put("f_since", DeviceRegistry.utc(clock.instant().minus(settings.idleAfter())));
        }
        if (f.orderId() != null) {
            OrderScope.SqlPredicate orderVisible = scope.orderIdIn(actor, "fa.order_id");
            sql.append(" AND EXISTS (SELECT 1 FROM device_assignment fa WHERE fa.device_id = d.unique_id"
                    + " AND fa.order_id = :f_order AND (fa.valid_until IS NULL OR fa.valid_until > :f_now) AND ")
                    .append(orderVisible.sql()).append(")");
            params.putAll(orderVisible.params());
            params.put("f_order", f.orderId());
            params.put("f_now", DeviceRegistry.utc(clock.instant()));
        }
        sql.append(" ORDER BY d.unique_id LIMIT :f_limit OFFSET :f_offset");
        params.put("f_limit", f.limit());
        params.put("f_offset", f.offset());
        JdbcClient.StatementSpec spec = jdbc.sql(sql.toString());
        params.forEach(spec::param);
        List<RegisteredDevice> found = spec.query(DeviceRegistry::device).list();
        Set<UUID> seen = actor.seesAllCases() ? null : scope.visibleAmong(actor, found.stream()
                .map(RegisteredDevice::orderId).filter(java.util.Objects::nonNull).toList());
        return found.stream().map(d -> view(actor, d, seen)).toList();
    }

    DeviceView get(Actor actor, String id) {
        return view(actor, visible(actor, id));
    }

    /** The device's assignments to orders the caller sees, oldest first. */
    List<AssignmentView> assignments(Actor actor, String id) {
        RegisteredDevice d = visible(actor, id);
        OrderScope.SqlPredicate p = scope.onAssignments(actor, "a");
        return p.bind(jdbc.sql("SELECT a.* FROM device_assignment a WHERE a.device_id = :dev AND " + p.sql()
                        + " ORDER BY a.valid_from, a.id").param("dev", d.uniqueId()))
                .query(DeviceService::assignmentView).list();
    }

    /** The device's history; an order the caller does not see is left out of the moves that name it. */
    List<MovementView> movements(Actor actor, String id) {
        RegisteredDevice d = visible(actor, id);
        List<Movement> moves = registry.movements(d.uniqueId());
        Set<UUID> seen = actor.seesAllCases() ? null : scope.visibleAmong(actor, moves.stream()
                .map(Movement::orderId).filter(java.util.Objects::nonNull).toList());
        return moves.stream().map(m -> new MovementView(m.at(), m.from(), m.to(), m.by(), m.reason(),
                m.orderId() != null && (seen == null || seen.contains(m.orderId())) ? m.orderId() : null,
                m.locationType(), m.locationRef())).toList();
    }

    DeviceView register(Actor actor, NewDevice device) {
        NewDevice d = device == null ? null : device.heldBy(holdingRegionFor(actor, device.holdingRegion()));
        return view(actor, registry.register(d, actor.username()));
    }

    DeviceView update(Actor actor, String id, DeviceRegistry.Details details, DeviceStatus status, String reason,
            String holdingRegion) {
        RegisteredDevice d = visible(actor, id);
        if ((details == null || details.empty()) && status == null && holdingRegion == null) {
            throw new InvalidInputException("", "nothing to change: give model, kind, iccid, firmware, contract, "
                    + "owner, locationType/location, status and/or holdingRegion");
        }
        if (holdingRegion != null) {
            registry.setHoldingRegion(d.uniqueId(), holdingRegionFor(actor, holdingRegion));
        }
        if (details != null && !details.empty()) {
            registry.correct(d.uniqueId(), details, actor.username());
        }
        if (status != null && status != d.status()) {
            registry.move(d.uniqueId(), status, reason == null || reason.isBlank() ? "corrected" : reason, null, null,
                    actor.username());
        }
        return view(actor, registry.find(d.uniqueId()).orElseThrow());
    }

    DeviceView retire(Actor actor, String id, String reason) {
        RegisteredDevice d = visible(actor, id);
        return view(actor, registry.retire(d.uniqueId(), actor.username(), reason == null || reason.isBlank()
                ? "retired" : reason));
    }

    /** A manual move of the lifecycle (return, repair, loss, damage, write-off, removal). */
    DeviceView move(Actor actor, String id, DeviceStatus to, String reason, LocationType locationType,
            String locationRef) {
        RegisteredDevice d = visible(actor, id);
        if (DeviceStatus.SERVING.contains(d.status()) && d.orderId() != null && !scope.canSee(actor, d.orderId())) {
            // serving an order the caller does not see: not theirs to move
            throw new NotFoundException("device " + id + " is not registered");
        }
        return view(actor, registry.move(d.uniqueId(), to, reason, locationType, locationRef, actor.username()));
    }

    AssignmentView assign(Actor actor, String id, UUID orderId, AssignmentRole role, Instant from, Instant until,
            String resolution) {
        RegisteredDevice d = visible(actor, id);
        if (orderId == null) {
            throw new InvalidInputException("orderId", "is required");
        }
        if (role == null) {
            throw new InvalidInputException("role", "is required: PERSON_UNIT or VICTIM_UNIT");
        }
        // an order the caller may not see is refused exactly as one that does not exist
        OrderView order = scope.canSee(actor, orderId) ? orders.find(orderId).orElse(null) : null;
        if (order == null) {
            throw new InvalidInputException("orderId", "no order " + orderId);
        }
        if (!ASSIGNABLE.contains(order.status())) {
            throw new ConflictException("order " + orderId + " is " + order.status() + ": a device is assigned once "
                    + "the measure is ordered and until it ends (" + ASSIGNABLE + ")");
        }
        if (role == AssignmentRole.VICTIM_UNIT && !order.hasVictim()) {
            throw new InvalidInputException("role", "order " + orderId + " protects no victim: only PERSON_UNIT");
        }
        Instant now = clock.instant();
        Instant start = from == null ? now : from;
        Instant earliest = now.minus(settings.assignmentBackdateTolerance());
        if (start.isBefore(earliest)) {
            throw new InvalidInputException("from", "may be at most " + settings.assignmentBackdateTolerance()
                    .toMinutes() + " minutes before now: an assignment does not claim past positions");
        }
        String ref = resolutionOf(order, resolution);
        Assignment a = registry.assign(d.uniqueId(), orderId, role, start, until, ref, actor.username());
        return new AssignmentView(a.id(), a.deviceId(), a.orderId(), a.role(), a.from(), a.until(), ref,
                actor.username());
    }

    AssignmentView unassign(Actor actor, String id, String reason) {
        RegisteredDevice d = visible(actor, id);
        Optional<Assignment> current = registry.currentAssignment(d.uniqueId());
        if (current.isEmpty() || !scope.canSee(actor, current.get().orderId())) {
            // serving an order outside the caller's scope is the same as serving none, for them
            throw new ConflictException("device " + id + " is not assigned to any order");
        }
        Assignment a = registry.unassign(d.uniqueId(), actor.username(), reason == null || reason.isBlank()
                ? "removed from order " + current.get().orderId() : reason);
        return findAssignment(a.id()).orElseThrow();
    }

    // ---------------------------------------------------------------------------------------------- internals

    /** The resolution an assignment rests on: the order's own, unless another of its resolutions is named. */
    String resolutionOf(OrderView order, String given) {
        List<String> known = new ArrayList<>();
        if (order.resolutionNumber() != null) {
            known.add(order.resolutionNumber());
        }
        for (ConditionsVersion v : orders.versions(order.id())) {
            if (!known.contains(v.resolutionNumber())) {
                known.add(v.resolutionNumber());
            }
        }
        if (given == null || given.isBlank()) {
            if (known.isEmpty()) {
                throw new InvalidInputException("resolution", "the order has no resolution yet");
            }
            return known.get(0);
        }
        String r = given.strip();
        if (!known.contains(r)) {
            throw new InvalidInputException("resolution", "not a resolution of order " + order.id() + " (one of "
                    + known + ")");
        }
        return r;
    }

    /** Where a new or handed-over device is held: a supervisor's own region; any (or none) for the administrator. */
    static String holdingRegionFor(Actor actor, String requested) {
        String r = requested == null || requested.isBlank() ? null : requested.strip();
        if (actor.is(Role.SUPERVISOR)) {
            if (r != null && !r.equals(actor.region())) {
                throw new InvalidInputException("holdingRegion", "a supervisor of " + actor.region()
                        + " holds devices in their own region only");
            }
            return actor.region();
        }
        return r;
    }

    /** The device if the caller may see it; otherwise 404 exactly as for an unregistered one. */
    RegisteredDevice visible(Actor actor, String id) {
        OrderScope.SqlPredicate p = scope.onDevices(actor, "d");
        return p.bind(jdbc.sql("SELECT d.* FROM device d WHERE d.unique_id = :id AND " + p.sql()).param("id", id))
                .query(DeviceRegistry::device).optional()
                .orElseThrow(() -> new NotFoundException("device " + id + " is not registered"));
    }

    DeviceView view(Actor actor, RegisteredDevice d) {
        Set<UUID> seen = actor.seesAllCases() || d.orderId() == null ? null
                : scope.visibleAmong(actor, List.of(d.orderId()));
        return view(actor, d, seen);
    }

    private DeviceView view(Actor actor, RegisteredDevice d, Set<UUID> seenOrders) {
        AssignmentView current = registry.currentAssignment(d.uniqueId())
                .filter(a -> actor.seesAllCases() || scope.canSee(actor, a.orderId()))
                .flatMap(a -> findAssignment(a.id())).orElse(null);
        UUID order = d.orderId() != null && (seenOrders == null || seenOrders.contains(d.orderId())) ? d.orderId() : null;
        boolean overdue = d.status() == DeviceStatus.REMOVED && d.statusSince() != null
                && d.statusSince().isBefore(clock.instant().minus(settings.returnWithin()));
        return new DeviceView(d.uniqueId(), d.kind(), d.model(), d.protocol(), d.status(), d.statusSince(),
                d.holdingRegion(), d.iccid(), d.firmware(), d.contract(), d.owner(), d.locationType(), d.locationRef(),
                order, overdue, d.registeredAt(), d.retiredAt(), current);
    }

    private Optional<AssignmentView> findAssignment(long id) {
        return jdbc.sql("SELECT * FROM device_assignment WHERE id = ?").param(id)
                .query(DeviceService::assignmentView).optional();
    }

    private static AssignmentView assignmentView(ResultSet rs, int n) throws SQLException {
        Assignment a = DeviceRegistry.assignment(rs, n);
        return new AssignmentView(a.id(), a.deviceId(), a.orderId(), a.role(), a.from(), a.until(),
                rs.getString("resolution_ref"), rs.getString("assigned_by"));
    }

    Duration returnWithin() {
        return settings.returnWithin();
    }
}
