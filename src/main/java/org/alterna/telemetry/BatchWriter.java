package org.alterna.telemetry;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.alterna.common.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Group commit: collects records (fixes, and device events: {@link Fix#status}) from every connection and stores them
 * in one transaction per batch, then completes each submitter's future. A batch starts as soon as something is pending
 * and takes everything pending (up to {@code max-size} records), so under load batches grow by themselves and at low
 * load a record waits only for its own commit. On PostgreSQL several writer threads ({@code writers}, each with its
 * own connection) pipeline the batches: the next batch is collected and sent while the previous one commits.
 *
 * <p>Callers acknowledge to the device only when their future completes normally: the records are then committed,
 * synchronously (on PostgreSQL the writer asks for {@code synchronous_commit = on} if the server is configured
 * otherwise). On a database error every future of the batch fails (nothing is acknowledged; devices resend) and the
 * writer keeps going. Fixes already stored (same device, device time, latitude, longitude) and device events already
 * stored (same device and device time) are skipped by the database, so resends are stored once, also when a resend
 * and its original are written by two writers at once (the second insert waits for the first to commit). Each
 * transaction inserts in one global key order, so concurrent writers never deadlock.
 *
 * <p>Every record gets its number in the {@link RecordLog} when its batch is collected (batches are consecutive runs
 * of the queue, numbered in order), and each batch is handed to the log once it and every earlier batch are settled:
 * consumers (supervision, the latest state of each device) follow the log, off this path. Nothing here waits for
 * them.
 *
 * <p>Memory is bounded: {@link #saturated()} tells producers to stop reading (they resume through {@link #onDrained});
 * beyond {@code capacity} pending records a submission waits, in order, for room — its acknowledgement is delayed,
 * never refused. (What waits is bounded by the producers: each connection stops reading while it has replies
 * pending.) The writer threads start on first use and stop (after draining) when the application context closes.
 */
@Service
public class BatchWriter implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
    private static final String INSERT_EVENT = "INSERT INTO device_event (seq, device_id, device_time, server_time, kind,"
            + " battery_percent, external_power, charging, strap, alarms, io) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
            + " ON CONFLICT DO NOTHING";

    private final DataSource dataSource;
    private final RecordLog recordLog;
    private final LatestStates latest;
    private final Clock clock;
    private final int maxBatch;
    private final int capacity;
    private final int highWater;
    private final int lowWater;
    private final long lingerNanos;
    private final int writerCount;
    private final Path holdFile;
    private final LinkedBlockingQueue<Records> queue = new LinkedBlockingQueue<>();
    /** Submissions waiting for room (beyond capacity), in arrival order; guarded by itself. */
    private final ArrayDeque<Records> parked = new ArrayDeque<>();
    /** Records in {@link #parked} (read without the lock by producers asking whether to stop reading). */
    private volatile int parkedRecords;
    /** One writer collects at a time, so batches are consecutive runs of the queue, numbered in order. */
    private final ReentrantLock collecting = new ReentrantLock();
    private long nextBatch;
    /** Settled batches waiting for an earlier one, by batch number. */
    private final TreeMap<Long, Settled> toSettle = new TreeMap<>();
    private long nextToSettle;
    private final AtomicInteger pending = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> drainedCallbacks = new ConcurrentLinkedQueue<>();
    private final Timer commitTimer;
    private final DistributionSummary batchSize;
    private final Timer waitTimer;
    private final Timer insertTimer;
    private final Timer txCommitTimer;
    private final boolean postgres;
    /** The server acknowledges commits before they are on disk: every batch asks for a synchronous commit. */
    private final boolean forceSynchronousCommit;
    private volatile List<Thread> writers;
    private volatile boolean closed;

    /** Records to store, with the submitter's future. */
    private record Records(List<Fix> fixes, CompletableFuture<Integer> done, long submittedAt) {
    }

    /** A batch's numbers [from, to] and what it stored for the first time. */
    private record Settled(long from, long to, List<LoggedRecord> stored) {
    }

    @Autowired
    BatchWriter(DataSource dataSource, RecordLog recordLog, LatestStates latest, Clock clock, MeterRegistry meters,
            TelemetrySettings settings) {
        int capacity = settings.batch().capacity();
        int writers = settings.batch().writers();
        this.dataSource = dataSource;
        this.recordLog = recordLog;
        this.latest = latest;
        this.clock = clock;
        this.maxBatch = settings.batch().maxSize();
        this.capacity = capacity;
        this.highWater = Math.max(1, capacity / 2);
        this.lowWater = Math.max(1, capacity / 4);
        this.lingerNanos = settings.batch().linger().toNanos();
        this.holdFile = settings.holdFile();
        this.postgres = Sql.isPostgres(dataSource);
        this.forceSynchronousCommit = postgres && !FixRows.commitsAreDurable(dataSource);
        // H2 commits one transaction at a time anyway; PostgreSQL overlaps one batch's commit with the next's work
        this.writerCount = writers > 0 ? writers : postgres ? 2 : 1;
        this.commitTimer = Timer.builder("alterna.telemetry.batch.commit")
                .description("Time to store one group-commit batch").publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram().register(meters);
        this.waitTimer = Timer.builder("alterna.telemetry.batch.wait")
                .description("Time records wait in the queue before their batch starts").publishPercentiles(0.5, 0.99)
                .register(meters);
        this.insertTimer = Timer.builder("alterna.telemetry.batch.phase").tag("phase", "insert")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.txCommitTimer = Timer.builder("alterna.telemetry.batch.phase").tag("phase", "commit")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.batchSize = DistributionSummary.builder("alterna.telemetry.batch.size")
                .description("Records per group-commit batch").baseUnit("records").register(meters);
        Gauge.builder("alterna.telemetry.batch.pending", pending, AtomicInteger::get)
                .description("Records waiting to be stored").register(meters);
    }

    /**
     * Queues records (fixes, device events) for the next commit; the future completes with the number stored for the
     * first time once they are committed, or fails (database error, shutting down). Records without a server time get
     * the current time (and device events without a time of their own, that time). Never blocks; beyond capacity the
     * records wait their turn.
     */
    public CompletableFuture<Integer> submit(List<Fix> fixes) {
        if (fixes.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        if (closed) {
            return CompletableFuture.failedFuture(new RejectedExecutionException("store is shutting down"));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Fix> stamped = new ArrayList<>(fixes.size());
        for (Fix f : fixes) {
            stamped.add(f.serverTime() == null ? f.received(now) : f.deviceTime() == null ? f.received(f.serverTime()) : f);
        }
        CompletableFuture<Integer> done = new CompletableFuture<>();
        ensureStarted();
        admit(new Records(stamped, done, System.nanoTime()));
        return done;
    }

    private void admit(Records r) {
        synchronized (parked) {
            int n = r.fixes().size();
            if (!parked.isEmpty() || pending.get() + n > capacity && pending.get() > 0) {
                parked.addLast(r); // in order: nothing overtakes a waiting submission
                parkedRecords += n;
                return;
            }
            pending.addAndGet(n);
            queue.add(r);
        }
    }

    /** Moves waiting submissions into the queue while there is room. */
    private void unpark() {
        synchronized (parked) {
            Records r;
            while ((r = parked.peekFirst()) != null
                    && (pending.get() + r.fixes().size() <= capacity || pending.get() == 0)) {
                parked.pollFirst();
                parkedRecords -= r.fixes().size();
                pending.addAndGet(r.fixes().size());
                queue.add(r);
            }
        }
    }

    /**
     * Records that the device was heard from, with any status it reported (nulls keep known values), for the latest
     * state only: not stored durably (statuses with alarm or state flags are device events, {@link #submit}).
     */
    public void contact(String deviceId, Integer battery, Boolean externalPower, Boolean charging,
            Fix.StrapState strap) {
        latest.contact(deviceId, clock.instant(), battery, externalPower, charging, strap);
    }

    /** True while so many records are pending that producers should stop reading from devices. */
    public boolean saturated() {
        return pending.get() >= highWater || parkedRecords > 0;
    }

    /** Runs {@code callback} once the pending records fall below the low-water mark (at once if already so). */
    public void onDrained(Runnable callback) {
        drainedCallbacks.add(callback);
        if (!saturated() && pending.get() < lowWater) {
            runDrainedCallbacks();
        }
    }

    /** True if the database acknowledges commits before they are durable and the writer overrides that. */
    boolean synchronousCommitForced() {
        return forceSynchronousCommit;
    }

    /** Records queued, waiting for room or being written. */
    public int pending() {
        return pending.get() + parkedRecords;
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
        List<Records> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            long number = -1;
            long from = 0;
            int count = 0;
            Settled outcome = null;
            try {
                holdWhileAsked();
                collecting.lockInterruptibly();
                try {
                    Records first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    count = first.fixes().size();
                    long deadline = System.nanoTime() + lingerNanos;
                    while (count < maxBatch) {
                        Records next = queue.poll();
                        if (next == null) {
                            long wait = deadline - System.nanoTime();
                            if (wait <= 0 || (next = queue.poll(wait, TimeUnit.NANOSECONDS)) == null) {
                                break;
                            }
                        }
                        batch.add(next);
                        count += next.fixes().size();
                    }
                    from = recordLog.allocate(count);
                    number = nextBatch++;
                } finally {
                    collecting.unlock();
                }
                outcome = write(batch, count, from);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(batch, e);
                break;
            } catch (Throwable t) {
                log.error("record batch writer failed unexpectedly; failing the batch", t);
                fail(batch, t);
            } finally {
                if (number >= 0) {
                    settle(number, outcome != null ? outcome : new Settled(from, from + count - 1, List.of()));
                }
                batch.clear();
            }
        }
        synchronized (parked) {
            queue.addAll(parked);
            parked.clear();
            parkedRecords = 0;
        }
        Records left;
        while ((left = queue.poll()) != null) {
            pending.addAndGet(-left.fixes().size());
            left.done().completeExceptionally(new RejectedExecutionException("store shut down"));
        }
    }

    /** Test hook ({@link TelemetrySettings#holdFile()}): waits, taking no batch, while the file exists. */
    private void holdWhileAsked() throws InterruptedException {
        while (holdFile != null && !closed && Files.exists(holdFile)) {
            Thread.sleep(20);
        }
    }

    /** Stores the batch; returns its numbers and the records stored for the first time (none if it failed). */
    private Settled write(List<Records> batch, int count, long from) {
        long start = System.nanoTime();
        for (Records r : batch) {
            waitTimer.record(start - r.submittedAt(), TimeUnit.NANOSECONDS);
        }
        long to = from + count - 1;
        List<Fix> all = new ArrayList<>(count);
        for (Records r : batch) {
            all.addAll(r.fixes());
        }
        boolean[] inserted;
        try {
            inserted = store(all, from);
        } catch (SQLException | RuntimeException e) {
            log.warn("storing {} records failed; none acknowledged, devices will resend: {}", count, e.toString());
            fail(batch, e);
            return new Settled(from, to, List.of());
        }
        commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        batchSize.record(count);
        List<LoggedRecord> stored = new ArrayList<>(count);
        int k = 0;
        for (Records r : batch) {
            int n = 0;
            for (Fix f : r.fixes()) {
                if (inserted[k]) {
                    n++;
                    stored.add(new LoggedRecord(from + k, f));
                }
                k++;
            }
            pending.addAndGet(-r.fixes().size());
            r.done().complete(n);
        }
        unpark();
        if (!saturated() && pending.get() < lowWater) {
            runDrainedCallbacks();
        }
        return new Settled(from, to, stored);
    }

    /**
     * Hands batch {@code number}'s outcome to the record log once every earlier
     * batch's was: the log sees batches in the order they were collected, i.e. in sequence-number order.
     */
    private void settle(long number, Settled outcome) {
        synchronized (toSettle) {
            if (number < nextToSettle) {
                return;
            }
            toSettle.put(number, outcome);
            Map.Entry<Long, Settled> first;
            while ((first = toSettle.firstEntry()) != null && first.getKey() == nextToSettle) {
                toSettle.pollFirstEntry();
                nextToSettle++;
                Settled s = first.getValue();
                recordLog.settled(s.from(), s.to(), s.stored());
            }
        }
    }

    private void fail(List<Records> batch, Throwable cause) {
        for (Records r : batch) {
            if (!r.done().isDone()) {
                pending.addAndGet(-r.fixes().size());
                r.done().completeExceptionally(cause);
            }
        }
        unpark();
        if (!saturated() && pending.get() < lowWater) {
            runDrainedCallbacks();
        }
    }

    /** Stores the batch (record i has number from + i) in one transaction; returns which were new. */
    private boolean[] store(List<Fix> all, long from) throws SQLException {
        int n = all.size();
        List<Fix> fixes = new ArrayList<>(n);
        List<Integer> fixAt = new ArrayList<>(n);
        List<Fix> events = new ArrayList<>();
        List<Integer> eventAt = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Fix f = all.get(i);
            if (f.hasPosition()) {
                fixes.add(f);
                fixAt.add(i);
            } else {
                events.add(f);
                eventAt.add(i);
            }
        }
        boolean[] inserted = new boolean[n];
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                if (forceSynchronousCommit) {
                    try (java.sql.Statement st = c.createStatement()) {
                        st.execute("SET LOCAL synchronous_commit = on");
                    }
                }
                long t0 = System.nanoTime();
                if (!fixes.isEmpty()) {
                    boolean[] ok = insertInKeyOrder(c, fixes, seqs(fixAt, from), FIX_ORDER, true);
                    for (int i = 0; i < ok.length; i++) {
                        inserted[fixAt.get(i)] = ok[i];
                    }
                }
                if (!events.isEmpty()) {
                    boolean[] ok = insertInKeyOrder(c, events, seqs(eventAt, from), EVENT_ORDER, false);
                    for (int i = 0; i < ok.length; i++) {
                        inserted[eventAt.get(i)] = ok[i];
                    }
                }
                long t1 = System.nanoTime();
                insertTimer.record(t1 - t0, TimeUnit.NANOSECONDS);
                c.commit();
                txCommitTimer.record(System.nanoTime() - t1, TimeUnit.NANOSECONDS);
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
        return inserted;
    }

    private static long[] seqs(List<Integer> at, long from) {
        long[] s = new long[at.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = from + at.get(i);
        }
        return s;
    }

    /** Key order of the fixes table: concurrent writers lock (new or duplicate) keys in the same order. */
    private static final Comparator<Fix> FIX_ORDER = (a, b) -> {
        int c = a.deviceId().compareTo(b.deviceId());
        if (c == 0) {
            c = a.deviceTime().compareTo(b.deviceTime());
        }
        if (c == 0) {
            c = Double.compare(a.latitude(), b.latitude());
        }
        return c != 0 ? c : Double.compare(a.longitude(), b.longitude());
    };
    private static final Comparator<Fix> EVENT_ORDER = (a, b) -> {
        int c = a.deviceId().compareTo(b.deviceId());
        return c != 0 ? c : a.deviceTime().compareTo(b.deviceTime());
    };

    /** Inserts in key order; returns, in the order of {@code records}, which were stored for the first time. */
    private boolean[] insertInKeyOrder(Connection c, List<Fix> records, long[] seq, Comparator<Fix> order,
            boolean fixes) throws SQLException {
        int n = records.size();
        // (record, position) pairs sorted by key, stable: of identical records the first copy wins
        Object[] pairs = new Object[n];
        for (int i = 0; i < n; i++) {
            pairs[i] = new Indexed(records.get(i), i);
        }
        Arrays.sort(pairs, (x, y) -> order.compare(((Indexed) x).fix, ((Indexed) y).fix));
        int[] idx = new int[n];
        List<Fix> sorted = new ArrayList<>(n);
        long[] sortedSeq = new long[n];
        for (int k = 0; k < n; k++) {
            Indexed p = (Indexed) pairs[k];
            idx[k] = p.index;
            sorted.add(p.fix);
            sortedSeq[k] = seq[p.index];
        }
        boolean[] insertedSorted = !fixes ? insertEvents(c, sorted, sortedSeq)
                : postgres ? PgBulk.insertFixes(c, sorted, sortedSeq) : insertBatch(c, sorted, sortedSeq);
        boolean[] inserted = new boolean[n];
        for (int k = 0; k < n; k++) {
            inserted[idx[k]] = insertedSorted[k];
        }
        return inserted;
    }

    private record Indexed(Fix fix, int index) {
    }

    /** Portable path: one JDBC batch; a row count of 0 means the fix was already stored. */
    private static boolean[] insertBatch(Connection c, List<Fix> fixes, long[] seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FixRows.INSERT_FIX)) {
            for (int i = 0; i < fixes.size(); i++) {
                FixRows.bindFix(ps, seq[i], fixes.get(i));
                ps.addBatch();
            }
            return inserted(ps.executeBatch(), fixes.size());
        }
    }

    private static boolean[] insertEvents(Connection c, List<Fix> events, long[] seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
            for (int i = 0; i < events.size(); i++) {
                Fix e = events.get(i);
                Object kind = e.io().get("type");
                ps.setLong(1, seq[i]);
                ps.setString(2, e.deviceId());
                ps.setObject(3, Sql.utc(e.deviceTime()));
                ps.setObject(4, Sql.utc(e.serverTime()));
                ps.setString(5, kind == null ? null : truncate(kind.toString(), 20));
                Sql.setInt(ps, 6, e.batteryPercent());
                Sql.setBool(ps, 7, e.externalPower());
                Sql.setBool(ps, 8, e.charging());
                ps.setString(9, e.strap() == null ? null : e.strap().name());
                ps.setString(10, FixRows.alarms(e.alarms()));
                ps.setString(11, e.io().isEmpty() ? null : FixRows.JSON.writeValueAsString(e.io()));
                ps.addBatch();
            }
            return inserted(ps.executeBatch(), events.size());
        }
    }

    private static boolean[] inserted(int[] counts, int n) {
        boolean[] inserted = new boolean[n];
        for (int i = 0; i < counts.length; i++) {
            inserted[i] = counts[i] != 0; // 1, or SUCCESS_NO_INFO on drivers that do not tell
        }
        return inserted;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
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
    }
}
