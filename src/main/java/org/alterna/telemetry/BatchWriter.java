package org.alterna.telemetry;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Group commit: collects fixes and status updates from every connection and stores them in one JDBC batch
 * transaction per round on a single writer thread, then completes each submitter's future. A round starts
 * as soon as something is pending and takes everything pending (up to {@code max-size} fixes), so under
 * load batches grow by themselves and at low load a record waits only for its own commit.
 *
 * <p>Callers acknowledge to the device only when their future completes normally: the fixes are then
 * committed. On a database error every future of the round fails (nothing is acknowledged; devices resend)
 * and the writer keeps going. Fixes already stored (same device, device time, latitude, longitude) are
 * skipped by the database, so resends are stored once.
 *
 * <p>Memory is bounded: {@link #saturated()} tells producers to stop reading (they resume through
 * {@link #onDrained}); beyond {@code capacity} pending fixes, {@link #submit} fails at once.
 *
 * <p>After each commit, the newly stored fixes are published as {@link FixesStored} on a delivery thread.
 * The writer thread starts on first use and stops (after draining) when the application context closes.
 */
@Service
public class BatchWriter implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
    private static final String UPSERT_STATE_ROW = "INSERT INTO device_state (device_id, last_contact) VALUES (?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String UPDATE_STATE_FIX = "UPDATE device_state SET fix_device_time = ?, fix_server_time = ?,"
            + " latitude = ?, longitude = ?, altitude = ?, speed_kmh = ?, course = ?, satellites = ?, hdop = ?,"
            + " accuracy_m = ?, valid = ?, source = ?, alarms = ?, battery_percent = COALESCE(?, battery_percent),"
            + " external_power = COALESCE(?, external_power), charging = COALESCE(?, charging),"
            + " strap = COALESCE(?, strap) WHERE device_id = ? AND (fix_device_time IS NULL OR fix_device_time < ?)";
    private static final String UPDATE_STATE_CONTACT = "UPDATE device_state SET last_contact = GREATEST(last_contact, ?),"
            + " battery_percent = COALESCE(?, battery_percent), external_power = COALESCE(?, external_power),"
            + " charging = COALESCE(?, charging), strap = COALESCE(?, strap) WHERE device_id = ?";

    private final DataSource dataSource;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int maxBatch;
    private final int capacity;
    private final int highWater;
    private final int lowWater;
    private final long lingerNanos;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> drainedCallbacks = new ConcurrentLinkedQueue<>();
    private final ThreadPoolExecutor delivery;
    private final Timer commitTimer;
    private final DistributionSummary batchSize;
    private volatile Thread writer;
    private volatile boolean closed;

    /** Something to store: fixes (with a future) or a device's contact/status (fire and forget). */
    private sealed interface Item permits Fixes, Contact {
    }

    private record Fixes(List<Fix> fixes, CompletableFuture<Integer> done) implements Item {
    }

    private record Contact(String deviceId, Instant at, Integer battery, Boolean externalPower, Boolean charging,
            Fix.StrapState strap) implements Item {
    }

    BatchWriter(DataSource dataSource, ApplicationEventPublisher events, Clock clock, MeterRegistry meters,
            @Value("${alterna.telemetry.batch.max-size:5000}") int maxBatch,
            @Value("${alterna.telemetry.batch.capacity:100000}") int capacity,
            @Value("${alterna.telemetry.batch.linger:0ms}") Duration linger) {
        this.dataSource = dataSource;
        this.events = events;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.capacity = capacity;
        this.highWater = Math.max(1, capacity / 2);
        this.lowWater = Math.max(1, capacity / 4);
        this.lingerNanos = linger.toNanos();
        this.delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1000),
                r -> {
                    Thread t = new Thread(r, "fixes-stored-delivery");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        this.commitTimer = Timer.builder("alterna.telemetry.batch.commit")
                .description("Time to store one group-commit batch").publishPercentileHistogram().register(meters);
        this.batchSize = DistributionSummary.builder("alterna.telemetry.batch.size")
                .description("Fixes per group-commit batch").baseUnit("fixes").register(meters);
        Gauge.builder("alterna.telemetry.batch.pending", pending, AtomicInteger::get)
                .description("Fixes waiting to be stored").register(meters);
    }

    /**
     * Queues fixes for the next commit; the future completes with the number of fixes stored for the first time
     * once they are committed, or fails (database error, full queue, shutting down). Fixes without a server time
     * get the current time. Never blocks.
     */
    public CompletableFuture<Integer> submit(List<Fix> fixes) {
        if (fixes.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        if (closed) {
            return CompletableFuture.failedFuture(new RejectedExecutionException("store is shutting down"));
        }
        int n = pending.addAndGet(fixes.size());
        if (n > capacity) {
            pending.addAndGet(-fixes.size());
            return CompletableFuture.failedFuture(new RejectedExecutionException("store queue is full"));
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        List<Fix> stamped = new ArrayList<>(fixes.size());
        for (Fix f : fixes) {
            stamped.add(f.serverTime() == null ? f.withServerTime(now) : f);
        }
        CompletableFuture<Integer> done = new CompletableFuture<>();
        ensureStarted();
        queue.add(new Fixes(stamped, done));
        return done;
    }

    /** Records that the device was heard from, with any status it reported (nulls keep stored values). */
    public void contact(String deviceId, Integer battery, Boolean externalPower, Boolean charging,
            Fix.StrapState strap) {
        if (closed || pending.get() >= capacity) {
            return; // best effort: the next message updates it
        }
        ensureStarted();
        queue.add(new Contact(deviceId, clock.instant(), battery, externalPower, charging, strap));
    }

    /** True while so many fixes are pending that producers should stop reading from devices. */
    public boolean saturated() {
        return pending.get() >= highWater;
    }

    /** Runs {@code callback} once the pending fixes fall below the low-water mark (at once if already so). */
    public void onDrained(Runnable callback) {
        drainedCallbacks.add(callback);
        if (pending.get() < lowWater) {
            runDrainedCallbacks();
        }
    }

    /** Fixes queued or being written. */
    public int pending() {
        return pending.get();
    }

    private void runDrainedCallbacks() {
        Runnable r;
        while ((r = drainedCallbacks.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("drained callback failed", e);
            }
        }
    }

    private void ensureStarted() {
        if (writer == null) {
            synchronized (this) {
                if (writer == null && !closed) {
                    Thread t = new Thread(this::run, "fix-batch-writer");
                    t.setDaemon(true);
                    writer = t;
                    t.start();
                }
            }
        }
    }

    private void run() {
        List<Item> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Item first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int fixes = size(first);
                long deadline = System.nanoTime() + lingerNanos;
                while (fixes < maxBatch) {
                    Item next = queue.poll();
                    if (next == null) {
                        long wait = deadline - System.nanoTime();
                        if (wait <= 0 || (next = queue.poll(wait, TimeUnit.NANOSECONDS)) == null) {
                            break;
                        }
                    }
                    batch.add(next);
                    fixes += size(next);
                }
                write(batch, fixes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable t) {
                log.error("fix batch writer failed unexpectedly; failing the batch", t);
                fail(batch, t);
            } finally {
                batch.clear();
            }
        }
        Item left;
        while ((left = queue.poll()) != null) {
            if (left instanceof Fixes f) {
                pending.addAndGet(-f.fixes().size());
                f.done().completeExceptionally(new RejectedExecutionException("store shut down"));
            }
        }
    }

    private static int size(Item i) {
        return i instanceof Fixes f ? f.fixes().size() : 0;
    }

    private void write(List<Item> batch, int fixCount) {
        long start = System.nanoTime();
        List<Fix> stored = new ArrayList<>();
        int[] perItem = new int[batch.size()];
        try {
            store(batch, stored, perItem);
        } catch (SQLException | RuntimeException e) {
            log.warn("storing {} fixes failed; none acknowledged, devices will resend: {}", fixCount, e.toString());
            fail(batch, e);
            return;
        }
        commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        batchSize.record(fixCount);
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) instanceof Fixes f) {
                pending.addAndGet(-f.fixes().size());
                f.done().complete(perItem[i]);
            }
        }
        if (pending.get() < lowWater) {
            runDrainedCallbacks();
        }
        if (!stored.isEmpty()) {
            FixesStored event = new FixesStored(stored);
            try {
                delivery.execute(() -> publish(event));
            } catch (RejectedExecutionException e) {
                publish(event); // delivery shut down: deliver here rather than lose it
            }
        }
    }

    private void publish(FixesStored event) {
        try {
            events.publishEvent(event);
        } catch (RuntimeException e) {
            log.warn("a FixesStored listener failed", e);
        }
    }

    private void fail(List<Item> batch, Throwable cause) {
        for (Item i : batch) {
            if (i instanceof Fixes f && !f.done().isDone()) {
                pending.addAndGet(-f.fixes().size());
                f.done().completeExceptionally(cause);
            }
        }
        if (pending.get() < lowWater) {
            runDrainedCallbacks();
        }
    }

    private void store(List<Item> batch, List<Fix> stored, int[] perItem) throws SQLException {
        Map<String, State> states = new TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                boolean anyFix = false;
                try (PreparedStatement ps = c.prepareStatement(Sql.INSERT_FIX)) {
                    for (Item item : batch) {
                        if (item instanceof Fixes f) {
                            for (Fix fix : f.fixes()) {
                                Sql.bindFix(ps, fix);
                                ps.addBatch();
                                anyFix = true;
                                states.computeIfAbsent(fix.deviceId(), State::new).fix(fix);
                            }
                        } else if (item instanceof Contact ct) {
                            states.computeIfAbsent(ct.deviceId(), State::new).contact(ct);
                        }
                    }
                    if (anyFix) {
                        int[] counts = ps.executeBatch();
                        int k = 0;
                        for (int i = 0; i < batch.size(); i++) {
                            if (batch.get(i) instanceof Fixes f) {
                                int n = 0;
                                for (Fix fix : f.fixes()) {
                                    int count = counts[k++];
                                    if (count != 0) { // 1, or SUCCESS_NO_INFO on drivers that do not tell
                                        n++;
                                        stored.add(fix);
                                    }
                                }
                                perItem[i] = n;
                            }
                        }
                    }
                }
                updateStates(c, states.values());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(autoCommit);
                } catch (SQLException ignored) {
                    // the pool discards a broken connection
                }
            }
        }
    }

    private static void updateStates(Connection c, Iterable<State> states) throws SQLException {
        try (PreparedStatement row = c.prepareStatement(UPSERT_STATE_ROW);
             PreparedStatement fix = c.prepareStatement(UPDATE_STATE_FIX);
             PreparedStatement contact = c.prepareStatement(UPDATE_STATE_CONTACT)) {
            boolean anyFix = false;
            for (State s : states) {
                row.setString(1, s.deviceId);
                row.setObject(2, Sql.utc(s.lastContact));
                row.addBatch();
                if (s.newest != null) {
                    Fix f = s.newest;
                    fix.setObject(1, Sql.utc(f.deviceTime()));
                    fix.setObject(2, Sql.utc(f.serverTime()));
                    fix.setDouble(3, f.latitude());
                    fix.setDouble(4, f.longitude());
                    Sql.setDouble(fix, 5, f.altitude());
                    Sql.setDouble(fix, 6, f.speedKmh());
                    Sql.setDouble(fix, 7, f.course());
                    Sql.setInt(fix, 8, f.satellites());
                    Sql.setDouble(fix, 9, f.hdop());
                    Sql.setDouble(fix, 10, f.accuracyMeters());
                    fix.setBoolean(11, f.valid());
                    fix.setString(12, f.source() == null ? null : f.source().name());
                    fix.setString(13, Sql.alarms(f.alarms()));
                    Sql.setInt(fix, 14, f.batteryPercent());
                    Sql.setBool(fix, 15, f.externalPower());
                    Sql.setBool(fix, 16, f.charging());
                    fix.setString(17, f.strap() == null ? null : f.strap().name());
                    fix.setString(18, s.deviceId);
                    fix.setObject(19, Sql.utc(f.deviceTime()));
                    fix.addBatch();
                    anyFix = true;
                }
                contact.setObject(1, Sql.utc(s.lastContact));
                Sql.setInt(contact, 2, s.battery);
                Sql.setBool(contact, 3, s.externalPower);
                Sql.setBool(contact, 4, s.charging);
                contact.setString(5, s.strap == null ? null : s.strap.name());
                contact.setString(6, s.deviceId);
                contact.addBatch();
            }
            row.executeBatch();
            if (anyFix) {
                fix.executeBatch();
            }
            contact.executeBatch();
        }
    }

    /** What one batch says about one device. */
    private static final class State {
        final String deviceId;
        Instant lastContact;
        Fix newest;
        Integer battery;
        Boolean externalPower;
        Boolean charging;
        Fix.StrapState strap;

        State(String deviceId) {
            this.deviceId = deviceId;
        }

        void fix(Fix f) {
            seen(f.serverTime());
            if (newest == null || f.deviceTime().isAfter(newest.deviceTime())) {
                newest = f;
            }
        }

        void contact(Contact c) {
            seen(c.at());
            battery = c.battery() != null ? c.battery() : battery;
            externalPower = c.externalPower() != null ? c.externalPower() : externalPower;
            charging = c.charging() != null ? c.charging() : charging;
            strap = c.strap() != null ? c.strap() : strap;
        }

        private void seen(Instant t) {
            if (t != null && (lastContact == null || t.isAfter(lastContact))) {
                lastContact = t;
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        closed = true;
        Thread t = writer;
        if (t != null) {
            t.join(10_000);
        }
        delivery.shutdown();
        delivery.awaitTermination(5, TimeUnit.SECONDS);
    }
}
