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
import org.alterna.orders.OrderScope;
import org.alterna.orders.OrderStatus;
import org.alterna.orders.OrderView;
import org.alterna.orders.Orders;
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
    private final Clock clock;

    MonitoringViews(Orders orders, OrderScope scope, DeviceRegistry devices, FixStore fixes, Clock clock) {
        this.orders = orders;
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
