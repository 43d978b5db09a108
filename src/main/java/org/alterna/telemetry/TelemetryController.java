package org.alterna.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.alterna.audit.Audited;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.alterna.orders.OrderScope;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A device's track and latest position, within the caller's scope: a device they have no reason to read answers as
 * an unregistered one (404), and only the fixes taken while it served an order of their scope are returned (see
 * {@link OrderScope#onPositions}). Every read is audited ({@code track.read}, {@code location.read}).
 */
@RestController
@RequestMapping("/api/v1/devices")
class TelemetryController {
    static final Duration MAX_RANGE = Duration.ofDays(31);
    private final FixStore store;
    private final OrderScope scope;
    private final ApplicationEventPublisher events;

    TelemetryController(FixStore store, OrderScope scope, ApplicationEventPublisher events) {
        this.store = store;
        this.scope = scope;
        this.events = events;
    }

    @GetMapping("/{id}/track")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','OPERATOR')")
    List<Fix> track(@PathVariable String id, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        Actor actor = Actors.current();
        // the range is checked first: its error says nothing about the device
        Instant f = instant("from", from);
        Instant t = instant("to", to);
        if (!t.isAfter(f)) {
            throw new InvalidInputException("to", "must be after from");
        }
        if (Duration.between(f, t).compareTo(MAX_RANGE) > 0) {
            throw new InvalidInputException("to", "the range may span at most 31 days");
        }
        requireDevice(actor, id);
        List<Fix> track = store.track(id, f, t, scope.onPositions(actor, "f.device_id", "f.device_time"));
        events.publishEvent(new Audited("track.read", "Device", id, "from " + f + " to " + t + ": " + track.size() + " fixes"));
        return track;
    }

    @GetMapping("/{id}/latest")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','OPERATOR')")
    DeviceLatest latest(@PathVariable String id) {
        Actor actor = Actors.current();
        requireDevice(actor, id);
        DeviceLatest latest = store.latest(id, scope.onPositions(actor, "ds.device_id", "ds.fix_device_time"))
                .orElseThrow(() -> new NotFoundException("no data from device " + id));
        events.publishEvent(new Audited("location.read", "Device", id,
                latest.lastFix() == null ? "latest state (no position shown)" : "latest state"));
        return latest;
    }

    private void requireDevice(Actor actor, String id) {
        if (id.length() > 40 || !scope.canSeeDeviceHistory(actor, id)) {
            throw new NotFoundException("device " + id + " is not registered");
        }
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "required: an ISO-8601 instant, e.g. 2026-11-28T10:00:00Z");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "must be an ISO-8601 instant, e.g. 2026-11-28T10:00:00Z");
        }
    }
}
