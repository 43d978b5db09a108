package org.alterna.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link FixesStored} for live views, on its own thread, from a best-effort subscription to the record
 * log: a listener that falls far behind misses positions (counted), it never holds up the store or supervision.
 */
@Component
class FixesStoredPublisher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FixesStoredPublisher.class);
    private final RecordLog.Subscription subscription;
    private final ApplicationEventPublisher events;
    private volatile Thread thread;
    private volatile boolean running;

    FixesStoredPublisher(RecordLog recordLog, ApplicationEventPublisher events) {
        this.subscription = recordLog.subscribeLive("fixes-stored", 100_000);
        this.events = events;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "fixes-stored-delivery");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        while (running) {
            try {
                RecordLog.Delivery d = subscription.poll(200, TimeUnit.MILLISECONDS);
                if (d == null || d.records().isEmpty()) {
                    continue;
                }
                List<Fix> fixes = new ArrayList<>(d.records().size());
                for (LoggedRecord r : d.records()) {
                    if (r.fix().hasPosition()) {
                        fixes.add(r.fix());
                    }
                }
                if (!fixes.isEmpty()) {
                    events.publishEvent(new FixesStored(fixes));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("a FixesStored listener failed", e);
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
