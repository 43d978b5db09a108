package org.alterna.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.alterna.audit.Audited;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A device's track and latest position; every read is audited ({@code track.read}, {@code location.read}). */
@RestController
@RequestMapping("/api/v1/devices")
class TelemetryController {
    static final Duration MAX_RANGE = Duration.ofDays(31);
    private final FixStore store;
    private final ApplicationEventPublisher events;

    TelemetryController(FixStore store, ApplicationEventPublisher events) {
        this.store = store;
        this.events = events;
    }

    @GetMapping("/{id}/track")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','OPERATOR')")
    List<Fix> track(@PathVariable String id, @RequestParam String from, @RequestParam String to) {
        Instant f = instant("from", from);
        Instant t = instant("to", to);
        if (!t.isAfter(f)) {
            throw new InvalidInputException("to", "must be after from");
        }
        if (Duration.between(f, t).compareTo(MAX_RANGE) > 0) {
            throw new InvalidInputException("to", "the range may span at most 31 days");
        }
        List<Fix> track = store.track(id, f, t);
        events.publishEvent(new Audited("track.read", "Device", id, "from " + f + " to " + t + ": " + track.size() + " fixes"));
        return track;
    }

    @GetMapping("/{id}/latest")
    @PreAuthorize("hasAnyRole('ADMIN','SUPERVISOR','OPERATOR')")
    DeviceLatest latest(@PathVariable String id) {
        DeviceLatest latest = store.latest(id).orElseThrow(() -> new NotFoundException("no data from device " + id));
        events.publishEvent(new Audited("location.read", "Device", id, "latest state"));
        return latest;
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "must be an ISO-8601 instant, e.g. 2026-11-28T10:00:00Z");
        }
    }
}
