package org.alterna.telemetry;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.alterna.common.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Monthly partitions of {@code fixes} on PostgreSQL (created ahead: this month minus one up to three months on), and
 * the deletions the retention policy asks for (which fixes may go is decided by the data-protection capability, which
 * passes the condition for the fixes that must stay): whole monthly partitions are dropped when nothing in them must
 * stay, otherwise rows are deleted. On H2 (one table) rows are deleted. Partitions are ensured at startup;
 * {@link TelemetryJobs} repeats it daily.
 */
@Component
public class FixPartitions {
    private static final Logger log = LoggerFactory.getLogger(FixPartitions.class);
    static final int MONTHS_AHEAD = 3;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final boolean postgres;

    FixPartitions(DataSource dataSource, JdbcClient jdbc, Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.clock = clock;
        this.postgres = Sql.isPostgres(dataSource);
        ensurePartitions();
    }

    /** Creates the missing monthly partitions from last month to {@value #MONTHS_AHEAD} months ahead. */
    public synchronized void ensurePartitions() {
        if (!postgres) {
            return;
        }
        YearMonth now = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        for (YearMonth m = now.minusMonths(1); !m.isAfter(now.plusMonths(MONTHS_AHEAD)); m = m.plusMonths(1)) {
            try {
                ensurePartition(m);
            } catch (SQLException e) {
                log.error("cannot create fixes partition for {}", m, e);
            }
        }
    }

    static String partitionName(YearMonth m) {
        return String.format("fixes_p%04d%02d", m.getYear(), m.getMonthValue());
    }

