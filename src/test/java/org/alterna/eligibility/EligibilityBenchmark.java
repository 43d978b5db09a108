package org.alterna.eligibility;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.alterna.AlternaApplication;
import org.alterna.simulation.fleet.RegisterGenerator;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.TestPostgres;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Triage of a whole synthetic prison register (INPE's 103,717 people, {@link RegisterGenerator}) end to end — the CSV
 * posted over HTTP, every line checked, everyone evaluated and written in one transaction — and the re-evaluation of
 * everyone when another rule set is activated (DL 1514 ↔ DL 1585: about one person in ten changes). Alterna runs
 * in this JVM on H2 (a file database) or PostgreSQL (embedded 15, or {@code ALTERNA_TEST_PG_URL}). Prints one
 * RESULT line per run and the median. Not a test: see docs/benchmarks.md for the command and the figures.
 * Arguments: {@code h2|postgres [runs=3] [scale=1.0]}.
 */
public final class EligibilityBenchmark {
    private EligibilityBenchmark() {
    }

    public static void main(String[] a) throws Exception {
        String db = a.length > 0 ? a[0] : "h2";
        int runs = a.length > 1 ? Integer.parseInt(a[1]) : 3;
        double scale = a.length > 2 ? Double.parseDouble(a[2]) : 1.0;
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--alterna.gateway.enabled=false",
                "--alterna.identity.initial-admin-password=benchmark-secret", "--alterna.demo.enabled=false",
                "--alterna.demo.fleet.enabled=false", "--logging.level.root=WARN",
                "--logging.level.org.alterna.eligibility=INFO"));
        Path tmp = Files.createTempDirectory("alterna-bench");
        if (db.equals("h2")) {
            args.add("--spring.datasource.url=jdbc:h2:file:" + tmp.resolve("alterna")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
        } else {
            String[] pg = TestPostgres.newDatabase();
            args.add("--spring.datasource.url=" + pg[0]);
            args.add("--spring.datasource.username=" + pg[1]);
            args.add("--spring.datasource.password=" + pg[2]);
        }
        args.add("--alterna.signing.key-dir=" + tmp.resolve("keys"));
        ConfigurableApplicationContext app = AlternaApplication.start(args.toArray(String[]::new));
        try {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            // an API token, as a script would use: HTTP Basic would run bcrypt (cost 12) on every progress poll
            Api.Response token = check(Api.as(port, "admin", "benchmark-secret").post("/api/v1/tokens",
                    Map.of("name", "benchmark", "validDays", 1)), 201);
            Api admin = Api.withToken(port, token.json().get("token").stringValue());
            try (InputStream in = EligibilityBenchmark.class.getResourceAsStream("/reference/inpe_establishments.csv")) {
                check(admin.send("POST", "/api/v1/penal-centres/import",
                        new String(in.readAllBytes(), StandardCharsets.UTF_8), "text/csv"), 200);
            }
            int v1 = version(admin, "PE-2020-DL1514");
            int v2 = version(admin, "PE-2023-DL1585");
            check(admin.post("/api/v1/eligibility/rule-sets/" + v1 + "/activation", Map.of()), 200);
            long g0 = System.nanoTime();
            String csv = RegisterGenerator.csv(2026, scale, LocalDate.now(ZoneId.of("America/Lima")));
            long people = csv.lines().count() - 1;
            System.out.printf("%s: register of %,d people (%,d bytes) generated in %d ms; load %s%n", db, people,
                    csv.getBytes(StandardCharsets.UTF_8).length, (System.nanoTime() - g0) / 1_000_000, load());

            List<Long> imports = new ArrayList<>();
            List<Long> reevaluations = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                check(admin.post("/api/v1/eligibility/rule-sets/" + v1 + "/activation", Map.of()), 200);
                String before = load();
                long cpu0 = processCpuMs();
                long pg0 = postgresCpuMs(app);
                long t0 = System.nanoTime();
                Api.Response posted = admin.send("POST", "/api/v1/eligibility/register/imports?mode=replace", csv,
                        "text/csv");
                check(posted, 202);
                String id = posted.json().get("id").stringValue();
                JsonNode job;
                do {
                    Thread.sleep(100);
                    job = admin.get("/api/v1/eligibility/register/imports/" + id).json();
                } while (!job.get("state").stringValue().matches("DONE|FAILED"));
                long importMs = (System.nanoTime() - t0) / 1_000_000;
                if (!job.get("state").stringValue().equals("DONE")) {
                    throw new IllegalStateException("import failed: " + job);
                }
                imports.add(importMs);
                long importCpu = processCpuMs() - cpu0;
                long importPg = postgresCpuMs(app) - pg0;
                long cpu1 = processCpuMs();
                long pg1 = postgresCpuMs(app);
                long t1 = System.nanoTime();
                JsonNode activation = check(admin.post("/api/v1/eligibility/rule-sets/" + v2 + "/activation",
                        Map.of()), 200).json();
                long reevalMs = (System.nanoTime() - t1) / 1_000_000;
                reevaluations.add(reevalMs);
                long reevalCpu = processCpuMs() - cpu1;
                long reevalPg = postgresCpuMs(app) - pg1;
                System.out.printf("RESULT run %d %s people=%d import_end_to_end_ms=%d (job %d: parse+check %d, "
                                + "evaluate %d, write %d; CPU: import thread parse %d + write %d ms, Alterna JVM %d ms, "
                                + "PostgreSQL %d ms) eligible=%d "
                                + "review=%d not=%d | reevaluation_ms=%d (run %d ms; CPU: JVM %d ms, PostgreSQL %d ms) "
                                + "changed=%d | load %s -> %s, heap used %d MB%n", run, db, job.get("rows").longValue(),
                        importMs, job.get("durationMs").longValue(), job.get("parseMs").longValue(),
                        job.get("evaluateMs").longValue(), job.get("writeMs").longValue(),
                        job.get("parseCpuMs").longValue(), job.get("writeCpuMs").longValue(), importCpu, importPg,
                        job.at("/byStatus/ELIGIBLE").longValue(), job.at("/byStatus/NEEDS_REVIEW").longValue(),
                        job.at("/byStatus/NOT_ELIGIBLE").longValue(), reevalMs,
                        activation.at("/run/durationMs").longValue(), reevalCpu, reevalPg,
                        activation.at("/run/changed").longValue(), before, load(), heapMb());
            }
            imports.sort(null);
            reevaluations.sort(null);
            System.out.printf("MEDIAN %s people=%d import_end_to_end_ms=%d reevaluation_ms=%d (targets: 5000 and 5000)%n",
                    db, people, imports.get(imports.size() / 2), reevaluations.get(reevaluations.size() / 2));
        } finally {
            app.close();
        }
    }

    static int version(Api admin, String code) {
        for (JsonNode s : admin.get("/api/v1/eligibility/rule-sets").json()) {
            if (s.get("code").stringValue().equals(code)) {
                return s.get("version").intValue();
            }
        }
        throw new IllegalStateException("no rule set " + code);
    }

    static Api.Response check(Api.Response r, int status) {
        if (r.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + r);
        }
        return r;
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** CPU time of this JVM (Alterna and the benchmark's HTTP client), all threads. */
    static long processCpuMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    /** CPU time of the PostgreSQL backends serving this benchmark's database (0 on H2), from /proc. */
    static long postgresCpuMs(ConfigurableApplicationContext app) {
        javax.sql.DataSource ds = app.getBean(javax.sql.DataSource.class);
        long ticks = 0;
        try (var c = ds.getConnection(); var st = c.createStatement()) {
            if (!c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                return 0;
            }
            try (var rs = st.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")) {
                while (rs.next()) {
                    try {
                        String stat = Files.readString(Path.of("/proc/" + rs.getInt(1) + "/stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    } catch (IOException gone) {
                        // the backend ended
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            return -1;
        }
        return ticks * 10; // USER_HZ = 100
    }

    static long heapMb() {
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / (1024 * 1024);
    }
}
