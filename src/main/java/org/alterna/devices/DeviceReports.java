package org.alterna.devices;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.FixesStored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What the inventory learns from the positions devices send (the one place that listens to telemetry): an installed
 * person's unit whose valid fix shows the strap closed starts monitoring ({@link Installations#activateFromFix}); a
 * unit that should be on a shelf raises an inventory alarm ({@link InventoryWatch}). The check per fix is a cached
 * lookup; the work it finds is handed to a thread of its own so that the store's delivery never waits on it (a fix
 * missed because that queue is full is followed by the device's next one).
 */
@Component
class DeviceReports implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(DeviceReports.class);

    private final DeviceRegistry registry;
    private final Installations installations;
    private final InventoryWatch watch;
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(10_000), r -> {
                Thread t = new Thread(r, "device-reports");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());

    DeviceReports(DeviceRegistry registry, Installations installations, InventoryWatch watch) {
        this.registry = registry;
        this.installations = installations;
        this.watch = watch;
    }

    @EventListener
    void on(FixesStored stored) {
        for (Fix fix : stored.fixes()) {
            RegisteredDevice d = registry.find(fix.deviceId()).orElse(null);
            if (d == null) {
                continue;
            }
            if (d.status() == DeviceStatus.INSTALLED && startsMonitoring(d, fix)) {
                worker.execute(() -> installations.activateFromFix(d.uniqueId(), fix.deviceTime()));
            } else if (watch.anomalous(d)) {
                worker.execute(() -> {
                    try {
                        watch.reported(d, fix);
                    } catch (RuntimeException e) {
                        log.warn("inventory alarm for device {} not raised: {}", d.uniqueId(), e.toString());
                    }
                });
            }
        }
    }

    /** A valid fix with the strap closed (an ankle tag must say so; other units must not say it is open). */
    static boolean startsMonitoring(RegisteredDevice d, Fix fix) {
        if (!fix.valid()) {
            return false;
        }
        return d.kind() == DeviceKind.ANKLE_TAG ? fix.strap() == Fix.StrapState.CLOSED
                : fix.strap() != Fix.StrapState.OPEN;
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
