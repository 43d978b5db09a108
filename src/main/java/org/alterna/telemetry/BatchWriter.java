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
import java.util.Arrays;
import java.util.Comparator;
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
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Group commit: collects fixes and status updates from every connection and stores them in one transaction per
 * batch, then completes each submitter's future. A batch starts as soon as something is pending and takes
 * everything pending (up to {@code max-size} fixes), so under load batches grow by themselves and at low load a
 * record waits only for its own commit. On PostgreSQL several writer threads ({@code writers}, each with its own
 * connection) pipeline the batches: the next batch is collected and sent while the previous one commits.
 *
 * <p>Callers acknowledge to the device only when their future completes normally: the fixes are then
 * committed, synchronously (on PostgreSQL the writer asks for {@code synchronous_commit = on} if the server
 * is configured otherwise). On a database error every future of the batch fails (nothing is acknowledged;
 * devices resend) and the writer keeps going. Fixes already stored (same device, device time, latitude,
 * longitude) are skipped by the database, so resends are stored once, also when a resend and its original
 * are written by two writers at once (the second insert waits for the first to commit). Each transaction
 * takes its row locks in one global order (fixes by key, device states by device id), so concurrent writers
 * never deadlock.
 *
 * <p>Memory is bounded: {@link #saturated()} tells producers to stop reading (they resume through
 * {@link #onDrained}); beyond {@code capacity} pending fixes, {@link #submit} fails at once.
 *
 * <p>After each commit, the newly stored fixes are published as {@link FixesStored} on a delivery thread, in
 * the order the batches were collected, after the batch's futures completed (listeners never delay that
 * batch's acknowledgements). The writer threads start on first use and stop (after draining) when the
 * application context closes.
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
    private final int writerCount;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    /** One writer collects at a time, so batches are consecutive runs of the queue, numbered in order. */
    private final ReentrantLock collecting = new ReentrantLock();
    private long nextBatch;
    /** Events of committed batches waiting for an earlier batch, by batch number (EMPTY: nothing to publish). */
    private final TreeMap<Long, FixesStored> toPublish = new TreeMap<>();
    private long nextToPublish;
    private final AtomicInteger pending = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> drainedCallbacks = new ConcurrentLinkedQueue<>();
    private final ThreadPoolExecutor delivery;
    private final Timer commitTimer;
    private final DistributionSummary batchSize;
    private final Timer waitTimer;
    private final Timer insertTimer;
    private final Timer stateTimer;
    private final Timer txCommitTimer;
    private final boolean postgres;
    /** The server acknowledges commits before they are on disk: every batch asks for a synchronous commit. */
    private final boolean forceSynchronousCommit;
    private volatile List<Thread> writers;
    private volatile boolean closed;
    private static final FixesStored EMPTY = new FixesStored(List.of());

    /** Something to store: fixes (with a future) or a device's contact/status (fire and forget). */
    private sealed interface Item permits Fixes, Contact {
    }

    private record Fixes(List<Fix> fixes, CompletableFuture<Integer> done, long submittedAt) implements Item {
    }

    private record Contact(String deviceId, Instant at, Integer battery, Boolean externalPower, Boolean charging,
            Fix.StrapState strap) implements Item {
    }

    BatchWriter(DataSource dataSource, ApplicationEventPublisher events, Clock clock, MeterRegistry meters,
            @Value("${alterna.telemetry.batch.max-size:5000}") int maxBatch,
            @Value("${alterna.telemetry.batch.capacity:100000}") int capacity,
            @Value("${alterna.telemetry.batch.linger:0ms}") Duration linger,
            @Value("${alterna.telemetry.batch.writers:0}") int writers) {
        this.dataSource = dataSource;
        this.events = events;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.capacity = capacity;
        this.highWater = Math.max(1, capacity / 2);
        this.lowWater = Math.max(1, capacity / 4);
        this.lingerNanos = linger.toNanos();
        this.postgres = Sql.isPostgres(dataSource);
        this.forceSynchronousCommit = postgres && !Sql.commitsAreDurable(dataSource);
        // H2 commits one transaction at a time anyway; PostgreSQL overlaps one batch's commit with the next's work
        this.writerCount = writers > 0 ? writers : postgres ? 2 : 1;
        this.delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1000),
                r -> {
                    Thread t = new Thread(r, "fixes-stored-delivery");
                    t.setDaemon(true);
                    return t;
                }, (r, executor) -> {
                    // listeners behind: wait for room (back-pressure on new batches; this batch is acknowledged)
                    if (executor.isShutdown()) {
                        r.run();
                        return;
                    }
                    try {
                        executor.getQueue().put(r);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        r.run();
                    }
                });
        this.commitTimer = Timer.builder("alterna.telemetry.batch.commit")
                .description("Time to store one group-commit batch").publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram().register(meters);
        this.waitTimer = Timer.builder("alterna.telemetry.batch.wait")
                .description("Time fixes wait in the queue before their batch starts").publishPercentiles(0.5, 0.99)
                .register(meters);
        this.insertTimer = Timer.builder("alterna.telemetry.batch.phase").tag("phase", "insert")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.stateTimer = Timer.builder("alterna.telemetry.batch.phase").tag("phase", "state")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.txCommitTimer = Timer.builder("alterna.telemetry.batch.phase").tag("phase", "commit")
                .publishPercentiles(0.5, 0.99).register(meters);
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
        queue.add(new Fixes(stamped, done, System.nanoTime()));
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

    /** True if the database acknowledges commits before they are durable and the writer overrides that. */
    boolean synchronousCommitForced() {
        return forceSynchronousCommit;
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
        if (writers == null) {
            synchronized (this) {
                if (writers == null && !closed) {
                    List<Thread> threads = new ArrayList<>();
                    for (int i = 0; i < writerCount; i++) {
                        Thread t = new Thread(this::run, "fix-batch-writer-" + i);
                        t.setDaemon(true);
                        threads.add(t);
                    }
                    writers = threads;
                    threads.forEach(Thread::start);
                }
            }
        }
    }

    private void run() {
        List<Item> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            long number = -1;
            try {
                int fixes = 0;
                collecting.lockInterruptibly();
                try {
                    Item first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    fixes = size(first);
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
                    number = nextBatch++;
                } finally {
                    collecting.unlock();
                }
                write(number, batch, fixes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(batch, e);
                break;
            } catch (Throwable t) {
                log.error("fix batch writer failed unexpectedly; failing the batch", t);
                fail(batch, t);
            } finally {
                batch.clear();
                if (number >= 0) {
                    published(number, null); // no-op if write() already handed its event over
                }
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

    private void write(long number, List<Item> batch, int fixCount) {
        long start = System.nanoTime();
        for (Item i : batch) {
            if (i instanceof Fixes f) {
                waitTimer.record(start - f.submittedAt(), TimeUnit.NANOSECONDS);
            }
        }
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
        published(number, stored.isEmpty() ? EMPTY : new FixesStored(stored));
    }

    /**
     * Hands batch {@code number}'s event (EMPTY: none; null: none, unless already given) to the delivery thread
     * once every earlier batch's was: listeners see fixes in the order they were collected.
     */
    private void published(long number, FixesStored event) {
        synchronized (toPublish) {
            if (number < nextToPublish || (event == null && toPublish.containsKey(number))) {
                return;
            }
            toPublish.put(number, event == null ? EMPTY : event);
            Map.Entry<Long, FixesStored> first;
            while ((first = toPublish.firstEntry()) != null && first.getKey() == nextToPublish) {
                toPublish.pollFirstEntry();
                nextToPublish++;
                FixesStored e = first.getValue();
                if (e != EMPTY) {
                    delivery.execute(() -> publish(e));
                }
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
                if (forceSynchronousCommit) {
                    try (java.sql.Statement st = c.createStatement()) {
                        st.execute("SET LOCAL synchronous_commit = on");
                    }
                }
                List<Fix> all = new ArrayList<>();
                for (Item item : batch) {
                    if (item instanceof Fixes f) {
                        for (Fix fix : f.fixes()) {
                            all.add(fix);
                            states.computeIfAbsent(fix.deviceId(), State::new).fix(fix);
                        }
                    } else if (item instanceof Contact ct) {
                        states.computeIfAbsent(ct.deviceId(), State::new).contact(ct);
                    }
                }
                long t0 = System.nanoTime();
                if (!all.isEmpty()) {
                    boolean[] inserted = insertInKeyOrder(c, all);
                    int k = 0;
                    for (int i = 0; i < batch.size(); i++) {
                        if (batch.get(i) instanceof Fixes f) {
                            int n = 0;
                            for (Fix fix : f.fixes()) {
                                if (inserted[k++]) {
                                    n++;
                                    stored.add(fix);
                                }
                            }
                            perItem[i] = n;
                        }
                    }
                }
                long t1 = System.nanoTime();
                insertTimer.record(t1 - t0, TimeUnit.NANOSECONDS);
                if (postgres) {
                    updateStatesPg(c, new ArrayList<>(states.values()));
                } else {
                    updateStates(c, states.values());
                }
                long t2 = System.nanoTime();
                stateTimer.record(t2 - t1, TimeUnit.NANOSECONDS);
                c.commit();
                txCommitTimer.record(System.nanoTime() - t2, TimeUnit.NANOSECONDS);
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

    /** Key order of the fixes table: concurrent writers lock (new or duplicate) keys in the same order. */
    private static final Comparator<Fix> KEY_ORDER = Comparator.comparing(Fix::deviceId)
            .thenComparing(Fix::deviceTime).thenComparingDouble(Fix::latitude).thenComparingDouble(Fix::longitude);

    /** Inserts in key order; returns, in the order of {@code fixes}, which were stored for the first time. */
    private boolean[] insertInKeyOrder(Connection c, List<Fix> fixes) throws SQLException {
        int n = fixes.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> KEY_ORDER.compare(fixes.get(a), fixes.get(b))); // stable: the first copy wins
        List<Fix> sorted = new ArrayList<>(n);
        for (Integer i : order) {
            sorted.add(fixes.get(i));
        }
        boolean[] insertedSorted = postgres ? PgBulk.insertFixes(c, sorted) : insertBatch(c, sorted);
        boolean[] inserted = new boolean[n];
        for (int k = 0; k < n; k++) {
            inserted[order[k]] = insertedSorted[k];
        }
        return inserted;
    }

    /** Portable path: one JDBC batch; a row count of 0 means the fix was already stored. */
    private static boolean[] insertBatch(Connection c, List<Fix> fixes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(Sql.INSERT_FIX)) {
            for (Fix fix : fixes) {
                Sql.bindFix(ps, fix);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            boolean[] inserted = new boolean[fixes.size()];
            for (int i = 0; i < counts.length; i++) {
                inserted[i] = counts[i] != 0; // 1, or SUCCESS_NO_INFO on drivers that do not tell
            }
            return inserted;
        }
    }

    private static final String PG_STATE_CONTACT = "INSERT INTO device_state AS s (device_id, last_contact,"
            + " battery_percent, external_power, charging, strap) SELECT * FROM unnest(?::varchar[],"
            + " ?::text[]::timestamptz[], ?::int4[], ?::bool[], ?::bool[], ?::varchar[]) ON CONFLICT (device_id) DO UPDATE"
            + " SET last_contact = GREATEST(s.last_contact, EXCLUDED.last_contact),"
            + " battery_percent = COALESCE(EXCLUDED.battery_percent, s.battery_percent),"
            + " external_power = COALESCE(EXCLUDED.external_power, s.external_power),"
            + " charging = COALESCE(EXCLUDED.charging, s.charging), strap = COALESCE(EXCLUDED.strap, s.strap)";
    private static final String PG_STATE_FIX = "UPDATE device_state s SET fix_device_time = u.t, fix_server_time = u.st,"
            + " latitude = u.lat, longitude = u.lon, altitude = u.alt, speed_kmh = u.speed, course = u.course,"
            + " satellites = u.sats, hdop = u.hdop, accuracy_m = u.acc, valid = u.valid, source = u.source,"
            + " alarms = u.alarms, battery_percent = COALESCE(u.battery, s.battery_percent),"
            + " external_power = COALESCE(u.power, s.external_power), charging = COALESCE(u.charging, s.charging),"
            + " strap = COALESCE(u.strap, s.strap) FROM unnest(?::varchar[], ?::text[]::timestamptz[],"
            + " ?::text[]::timestamptz[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::int4[],"
            + " ?::float8[], ?::float8[], ?::bool[], ?::varchar[], ?::varchar[], ?::int4[], ?::bool[], ?::bool[],"
            + " ?::varchar[]) AS u(device_id, t, st, lat, lon, alt, speed, course, sats, hdop, acc, valid, source, alarms,"
            + " battery, power, charging, strap) WHERE s.device_id = u.device_id"
            + " AND (s.fix_device_time IS NULL OR s.fix_device_time < u.t)";

    /** PostgreSQL: the same state updates as {@link #updateStates}, two statements per batch. */
    private static void updateStatesPg(Connection c, List<State> states) throws SQLException {
        int n = states.size();
        String[] ids = new String[n];
        String[] contact = new String[n];
        Integer[] battery = new Integer[n];
        Boolean[] power = new Boolean[n];
        Boolean[] charging = new Boolean[n];
        String[] strap = new String[n];
        for (int i = 0; i < n; i++) {
            State s = states.get(i);
            ids[i] = s.deviceId;
            contact[i] = s.lastContact.toString();
            battery[i] = s.battery;
            power[i] = s.externalPower;
            charging[i] = s.charging;
            strap[i] = s.strap == null ? null : s.strap.name();
        }
        try (PreparedStatement ps = c.prepareStatement(PG_STATE_CONTACT)) {
            ps.setArray(1, c.createArrayOf("varchar", ids));
            ps.setArray(2, c.createArrayOf("text", contact));
            ps.setArray(3, c.createArrayOf("int4", battery));
            ps.setArray(4, c.createArrayOf("bool", power));
            ps.setArray(5, c.createArrayOf("bool", charging));
            ps.setArray(6, c.createArrayOf("varchar", strap));
            ps.executeUpdate();
        }
        List<Fix> newest = states.stream().map(s -> s.newest).filter(java.util.Objects::nonNull).toList();
        if (newest.isEmpty()) {
            return;
        }
        int m = newest.size();
        Object[][] cols = new Object[18][];
        String[] types = {"varchar", "text", "text", "float8", "float8", "float8", "float8", "float8", "int4", "float8",
                "float8", "bool", "varchar", "varchar", "int4", "bool", "bool", "varchar"};
        cols[0] = new String[m];
        cols[1] = new String[m];
        cols[2] = new String[m];
        for (int k : new int[] {3, 4, 5, 6, 7, 9, 10}) {
            cols[k] = new Double[m];
        }
        cols[8] = new Integer[m];
        cols[11] = new Boolean[m];
        cols[12] = new String[m];
        cols[13] = new String[m];
        cols[14] = new Integer[m];
        cols[15] = new Boolean[m];
        cols[16] = new Boolean[m];
        cols[17] = new String[m];
        for (int i = 0; i < m; i++) {
            Fix f = newest.get(i);
            cols[0][i] = f.deviceId();
            cols[1][i] = f.deviceTime().toString();
            cols[2][i] = f.serverTime().toString();
            cols[3][i] = f.latitude();
            cols[4][i] = f.longitude();
            cols[5][i] = f.altitude();
            cols[6][i] = f.speedKmh();
            cols[7][i] = f.course();
            cols[8][i] = f.satellites();
            cols[9][i] = f.hdop();
            cols[10][i] = f.accuracyMeters();
            cols[11][i] = f.valid();
            cols[12][i] = f.source() == null ? null : f.source().name();
            cols[13][i] = Sql.alarms(f.alarms());
            cols[14][i] = f.batteryPercent();
            cols[15][i] = f.externalPower();
            cols[16][i] = f.charging();
            cols[17][i] = f.strap() == null ? null : f.strap().name();
        }
        try (PreparedStatement ps = c.prepareStatement(PG_STATE_FIX)) {
            for (int k = 0; k < cols.length; k++) {
                ps.setArray(k + 1, c.createArrayOf(types[k], cols[k]));
            }
            ps.executeUpdate();
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
        List<Thread> ts = writers;
        if (ts != null) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (Thread t : ts) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        }
        delivery.shutdown();
        delivery.awaitTermination(5, TimeUnit.SECONDS);
    }
}
