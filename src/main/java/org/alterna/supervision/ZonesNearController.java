package org.alterna.supervision;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.alterna.audit.Audited;
import org.alterna.common.InvalidInputException;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.alterna.orders.OrderScope;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Which zones, of which orders, are near this point": from the server-wide zone index, limited to the orders the
 * caller may see. Zones may be victims' homes, so every query is audited.
 */
@RestController
class ZonesNearController {
    static final double MAX_RADIUS_M = 5_000;
    /** Order ids named in one audit entry (2,000 characters hold ~45). */
    static final int MAX_ORDERS_AUDITED = 40;

    private final Optional<LiveSupervision> live;
    private final OrderScope scope;
    private final ApplicationEventPublisher events;

    ZonesNearController(Optional<LiveSupervision> live, OrderScope scope, ApplicationEventPublisher events) {
        this.live = live;
        this.scope = scope;
        this.events = events;
    }

    @GetMapping("/api/v1/supervision/zones-near")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','OPERATOR')")
    List<LiveSupervision.NearZone> near(@RequestParam(required = false) Double lat,
            @RequestParam(required = false) Double lon, @RequestParam(defaultValue = "200") double radius) {
        // checked here rather than by binding, so that a caller without the role gets 403 whatever the query
        if (lat == null || !(lat >= -90 && lat <= 90)) {
            throw new InvalidInputException("lat", "degrees between -90 and 90, required");
        }
        if (lon == null || !(lon >= -180 && lon <= 180)) {
            throw new InvalidInputException("lon", "degrees between -180 and 180, required");
        }
        if (!(radius >= 0 && radius <= MAX_RADIUS_M)) {
            throw new InvalidInputException("radius", "metres, between 0 and " + (int) MAX_RADIUS_M);
        }
        Actor actor = Actors.current();
        List<LiveSupervision.NearZone> near = live.map(l -> l.zonesNear(lat, lon, radius)).orElse(List.of());
        // the zones come from the in-memory index; which of their orders the caller sees is one query
        java.util.Set<java.util.UUID> seen = scope.visibleAmong(actor,
                near.stream().map(LiveSupervision.NearZone::orderId).toList());
        List<LiveSupervision.NearZone> visible = new ArrayList<>();
        for (LiveSupervision.NearZone z : near) {
            if (seen.contains(z.orderId())) {
                visible.add(z);
            }
        }
        events.publishEvent(new Audited("zones.near", "Location", null, auditDetail(radius, visible)));
        return visible;
    }

    /**
     * What the audit trail keeps of a query: the radius and which cases' zones were shown — never the queried point.
     * The point is usually where a person is, or a victim's home; the audit trail is kept for good (its hash chain
     * is the evidence) and read by the auditor, who must never locate anyone. What needs accounting for is what
     * was disclosed, and the orders say it: the zones themselves are in each order's conditions.
     */
    static String auditDetail(double radius, List<LiveSupervision.NearZone> shown) {
        java.util.Set<java.util.UUID> orders = new java.util.LinkedHashSet<>();
        shown.forEach(z -> orders.add(z.orderId()));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "zones within %.0f m of a point (not kept): %d", radius, shown.size()));
        if (!orders.isEmpty()) {
            sb.append(", of order(s)");
            orders.stream().limit(MAX_ORDERS_AUDITED).forEach(o -> sb.append(' ').append(o));
            if (orders.size() > MAX_ORDERS_AUDITED) {
                sb.append(" and ").append(orders.size() - MAX_ORDERS_AUDITED).append(" more");
            }
        }
        return sb.toString();
    }
}