    /**
     * Creates the month's partition if missing. Rows of that month already in the default partition are moved
     * into it in the same transaction, so creating a partition late never fails.
     */
    void ensurePartition(YearMonth m) throws SQLException {
        String name = partitionName(m);
        if (partitionExists(name)) {
            return;
        }
        String lo = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        String hi = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + name + " (LIKE fixes INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
                s.execute("WITH moved AS (DELETE FROM fixes_default WHERE device_time >= '" + lo + "' AND device_time < '"
                        + hi + "' RETURNING *) INSERT INTO " + name + " SELECT * FROM moved");
                s.execute("ALTER TABLE fixes ATTACH PARTITION " + name + " FOR VALUES FROM ('" + lo + "') TO ('" + hi + "')");
                c.commit();
                log.info("created fixes partition {} [{}, {})", name, lo, hi);
            } catch (SQLException e) {
                c.rollback();
                if (!partitionExists(name)) {
                    throw e;
                }
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private boolean partitionExists(String name) {
        return jdbc.sql("SELECT COUNT(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'fixes' AND c.relname = ?")
                .param(name).query(Long.class).single() > 0;
    }

    /** Monthly partitions that exist, by name, oldest first. */
    public List<String> partitions() {
        if (!postgres) {
            return List.of();
        }
        return jdbc.sql("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'fixes' AND c.relname LIKE 'fixes_p%'"
                + " ORDER BY c.relname").query(String.class).list();
    }

    /** What a purge removed: rows in total, and the monthly partitions dropped whole (their rows included). */
    public record Purged(long rows, List<String> partitionsDropped) {
        public static final Purged NONE = new Purged(0, List.of());

        public Purged plus(Purged other) {
            List<String> dropped = new java.util.ArrayList<>(partitionsDropped);
            dropped.addAll(other.partitionsDropped);
            return new Purged(rows + other.rows, List.copyOf(dropped));
        }
    }

    /**
     * Drops the monthly partitions that end before {@code before} and hold no fix matching {@code keep} (an SQL
     * condition on the fix aliased {@code f}, with named parameters): the cheap way to delete a month whose every
     * fix may go. PostgreSQL only; on H2 nothing is dropped.
     */
    public synchronized Purged dropPartitionsWithout(Instant before, String keep, Map<String, Object> params) {
        if (!postgres) {
            return Purged.NONE;
        }
        YearMonth limit = YearMonth.from(before.atZone(ZoneOffset.UTC));
        long rows = 0;
        List<String> dropped = new java.util.ArrayList<>();
        for (String p : partitions()) {
            YearMonth m = YearMonth.of(Integer.parseInt(p.substring(7, 11)), Integer.parseInt(p.substring(11, 13)));
            if (!m.isBefore(limit)) { // the month must end before the limit month starts
                continue;
            }
            JdbcClient.StatementSpec check = jdbc.sql("SELECT 1 FROM " + p + " f WHERE " + keep
                    + " FETCH FIRST 1 ROWS ONLY");
            for (Map.Entry<String, Object> e : params.entrySet()) {
                check = check.param(e.getKey(), e.getValue());
            }
            if (check.query(Integer.class).optional().isPresent()) {
                continue; // something in this month must stay: its other rows are deleted one by one
            }
            rows += jdbc.sql("SELECT COUNT(*) FROM " + p).query(Long.class).single();
            jdbc.sql("DROP TABLE " + p).update();
            dropped.add(p);
            log.info("retention: dropped fixes partition {} (every fix in it was due for deletion)", p);
        }
        return new Purged(rows, List.copyOf(dropped));
    }

    /**
     * Deletes the device's fixes with {@code from <= deviceTime < until} that do not match {@code keep} (SQL on
     * {@code f}; "1=0" keeps nothing); returns how many.
     */
    public long deleteFixes(String deviceId, Instant from, Instant until, String keep, Map<String, Object> params) {
        return deleteRecords("fixes", deviceId, from, until, keep, params);
    }

    /** As {@link #deleteFixes}, for the device's events (statuses without a position): same columns, same rule. */
    public long deleteEvents(String deviceId, Instant from, Instant until, String keep, Map<String, Object> params) {
        return deleteRecords("device_event", deviceId, from, until, keep, params);
    }

    private long deleteRecords(String table, String deviceId, Instant from, Instant until, String keep,
            Map<String, Object> params) {
        JdbcClient.StatementSpec delete = jdbc.sql("DELETE FROM " + table + " f WHERE f.device_id = :purge_device"
                + " AND f.device_time >= :purge_from AND f.device_time < :purge_until AND NOT (" + keep + ")")
                .param("purge_device", deviceId).param("purge_from", Sql.utc(from)).param("purge_until", Sql.utc(until));
        for (Map.Entry<String, Object> e : params.entrySet()) {
            delete = delete.param(e.getKey(), e.getValue());
        }
        return delete.update();
    }

    /** Deletes every fix older than {@code before} that does not match {@code keep} (SQL on {@code f}). */
    public long deleteOlderThan(Instant before, String keep, Map<String, Object> params) {
        return deleteOlder("fixes", before, keep, params);
    }

    /** As {@link #deleteOlderThan}, for device events. */
    public long deleteEventsOlderThan(Instant before, String keep, Map<String, Object> params) {
        return deleteOlder("device_event", before, keep, params);
    }

    private long deleteOlder(String table, Instant before, String keep, Map<String, Object> params) {
        JdbcClient.StatementSpec delete = jdbc.sql("DELETE FROM " + table + " f WHERE f.device_time < :purge_before"
                + " AND NOT (" + keep + ")").param("purge_before", Sql.utc(before));
        for (Map.Entry<String, Object> e : params.entrySet()) {
            delete = delete.param(e.getKey(), e.getValue());
        }
        return delete.update();
    }

    /**
     * Deletes the latest state of devices whose last contact is older than {@code before} and does not match
     * {@code keep} (SQL on the state aliased {@code s}); returns how many.
     */
    public long deleteLatestStates(Instant before, String keep, Map<String, Object> params) {
        JdbcClient.StatementSpec delete = jdbc.sql("DELETE FROM device_state s WHERE s.last_contact < :purge_before"
                + " AND NOT (" + keep + ")").param("purge_before", Sql.utc(before));
        for (Map.Entry<String, Object> e : params.entrySet()) {
            delete = delete.param(e.getKey(), e.getValue());
        }
        return delete.update();
    }
}
