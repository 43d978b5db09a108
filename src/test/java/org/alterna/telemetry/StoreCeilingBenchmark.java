package org.alterna.telemetry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.alterna.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;

/**
 * The ceiling the store is measured against (not a test): what the database itself can insert on this machine — one
 * thread, a plain JDBC batch insert of fix rows ({@code INSERT ... ON CONFLICT DO NOTHING}, every column of a Teltonika
 * record including its IO as JSON) into the migrated {@code fixes} table, a commit every N rows, durable commits
 * (H2 file with WRITE_DELAY=0; PostgreSQL with synchronous_commit on). Prints rows/s for each commit size.
 * Arguments: {@code h2|postgres [rows=200000] [commitEvery=50,100,250] [main|log]}: {@code main}, the schema before
 * the record log (migrations up to V7: a fix row without its log number); {@code log}, the current schema (every
 * migration; the row carries its number, on H2 as the primary key, on PostgreSQL with a BRIN index). See
 * docs/benchmarks.md.
 */
public final class StoreCeilingBenchmark {
    private StoreCeilingBenchmark() {
    }

    public static void main(String[] a) throws Exception {
        String db = a.length > 0 ? a[0] : "h2";
        int rows = a.length > 1 ? Integer.parseInt(a[1]) : 200_000;
        String[] sizes = (a.length > 2 ? a[2] : "50,100,250").split(",");
        boolean withLog = a.length > 3 && a[3].equals("log");
        for (String size : sizes) {
            int every = Integer.parseInt(size.trim());
            String url;
            String user;
            String password;
            Path tmp = null;
            if (db.equals("h2")) {
                tmp = Files.createTempDirectory("alterna-ceiling");
                url = "jdbc:h2:file:" + tmp.resolve("alterna")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
                user = "sa";
                password = "";
            } else {
                String[] pg = TestPostgres.newDatabase();
                url = pg[0];
                user = pg[1];
                password = pg[2];
            }
            var flyway = Flyway.configure().dataSource(url, user, password)
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + (db.equals("h2") ? "h2" : "postgresql"));
            if (!withLog) {
                flyway = flyway.target("7");
            }
            flyway.load().migrate();
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                if (!db.equals("h2")) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET synchronous_commit = on");
                        YearMonth m = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
                        for (int i = 0; i < 2; i++, m = m.plusMonths(1)) {
                            s.execute("CREATE TABLE IF NOT EXISTS fixes_c" + i + " PARTITION OF fixes FOR VALUES FROM ('"
                                    + m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant() + "') TO ('"
                                    + m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant() + "')");
                        }
                    }
                }
                run(c, Math.min(rows, 20_000), every, 0, withLog); // warm-up
                long start = System.nanoTime();
                run(c, rows, every, 1, withLog);
                double s = (System.nanoTime() - start) / 1e9;
                System.out.printf("CEILING %s schema %s, commit every %d rows: %.0f rows/s (%d rows in %.1f s), load %.2f%n",
                        db, withLog ? "log" : "main", every,
                        rows / s, rows, s, java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                .getSystemLoadAverage());
            }
        }
    }

    private static void run(Connection c, int rows, int every, int pass, boolean withLog) throws Exception {
        c.setAutoCommit(false);
        String sql = withLog ? FixRows.INSERT_FIX
                : "INSERT INTO fixes (" + FixRows.FIX_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT DO NOTHING";
        int o = withLog ? 1 : 0;
        long base = Instant.now().minusSeconds(7 * 86_400).toEpochMilli() / 1000 * 1000;
        String io = new String("{\"io66\":12800,\"io113\":87,\"io116\":0,\"io21\":4,\"io69\":1}".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int inBatch = 0;
            for (int i = 0; i < rows; i++) {
                int device = i % 1000;
                if (withLog) {
                    ps.setLong(1, (long) pass * 10_000_000L + i + 1);
                }
                long t = base + (long) (i / 1000) * 1000 + pass * 3_600_000L;
                ps.setString(1 + o, "35900000000" + (1000 + device));
                ps.setObject(2 + o, OffsetDateTime.ofInstant(Instant.ofEpochMilli(t), ZoneOffset.UTC));
                ps.setObject(3 + o, OffsetDateTime.ofInstant(Instant.ofEpochMilli(t + 1500), ZoneOffset.UTC));
                ps.setDouble(4 + o, -12.05 + device * 1e-4 + i * 1e-7);
                ps.setDouble(5 + o, -77.04 - device * 1e-4);
                ps.setDouble(6 + o, 150.0);
                ps.setDouble(7 + o, 12.5);
                ps.setDouble(8 + o, 90.0);
                ps.setInt(9 + o, 9);
                ps.setDouble(10 + o, 1.1);
                ps.setNull(11 + o, java.sql.Types.DOUBLE);
                ps.setBoolean(12 + o, true);
                ps.setString(13 + o, "GPS");
                ps.setInt(14 + o, 87);
                ps.setBoolean(15 + o, true);
                ps.setBoolean(16 + o, false);
                ps.setNull(17 + o, java.sql.Types.VARCHAR);
                ps.setNull(18 + o, java.sql.Types.VARCHAR);
                ps.setString(19 + o, io);
                ps.addBatch();
                if (++inBatch == every) {
                    ps.executeBatch();
                    c.commit();
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                ps.executeBatch();
                c.commit();
            }
        }
    }

}
