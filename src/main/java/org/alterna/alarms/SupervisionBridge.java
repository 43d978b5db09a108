package org.alterna.alarms;

import org.alterna.supervision.SupervisedPosition;
import org.alterna.telemetry.Fix;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Brings every supervised position to the live feed. (The engine's alarm changes, the device's own panic button
 * included, reach the desk durably through {@link EngineAlarmFeed}.)
 */
@Component
class SupervisionBridge {
    private final LiveFeed feed;

    SupervisionBridge(LiveFeed feed) {
        this.feed = feed;
    }

    @EventListener
    void on(SupervisedPosition position) {
        Fix f = position.fix();
        if (!position.victimUnit()) {
            feed.position(new PositionUpdate(position.orderId(), f.deviceId(), position.personName(), f.deviceTime(),
                    f.latitude(), f.longitude(), f.accuracyMeters(), f.batteryPercent(), f.charging(),
                    f.strap() == null ? null : f.strap().name(), position.courtCode(), position.region(),
                    position.monitoringCentre(), position.prosecutor()));
        }
    }
}
