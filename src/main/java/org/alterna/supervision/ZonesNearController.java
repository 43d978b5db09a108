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
        events.publishEvent(new Audited("zones.near", "Location",
                String.format(Locale.ROOT, "%.5f,%.5f", lat, lon),
                String.format(Locale.ROOT, "zones within %.0f m: %d", radius, visible.size())));
        return visible;
    }
}
