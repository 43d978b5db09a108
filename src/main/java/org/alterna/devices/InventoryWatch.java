package org.alterna.devices;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import org.alterna.telemetry.Fix;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * A device that should be silent on a shelf (in stock, in repair, damaged, lost) and reports a position is an
 * inventory anomaly: published as {@link StockDeviceReported} (at most once a minute per unit; the desk merges an
 * ongoing one) once the unit has been in that state longer than {@code alterna.devices.stock-report-grace} — a unit
 * just received, returned or written up may still be on for a while.
 */
@Component
class InventoryWatch {
    private final DeviceSettings settings;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Cache<String, Boolean> recentlyReported = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1)).maximumSize(100_000).build();

    InventoryWatch(DeviceSettings settings, Clock clock, ApplicationEventPublisher events) {
        this.settings = settings;
        this.clock = clock;
        this.events = events;
    }

    /** Whether a report of this device now is an anomaly worth an alarm (cheap: called for every fix). */
    boolean anomalous(RegisteredDevice d) {
        if (!DeviceStatus.SHOULD_BE_SILENT.contains(d.status())) {
            return false;
        }
        if (d.statusSince() != null && d.statusSince().plus(settings.stockReportGrace()).isAfter(clock.instant())) {
            return false;
        }
        return recentlyReported.getIfPresent(d.uniqueId()) == null;
    }

    void reported(RegisteredDevice d, Fix fix) {
        if (recentlyReported.asMap().putIfAbsent(d.uniqueId(), Boolean.TRUE) != null) {
            return;
        }
        events.publishEvent(new StockDeviceReported(d.uniqueId(), d.model(), d.status(), d.holdingRegion(),
                fix.deviceTime(), fix.latitude(), fix.longitude(), fix.accuracyMeters(),
                fix.source() == null ? null : fix.source().name()));
    }
}
