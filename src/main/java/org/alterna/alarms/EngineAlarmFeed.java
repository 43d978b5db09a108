package org.alterna.alarms;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.alterna.supervision.AlarmEvent;
import org.alterna.supervision.SupervisedAlarm;
import org.alterna.supervision.SupervisionLog;
import org.alterna.telemetry.LogCursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings the supervision engine's saved alarm changes to the desk (raised → a ticket, cleared → the condition ended on
 * the ticket, retracted → the condition ended where it began), on a thread of its own: the desk's transactions never
 * run on, or hold up, the engine or the store. It follows {@link SupervisionLog} with a cursor ({@link LogCursor}
 * {@code alarm-desk}) saved in the same transaction as the ticket, so after a crash every change reaches the desk
 * exactly once. Woken by {@link SupervisedAlarm}, and every second in any case.
 */
@Component
class EngineAlarmFeed implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(EngineAlarmFeed.class);
    static final String CURSOR = "alarm-desk";

    private final SupervisionLog engineLog;
    private final AlarmIntake intake;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private volatile Thread thread;

    EngineAlarmFeed(SupervisionLog engineLog, AlarmIntake intake, JdbcClient jdbc, PlatformTransactionManager transactions,
            Clock clock) {
        this.engineLog = engineLog;
        this.intake = intake;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @EventListener
    void on(SupervisedAlarm saved) {
        wake.release();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "alarm-desk-intake");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        wake.release();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                long cursor = LogCursor.read(jdbc, CURSOR).orElse(0L);
                List<SupervisionLog.LoggedAlarm> changes = engineLog.after(cursor, 100);
                for (SupervisionLog.LoggedAlarm change : changes) {
                    if (!running) {
                        return;
                    }
                    take(change);
                }
                if (changes.size() < 100) {
                    wake.tryAcquire(1, TimeUnit.SECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (DataAccessException e) {
                log.warn("alarm desk cannot read the engine's alarm changes (retrying): {}", e.toString());
                sleep(1000);
            }
        }
    }

    /** One change into the desk, with the cursor, in one transaction; a change the desk refuses is logged and passed. */
    private void take(SupervisionLog.LoggedAlarm change) {
        try {
            tx.executeWithoutResult(s -> {
                apply(change);
                LogCursor.save(jdbc, CURSOR, change.id(), clock.instant());
            });
        } catch (DataAccessException e) {
            throw e; // the database: retry the same change
        } catch (RuntimeException e) {
            log.error("alarm desk refused engine alarm change {} ({} of order {}); passing it", change.id(),
                    change.event().alarmId(), change.orderId(), e);
            tx.executeWithoutResult(s -> LogCursor.save(jdbc, CURSOR, change.id(), clock.instant()));
        }
    }

    private void apply(SupervisionLog.LoggedAlarm change) {
        AlarmEvent e = change.event();
        switch (e.kind()) {
            case RAISED -> intake.raise(new AlarmSignal(change.orderId(), e.deviceId(), change.deviceModel(),
                    e.type().name(), e.zone(), e.start(), e.raisedAt(), e.late(), evidence(e)));
            case CLEARED -> intake.conditionCleared(change.orderId(), e.type().name(), e.zone(), e.end());
            case RETRACTED -> {
                // late fixes showed the person was not in breach: the condition ends where it began, and the
                // operator resolves the ticket (as TECHNICAL) with the engine's record as the note's evidence
                log.info("engine retracted {} of order {} after late fixes", e.alarmId(), change.orderId());
                intake.conditionCleared(change.orderId(), e.type().name(), e.zone(), e.start());
            }
            default -> { }
        }
    }

    private static List<EvidenceFix> evidence(AlarmEvent e) {
        return e.evidence().stream().map(x -> new EvidenceFix(x.time(), x.lat(), x.lon(), x.accuracy(),
                x.source() == null ? null : x.source().name())).toList();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
