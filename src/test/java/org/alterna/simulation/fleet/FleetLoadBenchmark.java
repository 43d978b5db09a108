package org.alterna.simulation.fleet;

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
import org.alterna.orders.Conditions;
import org.alterna.testsupport.TestPostgres;

/**
 * The fleet load benchmark (not a test; {@code bench/load.sh} runs it): the real server as a separate process (the jar,
 * or the classes of this build) on H2 and on PostgreSQL 15, against the simulator in this process over loopback. For
 * each database: start-up time, then for each connection count a Teltonika fleet sending a record per device per
 * interval: acknowledged records/s and acknowledgement latency after a warm-up, and the server's heap per connected
 * device (heap after a full GC with the fleet connected, minus the heap after a full GC before it connected). Then
 * the alarm run: a fleet of OsmAnd devices (default 50,000, a record a minute, over shared kept-alive HTTP
 * connections) each assigned to an ACTIVE order with the zones of its simulated person, a share of them breaching
 * during the run; the server's alarm latency timer (fix arrival at the gateway → alarm published) is read from
 * {@code /actuator/prometheus} as cumulative buckets before and after the measured window, and its percentiles are
 * computed from the difference. Writes the section {@code ## Fleet load} of the output file (replacing an older one).
 *
 * <p>Options: {@code --dbs h2,postgres --connections 1000,10000 --interval 1 --warmup 10 --seconds 20
 * --alarm-devices 50000 --alarm-interval 60 --alarm-warmup 60 --alarm-seconds 180 --alarm-share 0.02
 * --http-connections 250 --api-orders 40 --server target/alterna.jar|classpath --out docs/benchmarks.md};
 * {@code --connections none} or {@code --alarm-devices 0} leave a part out.
 */
