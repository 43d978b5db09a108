package org.alterna.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.alterna.common.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/**
 * The record log: every stored fix and device event in one order, numbered by the store as it takes them from the
 * devices' messages (a sequence number per record, {@link LoggedRecord#seq()}), kept in the database with the record
 * itself ({@code fixes.seq}, {@code device_event.seq}). Consumers (supervision, the latest-state view) follow it with a
 * cursor of their own, saved in their own transactions ({@link LogCursor}).
 *
 * <p>Why not "the rows with a sequence number above my cursor": with several writers a transaction may commit after
 * one holding a higher number, so a reader would skip it. Here the store numbers records when it collects a batch and
 * hands each batch to the log only once it and every earlier batch are settled (committed or failed), so a
 * subscriber sees a gap-free, ordered stream: in memory while it keeps up, and read back from the database (the
 * settled range of the batches it could not buffer) when it falls behind — a slow consumer never holds up the store.
 * A restart reads the records between a cursor and {@link #startSeq()} (everything stored before this process) from
 * the database; numbers of this process are all above it. Numbers are taken from the database in blocks
 * ({@code record_seq_block}), so they increase across restarts; gaps (failed batches, resends stored once) are
 * normal.
 */
@Component
public class RecordLog {
    private static final Logger log = LoggerFactory.getLogger(RecordLog.class);
    /** Sequence numbers reserved per database round trip. */
    static final long BLOCK = 1L << 20;
    private static final String FIX_QUERY = "SELECT seq, " + FixRows.FIX_COLUMNS
            + " FROM fixes WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?";
    private static final String EVENT_QUERY = "SELECT seq, device_id, device_time, server_time, battery_percent,"
            + " external_power, charging, strap, alarms, io FROM device_event WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?";

    private final DataSource dataSource;
    private long startSeq = -1;
    private long next;
    private long blockEnd;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Counter dropped;

    RecordLog(DataSource dataSource, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.dropped = Counter.builder("alterna.telemetry.log.live-dropped")
                .description("Records a best-effort live subscriber could not keep up with").register(meters);
    }

    /** The first sequence number of this process: every record below it was stored before it started. */
    public synchronized long startSeq() {
        if (startSeq < 0) {
            next = nextBlock();
            blockEnd = next + BLOCK;
            startSeq = next;
        }
        return startSeq;
    }

    /** Reserves {@code n} consecutive sequence numbers; returns the first. Called by the store, in batch order. */
    synchronized long allocate(int n) {
        startSeq();
        if (next + n > blockEnd) {
            next = nextBlock();
            blockEnd = next + BLOCK;
        }
        long first = next;
        next += n;
        return first;
    }

