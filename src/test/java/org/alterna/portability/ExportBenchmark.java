package org.alterna.portability;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.alterna.audit.InstallationKey;
import org.alterna.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Export throughput and memory: N fixes (default 10 million, 100 devices at one fix a minute) in a fresh PostgreSQL
 * (the server of ALTERNA_TEST_PG_URL, or embedded) or H2 file database, exported to a file while the used heap is
 * sampled every 50 ms. Run with a small heap (-Xmx256m) to show that rows stream. Not a test; see docs/benchmarks.md.
 * <pre>java -Xmx256m -cp "$CP" org.alterna.portability.ExportBenchmark postgres|h2|JDBC-URL [fixes] [file|-]</pre>
 * A JDBC URL names a database an earlier run seeded (it is never dropped): it is exported again without seeding.
 */
public final class ExportBenchmark {
    private ExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "postgres";
        long n = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        String target = args.length > 2 ? args[2] : "/tmp/alterna-export-benchmark.zip";
        DataSource ds;
        Path h2 = null;
        boolean seeded = db.startsWith("jdbc:");
        if (seeded) {
            // a database this benchmark seeded before (its fixes are kept): export it again without seeding
            ds = new DriverManagerDataSource(db, System.getenv().getOrDefault("ALTERNA_TEST_PG_USER", "alterna"),
                    System.getenv().getOrDefault("ALTERNA_TEST_PG_PASSWORD", "alterna"));
            db = "postgres";
        } else if (db.equals("h2")) {
            h2 = Files.createTempDirectory("export-bench-h2");
            ds = new DriverManagerDataSource("jdbc:h2:file:" + h2.resolve("db") + ";MODE=PostgreSQL;"
                    + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        } else {
            String[] pg = TestPostgres.newDatabase();
            ds = new DriverManagerDataSource(pg[0], pg[1], pg[2]);
        }
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/common",
                db.equals("h2") ? "classpath:db/migration/h2" : "classpath:db/migration/postgresql").load().migrate();
        long t0 = System.nanoTime();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            if (seeded) {
                try (var rs = s.executeQuery("SELECT COUNT(*) FROM fixes")) {
                    rs.next();
                    n = rs.getLong(1);
                }
            } else if (db.equals("h2")) {
                s.execute("INSERT INTO fixes (device_id, device_time, server_time, latitude, longitude, accuracy_m, valid, "
                        + "source, satellites, speed_kmh, battery_percent, charging, strap) SELECT "
                        + "'86' || LPAD(CAST(MOD(X, 100) AS VARCHAR), 13, '0'), "
                        + "TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00' + (X / 100) * INTERVAL '1' MINUTE, "
                        + "TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:01.5+00' + (X / 100) * INTERVAL '1' MINUTE, "
                        + "-12.12 + MOD(X, 977) * 0.00001, -77.03 - MOD(X, 991) * 0.00001, 5 + MOD(X, 30) * 0.5, TRUE, "
                        + "CASE WHEN MOD(X, 37) = 0 THEN 'LBS' ELSE 'GPS' END, MOD(X, 12), MOD(X, 7) * 1.5, "
                        + "100 - MOD(X / 100, 96), MOD(X / 100, 96) > 90, 'CLOSED' FROM SYSTEM_RANGE(0, " + (n - 1) + ")");
            } else {
                s.execute("INSERT INTO fixes (device_id, device_time, server_time, latitude, longitude, accuracy_m, valid, "
                        + "source, satellites, speed_kmh, battery_percent, charging, strap) SELECT "
                        + "'86' || lpad((g % 100)::text, 13, '0'), "
                        + "timestamptz '2026-01-01 00:00:00+00' + (g / 100) * interval '1 minute', "
                        + "timestamptz '2026-01-01 00:00:01.5+00' + (g / 100) * interval '1 minute', "
                        + "-12.12 + (g % 977) * 0.00001, -77.03 - (g % 991) * 0.00001, 5 + (g % 30) * 0.5, true, "
                        + "CASE WHEN g % 37 = 0 THEN 'LBS' ELSE 'GPS' END, g % 12, (g % 7) * 1.5, "
                        + "100 - (g / 100) % 96, (g / 100) % 96 > 90, 'CLOSED' FROM generate_series(0, " + (n - 1) + ") g");
                s.execute("ANALYZE fixes");
            }
        }
        System.out.printf(Locale.ROOT, seeded ? "found %,d fixes (%.1f s)%n" : "seeded %,d fixes in %.1f s%n", n,
                (System.nanoTime() - t0) / 1e9);

        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signer signer = new Signer() {
            @Override
            public byte[] sign(byte[] data) {
                try {
                    java.security.Signature sig = java.security.Signature.getInstance("Ed25519");
                    sig.initSign(key.getPrivate());
                    sig.update(data);
                    return sig.sign();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public String publicKeyPem() {
                return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getPublic()
                        .getEncoded()) + "\n-----END PUBLIC KEY-----\n";
            }

            @Override
            public String keyId() {
                return InstallationKey.keyId(key.getPublic());
            }
        };

        System.gc();
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long used = 0;
                for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (p.getType() == MemoryType.HEAP) {
                        used += p.getUsage().getUsed();
                    }
                }
                peak.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long gcBefore = gcCount();
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        long started = System.nanoTime();
        long cpuStarted = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        InstallationExport.Summary summary;
        try (OutputStream out = target.equals("-") ? OutputStream.nullOutputStream()
                : new BufferedOutputStream(Files.newOutputStream(Path.of(target)), 1 << 16)) {
            summary = InstallationExport.write(ds, out, signer, "benchmark", Instant.now(), ExportedTables.TABLES,
                    line -> {
                        if (!line.contains(" 0 rows")) {
                            System.out.println(line);
                        }
                    });
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStarted) / 1e9;
        sampler.interrupt();
        long oldAfterGc = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
                oldAfterGc = Math.max(oldAfterGc, p.getCollectionUsage().getUsed());
            }
        }
        long bytes = target.equals("-") ? -1 : Files.size(Path.of(target));
        System.out.printf(Locale.ROOT, "exporting thread CPU %.1f s = %,.0f fixes per CPU second%n", cpu,
                summary.rows("fixes") / cpu);
        System.out.printf(Locale.ROOT, "RESULT db=%s fixes=%,d in %.1f s = %,.0f fixes/s; archive %,d bytes; max heap %d MB"
                + " (-Xmx), peak used %d MB, largest pool after GC %d MB, %d GCs; load %s -> %s%n", db,
                summary.rows("fixes"), seconds, summary.rows("fixes") / seconds, bytes,
                Runtime.getRuntime().maxMemory() >> 20, peak.get() >> 20, oldAfterGc >> 20, gcCount() - gcBefore, load,
                Files.readString(Path.of("/proc/loadavg")).trim());
        if (!target.equals("-")) {
            Files.deleteIfExists(Path.of(target));
        }
        if (h2 != null) {
            try (var files = Files.walk(h2)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }
}