public final class FleetLoadBenchmark {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Options(List<String> dbs, List<Integer> connections, double interval, int warmup, int seconds,
            String server, Path out, Alarms alarms, List<String> args) {
        static Options parse(String... args) {
            Map<String, String> o = new java.util.HashMap<>(Map.of("--dbs", "h2,postgres", "--connections",
                    "1000,10000", "--interval", "1", "--warmup", "10", "--seconds", "20", "--server",
                    "target/alterna.jar", "--out", "docs/benchmarks.md"));
            o.putAll(Map.of("--alarm-devices", "50000", "--alarm-interval", "60", "--alarm-warmup", "60",
                    "--alarm-seconds", "180", "--alarm-share", "0.02", "--http-connections", "250", "--api-orders", "40"));
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!o.containsKey(args[i])) {
                    throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + o.keySet());
                }
                o.put(args[i], args[i + 1]);
            }
            String connections = o.get("--connections");
            return new Options(List.of(o.get("--dbs").split(",")), connections.equals("none") ? List.of()
                    : Arrays.stream(connections.split(",")).map(Integer::parseInt).toList(),
                    Double.parseDouble(o.get("--interval")), Integer.parseInt(o.get("--warmup")),
                    Integer.parseInt(o.get("--seconds")), o.get("--server"), Path.of(o.get("--out")),
                    new Alarms(Integer.parseInt(o.get("--alarm-devices")), Integer.parseInt(o.get("--alarm-interval")),
                            Integer.parseInt(o.get("--alarm-warmup")), Integer.parseInt(o.get("--alarm-seconds")),
                            Double.parseDouble(o.get("--alarm-share")), Integer.parseInt(o.get("--http-connections")),
                            Integer.parseInt(o.get("--api-orders"))), List.of(args));
        }

        /** The command line as run from the repository ({@code bench/load.sh} adds the server jar). */
        String command() {
            List<String> shown = new ArrayList<>(args);
            int at = shown.indexOf("--server");
            if (at >= 0 && at + 1 < shown.size() && shown.get(at + 1).equals("target/alterna.jar")) {
                shown.subList(at, at + 2).clear();
            }
            return String.join(" ", java.util.stream.Stream.concat(java.util.stream.Stream.of("bench/load.sh"),
                    shown.stream()).toList());
        }
    }

    /**
     * The alarm run: {@code devices} OsmAnd devices over {@code httpConnections} shared connections, a record every
     * {@code interval} s (first records spread over one interval), then {@code warmup} s, then {@code seconds} s
     * measured; a share {@code share} of the people breach at a random moment between the start and the end of the
     * measured window; {@code apiOrders} orders are created through the REST API, the others in bulk.
     */
    record Alarms(int devices, int interval, int warmup, int seconds, double share, int httpConnections,
            int apiOrders) {
    }

    /** One measured run. */
    record Row(String db, int connections, double startupSeconds, Simulator.Report report, double heapPerDeviceKb,
            double baselineHeapMb, double apiRegistrationsPerSecond) {
    }

    /**
     * The alarm run's figures: the fleet's report (acknowledgements over the measured window), the alarm latency
     * measured by the server over the same window, and what surrounds it.
     */
    record AlarmRow(String db, int devices, int connections, Simulator.Report report, Simulator.Report firstInterval,
            LatencyHistogram.Window alarms, Map<String, Long> raisedByType,
            long evaluated, int breachesPlaced, double apiCasesPerSecond, double bulkSeconds, double heapMb,
            double heapPerDeviceKb, String loadAtStart, String loadAtEnd) {
    }

    /** All figures of a benchmark run. */
    record Result(List<Row> rows, List<AlarmRow> alarmRows) {
    }

    /** Devices registered through the REST API (timed); the rest are inserted in bulk to keep the run short. */
    static final int API_REGISTRATIONS = 300;

    private FleetLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Result result = run(Options.parse(args));
        result.rows().forEach(r -> System.out.println("RESULT " + r.db() + " " + r.report().line()));
        result.alarmRows().forEach(a -> System.out.println("RESULT " + a.db() + " alarm-run " + a.report().line() + " "
                + a.alarms().describe() + " evaluated=" + a.evaluated()));
        System.exit(0);
    }

    static Result run(Options o) throws Exception {
        List<Row> rows = new ArrayList<>();
        List<AlarmRow> alarmRows = new ArrayList<>();
        for (String db : o.dbs()) {
            runOn(db, o, rows, alarmRows);
        }
        writeSection(o, rows, alarmRows);
        return new Result(rows, alarmRows);
    }

    static final String ALARM_TIMER = "alterna.supervision.alarm.latency";
    static final String ALARM_BUCKETS = "alterna_supervision_alarm_latency_seconds";
    static final String EVALUATED = "alterna_supervision_fixes_evaluated_total";
    /** Seed of the alarm run's people (the connection runs use 7). */
    static final long ALARM_SEED = 8;

    private static void runOn(String db, Options o, List<Row> rows, List<AlarmRow> alarmRows) throws Exception {
        int http = freePort();
        int gateway = freePort();
        int osmand = freePort();
        Path tmp = Files.createTempDirectory("alterna-fleet-bench");
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xms256m", "-Xmx2g", "-XX:+UseG1GC"));
        if (o.server().equals("classpath")) {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.alterna.Alterna"));
        } else {
            cmd.addAll(List.of("-jar", o.server()));
        }
        cmd.addAll(List.of("serve", "--server.port=" + http, "--server.address=127.0.0.1",
                "--alterna.gateway.teltonika.port=" + gateway, "--alterna.gateway.gt06.port=-1",
                "--alterna.gateway.h02.port=-1", "--alterna.gateway.osmand.port=" + osmand,
                "--alterna.identity.initial-admin-password=benchmark-secret", "--alterna.demo.enabled=false",
                "--alterna.demo.fleet.enabled=false", "--logging.level.root=WARN",
                "--spring.datasource.hikari.maximum-pool-size=8",
                // cumulative buckets of the alarm latency timer, so that a window can be cut exactly
                "--management.metrics.distribution.slo." + ALARM_TIMER + "=" + LatencyHistogram.sloBuckets()));
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
        Process server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        try {
            double startup = awaitUp(server, http, log);
            System.out.printf(Locale.ROOT, "%s: server up in %.1f s (pid %d)%n", db, startup, server.pid());
            Registrar api = new Registrar("http://127.0.0.1:" + http, "admin", "benchmark-secret").login();
            int max = o.connections().stream().mapToInt(Integer::intValue).max().orElse(0);
            if (max > 0) {
                List<String[]> devices = new ArrayList<>();
                for (int i = 0; i < max; i++) {
                    devices.add(new String[] {SimulatedPerson.imei(7, i, 0), "teltonika"});
                }
                long r0 = System.nanoTime();
                int viaApi = Math.min(API_REGISTRATIONS, devices.size());
                api.registerDevices(devices.subList(0, viaApi), 8);
                double apiRate = viaApi / ((System.nanoTime() - r0) / 1e9);
                insertDevices(jdbc, devices.subList(viaApi, devices.size()), "teltonika");
                System.out.printf(Locale.ROOT, "%s: %d devices registered in %.1f s (%d through the API at %.0f/s)%n",
                        db, max, (System.nanoTime() - r0) / 1e9, viaApi, apiRate);
                for (int n : o.connections()) {
                    rows.add(connectionRun(db, o, n, gateway, server.pid(), startup, apiRate));
                    Thread.sleep(3000); // connections closed before the next baseline
                }
            }
            if (o.alarms().devices() > 0) {
                alarmRows.add(alarmRun(db, o.alarms(), jdbc, api, osmand, http, server.pid()));
            }
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static Row connectionRun(String db, Options o, int n, int gateway, long pid, double startup,
            double apiRate) throws Exception {
        double baseline = heapAfterGc(pid);
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
            double connected = heapAfterGc(pid);
            double perDevice = (connected - baseline) * 1024 / n;
            System.out.printf(Locale.ROOT, "%s %d: %s; heap %.1f MB -> %.1f MB (%.1f KB per device)%n", db, n,
                    report.line(), baseline, connected, perDevice);
            return new Row(db, n, startup, report, perDevice, baseline, apiRate);
        }
    }

    /**
     * The alarm run: orders for every device (some through the API, the rest in bulk), the engine given time to load
     * them, then the fleet; the server's alarm latency buckets are read at both ends of the measured window.
     */
    private static AlarmRow alarmRun(String db, Alarms a, String[] jdbc, Registrar api, int osmand, int http, long pid)
            throws Exception {
        Duration breachWindow = Duration.ofSeconds((long) a.interval() + a.warmup() + a.seconds());
        Simulator.Config config = new Simulator.Config("osmand", "127.0.0.1", Map.of("osmand", osmand), a.devices(), 0,
                Duration.ofSeconds(a.interval()), null, a.share(), ALARM_SEED, null, false, 0, Duration.ofSeconds(60),
                System.out, Duration.ofSeconds(15), a.httpConnections(), breachWindow);
        try (Simulator sim = new Simulator(config)) {
            List<Tag> tags = sim.tags();
            LocalDate today = LocalDate.now(Registrar.LIMA);
            double baseline = heapAfterGc(pid);
            int viaApi = Math.min(a.apiOrders(), tags.size());
            long t0 = System.nanoTime();
            api.registerDevices(tags.subList(0, viaApi).stream().map(t -> new String[] {t.imei, "osmand"}).toList(), 8);
            api.activeCases(tags.subList(0, viaApi), today);
            double apiCases = viaApi / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            insertDevices(jdbc, tags.subList(viaApi, tags.size()).stream().map(t -> new String[] {t.imei}).toList(),
                    "osmand");
            insertCases(jdbc, tags.subList(viaApi, tags.size()), today);
            double bulk = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%s: %d active orders (%d through the API at %.1f cases/s, the rest in bulk"
                    + " in %.1f s)%n", db, tags.size(), viaApi, apiCases, bulk);
            t0 = System.nanoTime();
            awaitSupervisionTicks(api, 2);
            System.out.printf(Locale.ROOT, "%s: two supervision ticks (each loads the active orders) in %.1f s%n", db,
                    (System.nanoTime() - t0) / 1e9);
            sim.start();
            // the first records spread over one interval (each device's first fix: admission and assignment looked
            // up); the server's counters show where a backlog builds, if one does
            long rampEnd = System.nanoTime() + a.interval() * 1_000_000_000L;
            while (System.nanoTime() < rampEnd) {
                Thread.sleep(Math.min(5000, Math.max(1, (rampEnd - System.nanoTime()) / 1_000_000)));
                String m = prometheus(api);
                System.out.printf(Locale.ROOT, "  server: records acked %.0f, fixes evaluated %.0f, store queue %.0f%n",
                        LatencyHistogram.counter(m, "alterna_gateway_records_acked_total"),
                        LatencyHistogram.counter(m, EVALUATED), LatencyHistogram.counter(m, "alterna_telemetry_batch_pending"));
            }
            Simulator.Report ramp = sim.report();
            System.out.printf(Locale.ROOT, "%s first interval: %s%n", db, ramp.line());
            sim.resetWindow();
            // then the warm-up; the breaches run to the window's end
            Thread.sleep(a.warmup() * 1000L);
            String loadAtStart = load();
            java.time.Instant windowStart = java.time.Instant.now();
            LatencyHistogram before = LatencyHistogram.parse(prometheus(api), ALARM_BUCKETS);
            double evaluatedBefore = LatencyHistogram.counter(prometheus(api), EVALUATED);
            sim.resetWindow();
            Thread.sleep(a.seconds() * 1000L);
            String text = prometheus(api);
            Simulator.Report report = sim.report();
            LatencyHistogram.Window alarms = LatencyHistogram.parse(text, ALARM_BUCKETS).since(before);
            long evaluated = Math.round(LatencyHistogram.counter(text, EVALUATED) - evaluatedBefore);
            String loadAtEnd = load();
            Map<String, Long> byType = raisedByType(jdbc, windowStart, java.time.Instant.now());
            double heap = heapAfterGc(pid);
            System.out.printf(Locale.ROOT, "%s alarm run: %s; %s; raised %s; fixes evaluated %d; load %s -> %s;"
                    + " heap %.0f MB%n", db, report.line(), alarms.describe(), byType, evaluated, loadAtStart, loadAtEnd,
                    heap);
            return new AlarmRow(db, tags.size(), a.httpConnections(), report, ramp, alarms, byType, evaluated,
                    sim.placedBreaches().size(), apiCases, bulk, heap, (heap - baseline) * 1024 / tags.size(),
                    loadAtStart, loadAtEnd);
        }
    }

    /**
     * Waits until live supervision's clock tick ran {@code n} more times: a tick loads every ACTIVE order, so after
     * two the bulk-inserted ones are supervised before the first fix arrives (at most 3 minutes).
     */
    private static void awaitSupervisionTicks(Registrar api, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        double start = ticks(api);
        while (ticks(api) < start + n) {
            if (System.nanoTime() > deadline) {
                System.out.println("warning: live supervision did not tick twice in 3 minutes; orders load on first fix");
                return;
            }
            Thread.sleep(500);
        }
    }

    private static double ticks(Registrar api) {
        return LatencyHistogram.counter(prometheus(api), "tasks_scheduled_execution_seconds_count",
                "code_function=\"tick\"");
    }

    private static String prometheus(Registrar api) {
        Registrar.Response r = api.getText("/actuator/prometheus");
        if (!r.ok()) {
            throw new IllegalStateException("cannot read /actuator/prometheus: " + r);
        }
        return r.body();
    }

    /** Alarms the engine raised in [from, to), by type, from its own record (tick-raised ones included). */
    private static Map<String, Long> raisedByType(String[] jdbc, java.time.Instant from, java.time.Instant to)
            throws Exception {
        Map<String, Long> byType = new java.util.TreeMap<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbc[0], jdbc[1], jdbc[2]);
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT type, COUNT(*) FROM supervision_alarm_event"
                     + " WHERE kind = 'RAISED' AND recorded_at >= ? AND recorded_at < ? GROUP BY type")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(from));
            ps.setTimestamp(2, java.sql.Timestamp.from(to));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byType.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return byType;
    }

    /** The machine's load averages (1, 5, 15 min), as {@code uptime} shows them. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Bulk registration for the benchmark only: the registry's own table, ACTIVE devices of one protocol. */
    private static void insertDevices(String[] jdbc, List<String[]> devices, String protocol) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbc[0], jdbc[1], jdbc[2])) {
            c.setAutoCommit(false);
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO device (unique_id, model, protocol,"
                    + " status, registered_at, updated_at) VALUES (?, ?, ?, 'ACTIVE', ?, ?)")) {
                java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
                for (String[] d : devices) {
                    ps.setString(1, d[0]);
                    ps.setString(2, protocol.equals("teltonika") ? "teltonika-default" : Simulator.MODELS.get(protocol));
                    ps.setString(3, protocol);
                    ps.setTimestamp(4, now);
                    ps.setTimestamp(5, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    /**
     * Bulk orders for the benchmark only, the rows the REST API writes for an ACTIVE order (person, order, its
     * victim, conditions version 1 — the same conditions {@link Registrar#conditions} sends —, the transition to
     * ACTIVE and the device's assignment), without the API's per-case audit trail. Live supervision reads them like
     * any other order.
     */
    private static void insertCases(String[] jdbc, List<Tag> tags, LocalDate today) throws Exception {
        java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbc[0], jdbc[1], jdbc[2])) {
            c.setAutoCommit(false);
            java.sql.PreparedStatement person = c.prepareStatement("INSERT INTO person (id, dni, given_names, surnames,"
                    + " birth_date, sex, phone, address, home_lat, home_lon, synthetic, created_by, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, 'benchmark', ?, ?)");
            java.sql.PreparedStatement order = c.prepareStatement("INSERT INTO judicial_order (id, expediente,"
                    + " court_code, resolution_number, resolution_date, measure_type, person_id, region,"
                    + " monitoring_centre, prosecutor_username, start_date, end_date, installation_at, status, synthetic,"
                    + " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'Lima', 'CM-LIMA', 'prosecutor',"
                    + " ?, ?, ?, 'ACTIVE', TRUE, 'benchmark', ?, ?)");
            java.sql.PreparedStatement victim = c.prepareStatement("INSERT INTO order_victim (order_id, full_name, dni,"
                    + " address, home_lat, home_lon, synthetic) VALUES (?, ?, ?, ?, ?, ?, TRUE)");
            java.sql.PreparedStatement conditions = c.prepareStatement("INSERT INTO order_conditions (order_id, version,"
                    + " resolution_number, resolution_date, effective_from, conditions_json, author, created_at)"
                    + " VALUES (?, 1, ?, ?, ?, ?, 'benchmark', ?)");
            java.sql.PreparedStatement transition = c.prepareStatement("INSERT INTO order_transition (order_id,"
                    + " from_status, to_status, occurred_at, by_username, note) VALUES (?, 'INSTALLATION_SCHEDULED',"
                    + " 'ACTIVE', ?, 'benchmark', 'bulk-inserted by the load benchmark')");
            java.sql.PreparedStatement assignment = c.prepareStatement("INSERT INTO device_assignment (device_id,"
                    + " order_id, role, valid_from) VALUES (?, ?, 'PERSON_UNIT', ?)");
            int n = 0;
            for (Tag t : tags) {
                SimulatedPerson p = t.person;
                java.util.UUID personId = java.util.UUID.nameUUIDFromBytes(("person " + p.dni()).getBytes(StandardCharsets.UTF_8));
                java.util.UUID orderId = java.util.UUID.nameUUIDFromBytes(("order " + t.imei).getBytes(StandardCharsets.UTF_8));
                LocalDate start = today.minusDays(10 + Math.floorMod(p.index * 13, 150));
                java.sql.Date resolutionDate = java.sql.Date.valueOf(start.minusDays(2));
                String resolution = "RES-" + (p.index + 1) + "-" + start.getYear();
                person.setObject(1, personId);
                person.setString(2, p.dni());
                person.setString(3, p.givenNames);
                person.setString(4, p.surnames + " (sintético)");
                person.setDate(5, java.sql.Date.valueOf(LocalDate.of(1965 + Math.floorMod(p.index * 7, 40), 1
                        + Math.floorMod(p.index, 12), 1 + Math.floorMod(p.index * 3, 28))));
                person.setString(6, Math.floorMod(p.index, 5) == 0 ? "F" : "M");
                person.setString(7, String.format("9%08d", Math.floorMod(p.index * 7919L + p.seed, 100_000_000L)));
                person.setString(8, p.address + " (sintético)");
                person.setDouble(9, p.homeLat());
                person.setDouble(10, p.homeLon());
                person.setTimestamp(11, now);
                person.setTimestamp(12, now);
                person.addBatch();
                order.setObject(1, orderId);
                order.setString(2, Registrar.expediente(p, today));
                order.setString(3, Registrar.courtOf(p));
                order.setString(4, resolution);
                order.setDate(5, resolutionDate);
                order.setString(6, p.measure);
                order.setObject(7, personId);
                order.setDate(8, java.sql.Date.valueOf(start));
                order.setDate(9, java.sql.Date.valueOf(start.plusMonths(6 + Math.floorMod(p.index, 18))));
                order.setTimestamp(10, java.sql.Timestamp.from(start.atTime(10, 0).atZone(Registrar.LIMA).toInstant()));
                order.setTimestamp(11, now);
                order.setTimestamp(12, now);
                order.addBatch();
                if (p.victim) {
                    victim.setObject(1, orderId);
                    victim.setString(2, "Víctima " + (p.index + 1) + " (sintético)");
                    victim.setString(3, String.format("8%07d", Math.floorMod(p.seed * 7919 + p.index, 10_000_000L)));
                    victim.setString(4, "Domicilio de la víctima, Lima (sintético)");
                    victim.setDouble(5, p.lat(p.exclusion[1]));
                    victim.setDouble(6, p.lon(p.exclusion[0]));
                    victim.addBatch();
                }
                conditions.setObject(1, orderId);
                conditions.setString(2, resolution);
                conditions.setDate(3, resolutionDate);
                conditions.setTimestamp(4, java.sql.Timestamp.from(start.atStartOfDay(Registrar.LIMA).toInstant()));
                conditions.setString(5, Conditions.parse(Registrar.conditions(p), "conditions").toJson());
                conditions.setTimestamp(6, now);
                conditions.addBatch();
                transition.setObject(1, orderId);
                transition.setTimestamp(2, now);
                transition.addBatch();
                assignment.setString(1, t.imei);
                assignment.setObject(2, orderId);
                assignment.setTimestamp(3, java.sql.Timestamp.from(start.atTime(10, 0).atZone(Registrar.LIMA).toInstant()));
                assignment.addBatch();
                if (++n % 2000 == 0 || n == tags.size()) {
                    for (java.sql.PreparedStatement ps : List.of(person, order, victim, conditions, transition,
                            assignment)) {
                        ps.executeBatch();
                    }
                    c.commit();
                }
            }
            for (java.sql.PreparedStatement ps : List.of(person, order, victim, conditions, transition, assignment)) {
                ps.close();
            }
        }
    }

    static double awaitUp(Process server, int port, File log) throws Exception {
        return awaitUp(server, port, log, 180);
    }

    /** Seconds until the server's first HTTP answer; fails after {@code timeoutSeconds} or if it exits. */
    static double awaitUp(Process server, int port, File log, int timeoutSeconds) throws Exception {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(timeoutSeconds)) {
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
        throw new IllegalStateException("the server did not start within " + timeoutSeconds + " s");
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

    /**
     * A free port below the kernel's ephemeral range (32768 and up): a port the system handed out as ephemeral could
     * be handed out again, to another server or an outgoing connection, before the benchmark's server binds it.
     */
    private static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 32000");
    }

    /** Replaces (or appends) the {@code ## Fleet load} section of the output file. */
    static void writeSection(Options o, List<Row> rows, List<AlarmRow> alarmRows) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("## Fleet load\n\n");
        s.append(String.format(Locale.ROOT, "Measured %s with `%s` (`FleetLoadBenchmark`): the server (`%s`) as a"
                        + " separate JVM (-Xmx2g, G1), the simulator (`alterna simulate` engine) in another JVM on the"
                        + " same machine, over 127.0.0.1. PostgreSQL 15 is the embedded one of the test support (zonky"
                        + " binaries) unless `ALTERNA_TEST_PG_URL` names one, H2 a file database. 2 CPU cores shared"
                        + " with other work: treat the figures as a floor.%n%n", LocalDate.now(), o.command(),
                o.server()));
        if (!rows.isEmpty()) {
            s.append(String.format(Locale.ROOT, "### Connections%n%nTeltonika Codec 8, one connection per device, a"
                    + " record every %.0f s per device, each acknowledged after commit; %d s warm-up, then %d s"
                    + " measured. These devices have no order (ingest only).%n%n", o.interval(), o.warmup(),
                    o.seconds()));
            s.append("| database | connections | start-up | ack records/s (offered) | ack p50 | ack p99 | resent | errors"
                    + " | server heap per connected device |\n");
            s.append("|---|---|---|---|---|---|---|---|---|\n");
            for (Row r : rows) {
                Simulator.Report p = r.report();
                s.append(String.format(Locale.ROOT, "| %s | %,d | %.1f s | %,.0f (%,.0f) | %.1f ms | %.1f ms | %d | %d"
                                + " | %.1f KB (heap %.0f MB before the fleet connected) |%n", dbName(r.db()),
                        r.connections(), r.startupSeconds(), p.recordsPerSecond(), r.connections() / o.interval(),
                        p.p50Millis(), p.p99Millis(), p.resent(), p.errors(), r.heapPerDeviceKb(), r.baselineHeapMb()));
            }
            s.append("\nDevice registration through the API (`POST /api/v1/devices`, 8 at a time, each audited in the"
                    + " hash-chained trail): ");
            rows.stream().collect(java.util.stream.Collectors.toMap(Row::db, Row::apiRegistrationsPerSecond, (a, b) -> a,
                    java.util.LinkedHashMap::new)).forEach((db, rate) -> s.append(String.format(Locale.ROOT, "%s %.0f/s; ",
                            dbName(db), rate)));
            s.append("the first " + API_REGISTRATIONS + " devices are registered that way, the rest inserted in bulk"
                    + " into the registry's table to keep the run short.");
            List<String> saturated = rows.stream().filter(r -> r.report().p99Millis() > o.interval() * 1000)
                    .map(r -> dbName(r.db()) + String.format(Locale.ROOT, " at %,d", r.connections())).toList();
            if (!saturated.isEmpty()) {
                s.append(" Saturated (acknowledgement p99 above the interval): " + String.join(", ", saturated)
                        + " — client, server and database share 2 cores; the latency grows to seconds, devices then"
                        + " send up to 10 records per packet, and the acknowledged rate can exceed the offered one"
                        + " while backlogs drain.");
            }
            s.append(" With H2 the database's page cache lives in the server's heap, so its heap per device includes"
                    + " stored data; the PostgreSQL figure is closer to the cost of a connection.\n");
            s.append("\nStart-up: from launching `java` to the first HTTP answer (migrations included, empty"
                    + " database). Heap per device: used heap after a full GC (`jcmd GC.run`, `GC.heap_info`) with the"
                    + " fleet connected, minus the same before it connected, divided by the connections.\n\n");
        }
        if (!alarmRows.isEmpty()) {
            Alarms a = o.alarms();
            s.append(String.format(Locale.ROOT, "### Alarm latency (fix arrival at the gateway → alarm published)%n%n"
                            + "%,d OsmAnd devices, a record every %d s each (the first records spread over one interval:"
                            + " %,.0f fixes/s offered), over %d shared kept-alive HTTP connections (each request names"
                            + " its device: this machine allows 20,000 descriptors per process, fewer than 50,000"
                            + " sockets on each side of loopback). Every device is assigned to an ACTIVE order with"
                            + " the zones of its simulated person (home inclusion zone with the curfew, exclusion"
                            + " zone, no-communication, battery and charging rules): %d orders created through the"
                            + " REST API, the rest inserted in bulk (same rows, no audit trail), loaded by live"
                            + " supervision before the fleet starts. %.0f %% of the people breach once: they travel"
                            + " into their exclusion zone, entering it at a random moment between the start and the"
                            + " end of the measured window (at night those who leave home also breach their curfew)."
                            + " %d s after the first interval the window opens and lasts %d s. Alarm latency is the"
                            + " server's own timer `%s` (from the fix's"
                            + " server time, stamped on arrival, to the alarm stored and published to the alarm desk),"
                            + " for alarms raised by a fix; its cumulative buckets (`management.metrics.distribution.slo`)"
                            + " are read from `/actuator/prometheus` at both ends of the window, percentiles"
                            + " interpolated within the bucket (bounds every 25 ms around 250 ms). The last column is"
                            + " the acknowledgement p99 over the first interval, while every device sends its first"
                            + " record (admission and assignment looked up).%n%n",
                    a.devices(), a.interval(), (double) a.devices() / a.interval(), a.httpConnections(), a.apiOrders(),
                    a.share() * 100, a.warmup(), a.seconds(), ALARM_TIMER));
            s.append("| database | load (1/5/15 min) start → end | fixes/s ack (offered) | ack p50 | ack p99"
                    + " | fixes evaluated/s | alarms | alarm p50 | alarm p95 | alarm p99 | ≤ 250 ms | slowest bucket"
                    + " | heap, per device | first interval: ack p99 |\n");
            s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (AlarmRow r : alarmRows) {
                Simulator.Report p = r.report();
                LatencyHistogram.Window w = r.alarms();
                s.append(String.format(Locale.ROOT, "| %s | %s → %s | %,.0f (%,.0f) | %.1f ms | %.1f ms | %,.0f | %,d"
                                + " | %s | %s | **%s** | %s | %s | %.0f MB, %.2f KB | %s |%n", dbName(r.db()),
                        r.loadAtStart(),
                        r.loadAtEnd(), p.recordsPerSecond(), (double) r.devices() / a.interval(), p.p50Millis(),
                        p.p99Millis(), r.evaluated() / p.seconds(), w.count(), ms(w.percentileMillis(0.5)),
                        ms(w.percentileMillis(0.95)), ms(w.percentileMillis(0.99)),
                        w.count() == 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * w.shareAtOrBelow(250)),
                        ms(w.maxBoundMillis()), r.heapMb(), r.heapPerDeviceKb(), ms(r.firstInterval().p99Millis())));
            }
            s.append("\n");
            for (AlarmRow r : alarmRows) {
                double p99 = r.alarms().percentileMillis(0.99);
                String verdict = r.alarms().count() == 0 ? "no alarm measured"
                        : p99 <= 250 ? "target (p99 ≤ 250 ms) met" : "target (p99 ≤ 250 ms) **not met**";
                s.append(String.format(Locale.ROOT, "%s: %s; alarms raised in the window by type (the engine's"
                                + " record) %s; %,d breaches placed; %d orders through the API at %.1f cases/s, %,d in"
                                + " bulk in %.0f s; resent %d, errors %d.%n%n", dbName(r.db()), verdict,
                        r.raisedByType(), r.breachesPlaced(), Math.min(a.apiOrders(), r.devices()),
                        r.apiCasesPerSecond(), Math.max(0, r.devices() - a.apiOrders()), r.bulkSeconds(),
                        r.report().resent(), r.report().errors()));
            }
            s.append("Heap: used heap after a full GC at the end of the window; per device: minus the same before"
                    + " the orders were created, divided by the devices (engine state, caches, and on H2 the page"
                    + " cache).\n");
        }
        String section = s.toString();
        String doc = Files.exists(o.out()) ? Files.readString(o.out()) : "";
        int at = doc.indexOf("## Fleet load");
        if (at >= 0) {
            int next = doc.indexOf("\n## ", at + 5);
            doc = doc.substring(0, at) + section + (next >= 0 ? "\n" + doc.substring(next + 1) : "");
        } else {
            doc = doc + (doc.isEmpty() || doc.endsWith("\n\n") ? "" : doc.endsWith("\n") ? "\n" : "\n\n") + section;
        }
        Files.writeString(o.out(), doc);
    }

    private static String dbName(String db) {
        return db.equals("h2") ? "H2 (file)" : "PostgreSQL 15";
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "–" : Double.isInfinite(v) ? "> 120 s" : String.format(Locale.ROOT, "%,.0f ms", v);
    }
}