    private long nextBlock() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT nextval('record_seq_block')"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) * BLOCK;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reserve record sequence numbers", e);
        }
    }

    /**
     * Batch [from, to] is settled: {@code stored} are its records stored for the first time (none if it failed), in
     * sequence order. Called by the store in sequence order, once per batch, never blocking.
     */
    void settled(long from, long to, List<LoggedRecord> stored) {
        for (Subscription s : subscriptions) {
            s.offer(from, to, stored);
        }
    }

    /**
     * Follows the log from now on without loss: records of this process's batches, in sequence order. At most
     * {@code maxBuffered} records are kept in memory; beyond that the subscriber reads them back from the database.
     */
    public Subscription subscribe(String name, int maxBuffered) {
        Subscription s = new Subscription(name, maxBuffered, true);
        subscriptions.add(s);
        return s;
    }

    /** Follows the log for live views: when the subscriber falls {@code maxBuffered} records behind, it misses some. */
    public Subscription subscribeLive(String name, int maxBuffered) {
        Subscription s = new Subscription(name, maxBuffered, false);
        subscriptions.add(s);
        return s;
    }

    /**
     * Stored records with {@code after < seq <= upTo}, in sequence order, at most about {@code limit} of them: the
     * returned delivery's {@link Delivery#upTo()} says how far it covers (read on from there).
     */
    public Delivery read(long after, long upTo, int limit) {
        if (upTo <= after) {
            return new Delivery(upTo, List.of());
        }
        try (Connection c = dataSource.getConnection()) {
            List<LoggedRecord> fixes = new ArrayList<>();
            List<LoggedRecord> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(FIX_QUERY)) {
                ps.setLong(1, after);
                ps.setLong(2, upTo);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fixes.add(new LoggedRecord(rs.getLong("seq"), FixRows.readFix(rs)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(EVENT_QUERY)) {
                ps.setLong(1, after);
                ps.setLong(2, upTo);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new LoggedRecord(rs.getLong("seq"), readEvent(rs)));
                    }
                }
            }
            long bound = upTo;
            if (fixes.size() >= limit) {
                bound = Math.min(bound, fixes.get(fixes.size() - 1).seq());
            }
            if (events.size() >= limit) {
                bound = Math.min(bound, events.get(events.size() - 1).seq());
            }
            List<LoggedRecord> merged = new ArrayList<>(fixes.size() + events.size());
            int i = 0;
            int j = 0;
            while (i < fixes.size() || j < events.size()) {
                LoggedRecord next;
                if (j >= events.size() || i < fixes.size() && fixes.get(i).seq() < events.get(j).seq()) {
                    next = fixes.get(i++);
                } else {
                    next = events.get(j++);
                }
                if (next.seq() > bound) {
                    break;
                }
                merged.add(next);
            }
            return new Delivery(bound, merged);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the record log after " + after, e);
        }
    }

    /** The highest sequence number stored so far (0 if none): where a consumer without a cursor starts. */
    public long storedHead() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT GREATEST(COALESCE((SELECT MAX(seq) FROM fixes), 0), COALESCE((SELECT MAX(seq) FROM device_event), 0))");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the record log", e);
        }
    }

    private static Fix readEvent(ResultSet rs) throws SQLException {
        String io = rs.getString("io");
        Map<String, Object> ioMap = io == null ? Map.of()
                : FixRows.JSON.readValue(io, new TypeReference<java.util.LinkedHashMap<String, Object>>() { });
        ioMap.values().removeIf(java.util.Objects::isNull);
        String strap = rs.getString("strap");
        java.time.Instant server = Sql.instant(rs, "server_time");
        java.time.Instant device = Sql.instant(rs, "device_time");
        return Fix.status(rs.getString("device_id"), device, Sql.intOrNull(rs, "battery_percent"),
                Sql.boolOrNull(rs, "external_power"), Sql.boolOrNull(rs, "charging"),
                strap == null ? null : Fix.StrapState.valueOf(strap), FixRows.alarms(rs.getString("alarms")), ioMap)
                .received(server);
    }

    /** What a subscriber gets: the records after its previous delivery up to {@code upTo}, which are all settled. */
    public record Delivery(long upTo, List<LoggedRecord> records) {
    }

    /** One consumer's place in the log. Taken by one thread. */
    public final class Subscription {
        private final String name;
        private final int maxBuffered;
        private final boolean lossless;
        private final ArrayDeque<Entry> entries = new ArrayDeque<>();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition available = lock.newCondition();
        private long buffered;
        private volatile boolean closed;

        /** [from, to] with the stored records, or records null: to be read from the database. */
        private static final class Entry {
            long from;
            long to;
            final List<LoggedRecord> records;

            Entry(long from, long to, List<LoggedRecord> records) {
                this.from = from;
                this.to = to;
                this.records = records;
            }
        }

        Subscription(String name, int maxBuffered, boolean lossless) {
            this.name = name;
            this.maxBuffered = maxBuffered;
            this.lossless = lossless;
        }

        void offer(long from, long to, List<LoggedRecord> stored) {
            if (closed) {
                return;
            }
            lock.lock();
            try {
                Entry last = entries.peekLast();
                boolean fits = buffered + stored.size() <= maxBuffered;
                if (!fits && !lossless) {
                    dropped.increment(stored.size());
                    stored = List.of();
                    fits = true;
                }
                if (stored.isEmpty() && last != null && (last.records == null || last.records.isEmpty())) {
                    last.to = to; // nothing new to hand over: the settled position moves on
                } else if (!fits) {
                    if (last != null && last.records == null) {
                        last.to = to;
                    } else {
                        entries.addLast(new Entry(from, to, null));
                        log.debug("{} fell {} records behind the store; reading from the database", name, buffered);
                    }
                } else {
                    entries.addLast(new Entry(from, to, stored));
                    buffered += stored.size();
                }
                available.signal();
            } finally {
                lock.unlock();
            }
        }

        /** The next delivery, waiting up to {@code timeout} for one; null if none came. */
        public Delivery poll(long timeout, TimeUnit unit) throws InterruptedException {
            Entry e;
            lock.lock();
            try {
                long nanos = unit.toNanos(timeout);
                while ((e = entries.peekFirst()) == null) {
                    if (nanos <= 0 || closed) {
                        return null;
                    }
                    nanos = available.awaitNanos(nanos);
                }
                if (e.records != null) {
                    entries.pollFirst();
                    buffered -= e.records.size();
                    return new Delivery(e.to, e.records);
                }
            } finally {
                lock.unlock();
            }
            // behind: read this range back from the database (settled, so complete), a chunk at a time
            Delivery d = read(e.from - 1, e.to, 10_000);
            lock.lock();
            try {
                if (d.upTo() >= e.to) {
                    entries.pollFirst();
                } else {
                    e.from = d.upTo() + 1;
                }
            } finally {
                lock.unlock();
            }
            return d;
        }

        /** Records waiting in memory for this subscriber. */
        public long buffered() {
            return buffered;
        }

        public void close() {
            closed = true;
            subscriptions.remove(this);
            lock.lock();
            try {
                entries.clear();
                buffered = 0;
                available.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
