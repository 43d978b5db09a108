package org.alterna.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.alterna.common.NotFoundException;
import org.alterna.devices.Assignment;
import org.alterna.devices.AssignmentRole;
import org.alterna.devices.DeviceRegistry;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.alterna.orders.OrderScope;
import org.alterna.orders.OrderStatus;
import org.alterna.orders.OrderView;
import org.alterna.orders.Orders;
import org.alterna.orders.PoliceAccess;
import org.alterna.telemetry.DeviceLatest;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.FixStore;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * What the monitoring screens show of a person under a measure: the order, the unit they wear and its latest
 * state, and the zones in force. Scoped like the orders themselves: an order the user may not see does not exist.
 */
@Service
class MonitoringViews {
    /** Orders whose person is being (or may be) tracked. */
    static final java.util.Set<OrderStatus> TRACKED = java.util.EnumSet.of(OrderStatus.INSTALLATION_SCHEDULED,
            OrderStatus.ACTIVE, OrderStatus.SUSPENDED);

    private final Orders orders;
    private final OrderScope scope;
    private final DeviceRegistry devices;
    private final FixStore fixes;
    private final PoliceAccess police;
    private final Clock clock;

    MonitoringViews(Orders orders, OrderScope scope, DeviceRegistry devices, FixStore fixes, PoliceAccess police,
            Clock clock) {
        this.orders = orders;
        this.police = police;
        this.scope = scope;
        this.devices = devices;
        this.fixes = fixes;
        this.clock = clock;
    }

    /** A position as the map draws it. */
    record Position(double lat, double lon, Instant time, Instant serverTime, Double accuracyMeters,
            Integer satellites, Double speedKmh, boolean valid, String source) {
        static Position of(Fix f) {
            return f == null ? null : new Position(f.latitude(), f.longitude(), f.deviceTime(), f.serverTime(),
                    f.accuracyMeters(), f.satellites(), f.speedKmh(), f.valid(),
                    f.source() == null ? null : f.source().name());
        }
    }

    /** One monitored person: order, unit and its latest state, zones in force. */
    record Monitored(UUID orderId, String expediente, String personName, String courtCode, OrderStatus status,
            String deviceId, Position position, Instant lastContact, Long lastFixAgeSeconds, Integer batteryPercent,
            Boolean charging, Boolean externalPower, String strap, JsonNode zones, JsonNode routes) {
    }

    /**
     * Where the person of an order is now, and on what basis the caller sees it: nothing but the latest position of
     * the unit the person wears (no zones, no home, no victim).
     *
     * @param basis     for the police: ALARM (an open critical alarm) or AUTHORISATION (a judge's, until
     *                  {@code authorisedUntil}); null for the monitoring roles, whose scope is the basis
     * @param reference the alarm's or the authorisation's id
     */
    record CurrentPosition(UUID orderId, String personName, OrderStatus status, Position position,
            Instant lastContact, Long lastFixAgeSeconds, PoliceAccess.Basis basis, String reference,
            Instant authorisedUntil) {
    }

    /**
     * The current position of the order's person for {@code actor}: ADMIN, SUPERVISOR and OPERATOR of the order's
     * scope; POLICE of its jurisdiction only while a critical alarm of it is open or a judge's authorisation is in
     * force (the access is logged for the judge by the caller). Otherwise, or when the order does not exist, 404.
     */
    CurrentPosition currentPosition(Actor actor, UUID orderId) {
        PoliceAccess.Grant grant = null;
        OrderScope.SqlPredicate visible;
        if (actor.is(Role.POLICE)) {
            grant = police.grant(actor, orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
            visible = OrderScope.onPersonPositionsOf(orderId, "ds.device_id", "ds.fix_device_time");
        } else if (actor.is(Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR) && scope.canSee(actor, orderId)) {
            visible = scope.onPositions(actor, "ds.device_id", "ds.fix_device_time");
        } else {
            throw new NotFoundException("no order " + orderId);
        }
        OrderView o = orders.find(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
        Instant now = clock.instant();
        String deviceId = devices.assignmentsOf(orderId).stream()
                .filter(a -> a.role() == AssignmentRole.PERSON_UNIT && a.activeAt(now))
                .map(Assignment::deviceId).findFirst().orElse(null);
        DeviceLatest latest = deviceId == null ? null : fixes.latest(deviceId, visible).orElse(null);
        Fix fix = latest == null ? null : latest.lastFix();
        return new CurrentPosition(o.id(), o.personName(), o.status(), Position.of(fix),
                latest == null ? null : latest.lastContact(),
                fix == null ? null : Math.max(0, Duration.between(fix.deviceTime(), now).toSeconds()),
                grant == null ? null : grant.basis(), grant == null ? null : grant.reference(),
                grant == null ? null : grant.until());
    }

    List<Monitored> liveMap(Actor actor) {
        List<Monitored> out = new ArrayList<>();
        for (UUID id : scope.visibleOrderIds(actor)) {
            orders.find(id).filter(o -> TRACKED.contains(o.status())).ifPresent(o -> out.add(monitored(o, actor)));
        }
        return out;
    }

    Monitored monitoring(Actor actor, UUID orderId) {
        if (!scope.canSee(actor, orderId)) {
            throw new NotFoundException("no order " + orderId);
        }
        return monitored(orders.find(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId)), actor);
    }

    private Monitored monitored(OrderView o, Actor actor) {
        Instant now = clock.instant();
        String deviceId = devices.assignmentsOf(o.id()).stream()
                .filter(a -> a.role() == AssignmentRole.PERSON_UNIT && a.activeAt(now))
                .map(Assignment::deviceId).findFirst().orElse(null);
        // the unit's latest fix only if taken for this case (a unit moved from another case keeps that case's fix)
        DeviceLatest latest = deviceId == null ? null
                : fixes.latest(deviceId, scope.onPositions(actor, "ds.device_id", "ds.fix_device_time")).orElse(null);
        Fix fix = latest == null ? null : latest.lastFix();
        JsonNode zones = null;
        JsonNode routes = null;
        try {
            JsonNode conditions = orders.conditionsAsOf(o.id(), now).conditions().toJsonNode();
            zones = conditions.get("zones");
            routes = conditions.get("routes");
        } catch (NotFoundException noConditionsYet) {
            // ordered later than now, or not yet ordered: nothing to draw
        }
        return new Monitored(o.id(), o.expediente(), o.personName(), o.courtCode(), o.status(), deviceId,
                Position.of(fix), latest == null ? null : latest.lastContact(),
                fix == null || fix.serverTime() == null ? null
                        : Math.max(0, Duration.between(fix.deviceTime(), now).toSeconds()),
                latest == null ? null : latest.batteryPercent(), latest == null ? null : latest.charging(),
                latest == null ? null : latest.externalPower(),
                latest == null || latest.strap() == null ? null : latest.strap().name(), zones, routes);
    }
}
