package org.alterna.alarms;

import java.util.List;
import org.alterna.devices.InstallationOverdue;
import org.alterna.devices.InstallationOverdueEnded;
import org.alterna.devices.StockDeviceReported;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Brings the inventory's conditions to the desk: an installation past its deadline without monitoring becomes an
 * INSTALLATION_OVERDUE alarm on its order (its condition ends when monitoring starts or the measure ends), and a unit
 * that reports while it should be on a shelf becomes a STOCK_DEVICE_REPORTING alarm for the region holding it.
 */
@Component
class DeviceBridge {
    /** Not the engine's types (those are {@code supervision.AlarmType}): conditions of the inventory; SERIOUS. */
    static final String INSTALLATION_OVERDUE = "INSTALLATION_OVERDUE";
    static final String STOCK_DEVICE_REPORTING = "STOCK_DEVICE_REPORTING";

    private final AlarmIntake intake;

    DeviceBridge(AlarmIntake intake) {
        this.intake = intake;
    }

    @EventListener
    void on(InstallationOverdue e) {
        intake.raise(new AlarmSignal(e.orderId(), e.deviceId(), null, INSTALLATION_OVERDUE, null,
                e.deadline(), e.at(), false, List.of()));
    }

    @EventListener
    void on(InstallationOverdueEnded e) {
        intake.conditionCleared(e.orderId(), INSTALLATION_OVERDUE, null, e.at());
    }

    @EventListener
    void on(StockDeviceReported e) {
        intake.raise(AlarmSignal.forDevice(e.deviceId(), e.model(), STOCK_DEVICE_REPORTING,
                e.fixTime(), e.holdingRegion(), List.of(new EvidenceFix(e.fixTime(), e.lat(), e.lon(), e.accuracy(),
                        e.source()))));
    }
}
