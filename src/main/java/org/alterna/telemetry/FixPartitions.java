package org.alterna.telemetry;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Monthly partitions of {@code fixes} on PostgreSQL (created ahead: this month minus one up to three months on)
 * and retention ({@code alterna.telemetry.retention}, default 5 years, DS 012-2020-JUS): whole partitions older
 * than the retention are dropped; stray old rows in the default partition are deleted. On H2 (one table) old
 * rows are deleted. Partitions are ensured at startup; {@link TelemetryJobs} repeats both daily.
 */
@Component
public class FixPartitions {
    private static final Logger log = LoggerFactory.getLogger(FixPartitions.class);
    static final int MONTHS_AHEAD = 3;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration retention;
    private final boolean postgres;

    FixPartitions(DataSource dataSource, JdbcClient jdbc, Clock clock,
            @Value("${alterna.telemetry.retention:1826d}") Duration retention) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
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

    /** Deletes fixes older than the retention; returns what was done. */
    public synchronized String applyRetention() {
        Instant cutoff = clock.instant().minus(retention);
        int events = jdbc.sql("DELETE FROM device_event WHERE device_time < ?").param(Sql.utc(cutoff)).update();
        if (!postgres) {
            int n = jdbc.sql("DELETE FROM fixes WHERE device_time < ?").param(Sql.utc(cutoff)).update();
            return "deleted " + n + " fixes and " + events + " device events older than " + cutoff;
        }
        YearMonth cutoffMonth = YearMonth.from(cutoff.atZone(ZoneOffset.UTC));
        int dropped = 0;
        for (String p : partitions()) {
            YearMonth m = YearMonth.of(Integer.parseInt(p.substring(7, 11)), Integer.parseInt(p.substring(11, 13)));
            if (m.isBefore(cutoffMonth)) { // the whole month ends before the cutoff month starts
                jdbc.sql("DROP TABLE " + p).update();
                dropped++;
                log.info("retention: dropped fixes partition {} (older than {})", p, cutoff);
            }
        }
        int n = jdbc.sql("DELETE FROM fixes_default WHERE device_time < ?").param(Sql.utc(cutoff)).update();
        return "dropped " + dropped + " partitions, deleted " + n + " stray fixes and " + events
                + " device events older than " + cutoff;
    }
}
