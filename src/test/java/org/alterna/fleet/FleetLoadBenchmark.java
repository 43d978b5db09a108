package org.alterna.fleet;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.alterna.testsupport.TestPostgres;

/**
 * The fleet load benchmark (not a test; {@code bench/load.sh} runs it): the real server as a separate process (the jar,
 * or the classes of this build) on H2 and on PostgreSQL 15, against the simulator in this process over loopback. For
 * each database: start-up time, then for each connection count a Teltonika fleet sending a record per device per
 * interval: acknowledged records/s and acknowledgement latency after a warm-up, and the server's heap per connected
 * device (heap after a full GC with the fleet connected, minus the heap after a full GC before it connected). Writes
 * the section {@code ## Fleet load} of the output file (replacing an older one).
 *
 * <p>Options: {@code --dbs h2,postgres --connections 1000,10000 --interval 1 --warmup 10 --seconds 20
 * --server target/alterna.jar|classpath --out docs/benchmarks.md}.
 */
public final class FleetLoadBenchmark {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Options(List<String> dbs, List<Integer> connections, double interval, int warmup, int seconds,
            String server, Path out) {
        static Options parse(String... args) {
            Map<String, String> o = new java.util.HashMap<>(Map.of("--dbs", "h2,postgres", "--connections",
                    "1000,10000", "--interval", "1", "--warmup", "10", "--seconds", "20", "--server",
                    "target/alterna.jar", "--out", "docs/benchmarks.md"));
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!o.containsKey(args[i])) {
                    throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + o.keySet());
                }
                o.put(args[i], args[i + 1]);
            }
            return new Options(List.of(o.get("--dbs").split(",")),
                    Arrays.stream(o.get("--connections").split(",")).map(Integer::parseInt).toList(),
                    Double.parseDouble(o.get("--interval")), Integer.parseInt(o.get("--warmup")),
                    Integer.parseInt(o.get("--seconds")), o.get("--server"), Path.of(o.get("--out")));
        }
    }

    /** One measured run. */
    record Row(String db, int connections, double startupSeconds, Simulator.Report report, double heapPerDeviceKb,
            double baselineHeapMb, double apiRegistrationsPerSecond) {
    }

    /** Devices registered through the REST API (timed); the rest are inserted in bulk to keep the run short. */
    static final int API_REGISTRATIONS = 300;

    private FleetLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Row> rows = run(Options.parse(args));
        rows.forEach(r -> System.out.println("RESULT " + r.db() + " " + r.report().line()));
        System.exit(0);
    }

    static List<Row> run(Options o) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String db : o.dbs()) {
            rows.addAll(runOn(db, o));
        }
        writeSection(o, rows);
        return rows;
    }

    private static List<Row> runOn(String db, Options o) throws Exception {
        int http = freePort();
        int gateway = freePort();
        Path tmp = Files.createTempDirectory("alterna-fleet-bench");
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xms256m", "-Xmx2g", "-XX:+UseG1GC"));
        if (o.server().equals("classpath")) {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.alterna.Alterna"));
        } else {
            cmd.addAll(List.of("-jar", o.server()));
        }
        cmd.addAll(List.of("serve", "--server.port=" + http, "--server.address=127.0.0.1",
                "--alterna.gateway.teltonika.port=" + gateway, "--alterna.gateway.gt06.port=-1",
                "--alterna.gateway.h02.port=-1", "--alterna.gateway.osmand.port=-1",
                "--alterna.identity.initial-admin-password=benchmark", "--alterna.demo.enabled=false",
                "--alterna.demo.fleet.enabled=false", "--logging.level.root=WARN",
                "--spring.datasource.hikari.maximum-pool-size=8"));
        String[] jdbc;
        if (db.equals("h2")) { // AUTO_SERVER: the benchmark may open the server's file database too
            jdbc = new String[] {"jdbc:h2:file:" + tmp.resolve("alterna")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE", "sa", ""};
        } else {
            jdbc = TestPostgres.newDatabase();
        }
        cmd.add("--spring.datasource.url=" + jdbc[0]);
        cmd.add("--spring.datasource.username=" + jdbc[1]);
        cmd.add("--spring.datasource.password=" + jdbc[2]);
        File log = tmp.resolve("server.log").toFile();
        long t0 = System.nanoTime();
        Process server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        List<Row> rows = new ArrayList<>();
        try {
            double startup = awaitUp(server, http, log);
            System.out.printf(Locale.ROOT, "%s: server up in %.1f s (pid %d)%n", db, startup, server.pid());
            int max = o.connections().stream().mapToInt(Integer::intValue).max().orElse(0);
            Registrar api = new Registrar("http://127.0.0.1:" + http, "admin", "benchmark").login();
            List<String[]> devices = new ArrayList<>();
            for (int i = 0; i < max; i++) {
                devices.add(new String[] {Person.imei(7, i, 0), "teltonika"});
            }
            long r0 = System.nanoTime();
            int viaApi = Math.min(API_REGISTRATIONS, devices.size());
            api.registerDevices(devices.subList(0, viaApi), 8);
            double apiRate = viaApi / ((System.nanoTime() - r0) / 1e9);
            insertDevices(jdbc, devices.subList(viaApi, devices.size()));
            System.out.printf(Locale.ROOT, "%s: %d devices registered in %.1f s (%d through the API at %.0f/s)%n", db, max,
                    (System.nanoTime() - r0) / 1e9, viaApi, apiRate);
            for (int n : o.connections()) {
                double baseline = heapAfterGc(server.pid());
                Simulator.Config config = new Simulator.Config("teltonika", "127.0.0.1", Map.of("teltonika", gateway), n,
                        0, Duration.ofMillis(Math.round(o.interval() * 1000)), null, 0.1, 7, null, false, 0,
                        Duration.ofSeconds(60), System.out, Duration.ofSeconds(5));
                try (Simulator sim = new Simulator(config)) {
                    sim.start();
                    long rampMillis = Math.max((long) (o.interval() * 1000), n / 2);
                    Thread.sleep(rampMillis + o.warmup() * 1000L);
                    sim.resetWindow();
                    Thread.sleep(o.seconds() * 1000L);
                    Simulator.Report report = sim.report();
                    double connected = heapAfterGc(server.pid());
                    double perDevice = (connected - baseline) * 1024 / n;
                    System.out.printf(Locale.ROOT, "%s %d: %s; heap %.1f MB -> %.1f MB (%.1f KB per device)%n", db, n,
                            report.line(), baseline, connected, perDevice);
                    rows.add(new Row(db, n, startup, report, perDevice, baseline, apiRate));
                }
                Thread.sleep(3000); // connections closed before the next baseline
            }
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        return rows;
    }

    /** Bulk registration for the benchmark only: the registry's own table, ACTIVE Teltonika devices. */
    private static void insertDevices(String[] jdbc, List<String[]> devices) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbc[0], jdbc[1], jdbc[2])) {
            c.setAutoCommit(false);
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO device (unique_id, model, protocol,"
                    + " status, registered_at, updated_at) VALUES (?, 'teltonika-default', 'teltonika', 'ACTIVE', ?, ?)")) {
                java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
                for (String[] d : devices) {
                    ps.setString(1, d[0]);
                    ps.setTimestamp(2, now);
                    ps.setTimestamp(3, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    private static double awaitUp(Process server, int port, File log) throws Exception {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(180)) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited: " + Files.readString(log.toPath()));
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() > 0) { // the first HTTP answer: the server is up
                    return (System.nanoTime() - t0) / 1e9;
                }
            } catch (IOException e) {
                // not yet listening
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not start within 180 s");
    }

    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    /** The server's used heap in MB after a full GC (jcmd GC.run, then GC.heap_info). */
    static double heapAfterGc(long pid) throws Exception {
        jcmd(pid, "GC.run");
        Thread.sleep(500);
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("cannot read the heap from: " + info);
        }
        return Long.parseLong(m.group(1)) / 1024.0;
    }

    private static String jcmd(long pid, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(Files.exists(jcmd) ? jcmd.toString() : "jcmd", String.valueOf(pid), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Replaces (or appends) the {@code ## Fleet load} section of the output file. */
    static void writeSection(Options o, List<Row> rows) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("## Fleet load\n\n");
        s.append(String.format(Locale.ROOT, "Measured %s with `bench/load.sh` (`FleetLoadBenchmark`): the server (`%s`) as a"
                        + " separate JVM (-Xmx2g, G1), the simulator (`alterna simulate` engine, Teltonika Codec 8, one"
                        + " connection per device, a record every %.0f s per device, each acknowledged after commit)"
                        + " in another JVM on the same machine, over 127.0.0.1; %d s warm-up, then %d s measured."
                        + " PostgreSQL 15 is the embedded one of the test support (zonky binaries), H2 a file"
                        + " database. 2 CPU cores shared with other builds: treat the figures as a floor.%n%n",
                LocalDate.now(), o.server(), o.interval(), o.warmup(), o.seconds()));
        s.append("| database | connections | start-up | ack records/s (offered) | ack p50 | ack p99 | resent | errors"
                + " | server heap per connected device |\n");
        s.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            Simulator.Report p = r.report();
            s.append(String.format(Locale.ROOT, "| %s | %,d | %.1f s | %,.0f (%,.0f) | %.1f ms | %.1f ms | %d | %d | %.1f KB"
                            + " (heap %.0f MB before the fleet connected) |%n",
                    r.db().equals("h2") ? "H2 (file)" : "PostgreSQL 15", r.connections(), r.startupSeconds(),
                    p.recordsPerSecond(), r.connections() / o.interval(), p.p50Millis(), p.p99Millis(), p.resent(),
                    p.errors(), r.heapPerDeviceKb(), r.baselineHeapMb()));
        }
        s.append("\nDevice registration through the API (`POST /api/v1/devices`, 8 at a time, each audited in the"
                + " hash-chained trail): ");
        rows.stream().collect(java.util.stream.Collectors.toMap(Row::db, Row::apiRegistrationsPerSecond, (a, b) -> a,
                java.util.LinkedHashMap::new)).forEach((db, rate) -> s.append(String.format(Locale.ROOT, "%s %.0f/s; ",
                        db.equals("h2") ? "H2" : "PostgreSQL", rate)));
        s.append("the first " + API_REGISTRATIONS + " devices are registered that way, the rest inserted in bulk"
                + " into the registry's table to keep the run short.");
        List<String> saturated = rows.stream().filter(r -> r.report().p99Millis() > o.interval() * 1000)
                .map(r -> (r.db().equals("h2") ? "H2" : "PostgreSQL") + String.format(Locale.ROOT, " at %,d", r.connections()))
                .toList();
        if (!saturated.isEmpty()) {
            s.append(" Saturated (acknowledgement p99 above the interval): " + String.join(", ", saturated)
                    + " — client, server and database share 2 cores; the latency grows to seconds, devices then send"
                    + " up to 10 records per packet, and the acknowledged rate can exceed the offered one while"
                    + " backlogs drain.");
        }
        s.append(" With H2 the database's page cache lives in the server's heap, so its heap per device includes"
                + " stored data; the PostgreSQL figure is closer to the cost of a connection.\n");
        s.append("\nStart-up: from launching `java` to the first HTTP answer (migrations included, empty database)."
                + " Heap per device: used heap after a full GC (`jcmd GC.run`, `GC.heap_info`) with the fleet"
                + " connected, minus the same before it connected, divided by the connections.\n\n"
                + "**Alarm latency (fix arrival → alarm published): not measured.** The supervision engine is not yet"
                + " wired to the stored fixes in this build (it runs in `alterna replay`; no live alarm is published),"
                + " so there is no live alarm path to time. Once the engine listens to stored fixes and the alarm desk"
                + " publishes alarms, the benchmark should add a fleet with a high `--violations` rate and time"
                + " `FixesStored` → alarm event.\n");
        String section = s.toString();
        String doc = Files.exists(o.out()) ? Files.readString(o.out()) : "";
        int at = doc.indexOf("## Fleet load");
        if (at >= 0) {
            int next = doc.indexOf("\n## ", at + 5);
            doc = doc.substring(0, at) + section + (next >= 0 ? doc.substring(next + 1) : "");
        } else {
            doc = doc + (doc.isEmpty() || doc.endsWith("\n\n") ? "" : doc.endsWith("\n") ? "\n" : "\n\n") + section;
        }
        Files.writeString(o.out(), doc);
    }
}
