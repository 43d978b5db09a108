package org.alterna.simulation.fleet;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * Time from a real crossing into an exclusion zone to the alarm on the desk, per tracker protocol and reporting
 * interval, with the fleet simulator against the real server (not a test; run it as {@code docs/benchmarks.md} says).
 * It starts the server jar on an empty H2 database, then for every protocol × interval a fleet of simulated tags on
 * ACTIVE orders created through the REST API (as {@code alterna simulate --register … --breaches-within 60
 * --violations 1} does): every person enters the exclusion zone at a random moment in the first 60 s. All fleets run
 * at once, in real time, for the window plus the observation time. The desk's alarm queue ({@code GET /api/v1/alarms})
 * is polled every 2 s; the time to alarm is the first EXCLUSION_ZONE alarm's {@code createdAt} minus the moment the
 * simulated person crossed the boundary (the day plan's truth). A breach without an alarm within the observation time
 * (10 min, the scorer's allowed delay for zone rules) is missed. Prints, and writes into the section
 * {@code ## Time to alarm per protocol and reporting interval} of the output file, median, p90, count and misses.
 */
@Command(name = "time-to-alarm", mixinStandardHelpOptions = true)
public final class TimeToAlarmBenchmark implements Callable<Integer> {
    static final String SECTION = "## Time to alarm per protocol and reporting interval";

    @Option(names = "--server", defaultValue = "target/alterna.jar", description = "The server jar.")
    Path server;

    @Option(names = "--protocols", split = ",", defaultValue = "osmand,teltonika,gt06,h02")
    List<String> protocols;

    @Option(names = "--intervals", split = ",", defaultValue = "15,30,60", description = "Reporting intervals, s.")
    List<Integer> intervals;

    @Option(names = "--devices", defaultValue = "10", description = "Tags per protocol and interval.")
    int devices;

    @Option(names = "--window", defaultValue = "60", description = "Breaches enter the zone within this many s.")
    int window;

    @Option(names = "--observe", defaultValue = "600", description = "Seconds after the window to wait for alarms.")
    int observe;

    @Option(names = "--port", defaultValue = "8105", description = "HTTP port.")
    int port;

    @Option(names = "--gateway-port", defaultValue = "6141",
            description = "First of four gateway ports: Teltonika, GT06, H02, OsmAnd.")
    int gatewayPort;

    @Option(names = "--startup-timeout", defaultValue = "600", description = "Seconds to wait for the server.")
    int startupTimeout;

    @Option(names = "--out", defaultValue = "docs/alarm-quality.md")
    Path out;

    @Option(names = "--no-write", description = "Only print the figures.")
    boolean noWrite;

    /** One protocol × interval: the breaches (device → crossing) and the first alarm of each device. */
    record Cell(String protocol, int interval, long seed, Map<String, Instant> crossings, Map<String, Instant> alarms,
            Map<String, Double> accuracy) {
        List<Double> delays() {
            List<Double> d = new ArrayList<>();
            crossings.forEach((imei, crossed) -> {
                Instant a = alarms.get(imei);
                if (a != null) {
                    d.add((double) Duration.between(crossed, a).toMillis() / 1000);
                }
            });
            d.sort(null);
            return d;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TimeToAlarmBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("alterna-time-to-alarm");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", server.toAbsolutePath().toString(), "serve", "--server.port=" + port,
                "--server.address=127.0.0.1", "--alterna.gateway.teltonika.port=" + gatewayPort,
                "--alterna.gateway.gt06.port=" + (gatewayPort + 1), "--alterna.gateway.h02.port=" + (gatewayPort + 2),
                "--alterna.gateway.osmand.port=" + (gatewayPort + 3), "--alterna.identity.initial-admin-password=benchmark-secret",
                "--alterna.demo.enabled=false", "--alterna.demo.fleet.enabled=false", "--logging.level.root=WARN",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("alterna")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--spring.datasource.username=sa", "--spring.datasource.password="));
        File log = dir.resolve("server.log").toFile();
        Map<String, Integer> ports = Map.of("teltonika", gatewayPort, "gt06", gatewayPort + 1, "h02",
                gatewayPort + 2, "osmand", gatewayPort + 3);
        String loadBefore = FleetLoadBenchmark.load();
        Instant began = Instant.now();
        Process process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log).start();
        List<Simulator> sims = new ArrayList<>();
        try {
            double up = FleetLoadBenchmark.awaitUp(process, port, log, startupTimeout);
            System.out.printf(Locale.ROOT, "server up in %.1f s (pid %d), log %s%n", up, process.pid(), log);
            Registrar api = new Registrar("http://127.0.0.1:" + port, "admin", "benchmark-secret").login();
            LocalDate today = LocalDate.now(Registrar.LIMA);
            List<Cell> cells = new ArrayList<>();
            long seed = 300;
            for (int interval : intervals) {
                for (String protocol : protocols) {
                    seed++;
                    Simulator.Config config = new Simulator.Config(protocol, "127.0.0.1", ports, devices, 0,
                            Duration.ofSeconds(interval), null, 1.0, seed, null, false, 0, Duration.ofSeconds(30),
                            null, null, 0, Duration.ofSeconds(window));
                    Simulator sim = new Simulator(config);
                    sims.add(sim);
                    List<Tag> tags = sim.tags();
                    api.registerDevices(tags.stream().map(t -> new String[] {t.imei, protocol}).toList(), 4);
                    long t0 = System.nanoTime();
                    api.activeCases(tags, today);
                    System.out.printf(Locale.ROOT, "%s every %d s: %d tags on active orders (%.0f s)%n", protocol,
                            interval, tags.size(), (System.nanoTime() - t0) / 1e9);
                    cells.add(new Cell(protocol, interval, seed, new LinkedHashMap<>(), new HashMap<>(),
                            new HashMap<>()));
                }
            }
            // every fleet starts now; the breaches are placed from each simulator's start
            for (int k = 0; k < sims.size(); k++) {
                Simulator sim = sims.get(k);
                sim.start();
                for (Tag t : sim.tags()) {
                    Instant forced = t.forcedBreach();
                    if (forced != null) {
                        cells.get(k).crossings().put(t.imei, crossing(t, forced));
                    }
                }
            }
            Map<String, Cell> byDevice = new HashMap<>();
            cells.forEach(c -> c.crossings().keySet().forEach(imei -> byDevice.put(imei, c)));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(window + observe);
            while (System.nanoTime() < end) {
                Thread.sleep(2000);
                Registrar.Response r = api.call("GET", "/api/v1/alarms?type=EXCLUSION_ZONE&limit=1000", null);
                if (!r.ok()) {
                    continue;
                }
                for (JsonNode a : r.json()) {
                    Cell c = byDevice.get(a.path("deviceId").asString());
                    if (c != null) {
                        String imei = a.path("deviceId").asString();
                        Instant created = Instant.parse(a.path("createdAt").asString());
                        Instant first = c.alarms().merge(imei, created, (x, y) -> x.isBefore(y) ? x : y);
                        if (first.equals(created) && a.path("position").path("accuracy").isNumber()) {
                            c.accuracy().put(imei, a.path("position").path("accuracy").asDouble());
                        }
                    }
                }
            }
            String loadAfter = FleetLoadBenchmark.load();
            String table = table(cells);
            System.out.println(table);
            if (!noWrite) {
                write(table, began, loadBefore, loadAfter);
            }
            return 0;
        } finally {
            sims.forEach(Simulator::close);
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** When the person crossed into the zone: the start of the day plan's EXCLUSION_ZONE breach. */
    private static Instant crossing(Tag t, Instant forced) {
        long at = forced.getEpochSecond();
        DayPlan plan = new DayPlan(t.person, Math.floorDiv(at + DayPlan.LIMA_OFFSET, 86400), 0, at);
        return plan.breaches.stream().filter(b -> b.type().equals("EXCLUSION_ZONE")).findFirst()
                .map(b -> Instant.ofEpochSecond(b.start())).orElse(forced);
    }

    private String table(List<Cell> cells) {
        StringBuilder s = new StringBuilder();
        s.append("| protocol | interval | breaches | alarmed | missed | median | p90 | fastest | slowest"
                + " | accuracy of the alarm's fix (median) |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Cell c : cells) {
            List<Double> d = c.delays();
            int count = c.crossings().size();
            List<Double> acc = c.accuracy().values().stream().sorted().toList();
            s.append(String.format(Locale.ROOT, "| %s | %d s | %d | %d | %d | %s | %s | %s | %s | %s |%n",
                    c.protocol(), c.interval(), count, d.size(), count - d.size(), secs(percentile(d, 0.5)),
                    secs(percentile(d, 0.9)), secs(d.isEmpty() ? Double.NaN : d.get(0)),
                    secs(d.isEmpty() ? Double.NaN : d.get(d.size() - 1)), acc.isEmpty() ? "–"
                            : String.format(Locale.ROOT, "%.1f m", percentile(acc, 0.5))));
        }
        return s.toString();
    }

    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static String secs(double s) {
        return Double.isNaN(s) ? "–" : String.format(Locale.ROOT, "%.0f s", s);
    }

    /** Replaces the figures' table of the section (its prose, written by hand, is kept). */
    private void write(String table, Instant began, String loadBefore, String loadAfter) throws IOException {
        String doc = Files.exists(out) ? Files.readString(out) : "";
        String figures = String.format(Locale.ROOT, "<!-- time-to-alarm figures: written by TimeToAlarmBenchmark -->%n"
                        + "Measured %s (UTC) with %d tags per protocol and interval, breaches within %d s, observed %d s;"
                        + " load average %s before, %s after (2 cores shared with other work: the server's share of"
                        + " each delay grows with the load).%n%n%s<!-- end of time-to-alarm figures -->%n",
                began.truncatedTo(java.time.temporal.ChronoUnit.MINUTES), devices, window, observe, loadBefore,
                loadAfter, table);
        int at = doc.indexOf("<!-- time-to-alarm figures");
        int endAt = doc.indexOf("<!-- end of time-to-alarm figures -->");
        if (at >= 0 && endAt > at) {
            doc = doc.substring(0, at) + figures + doc.substring(doc.indexOf('\n', endAt) + 1);
        } else if (doc.contains(SECTION)) {
            int s = doc.indexOf(SECTION) + SECTION.length();
            doc = doc.substring(0, s) + "\n\n" + figures + doc.substring(s);
        } else {
            doc = doc + (doc.endsWith("\n") ? "\n" : "\n\n") + SECTION + "\n\n" + figures;
        }
        Files.writeString(out, doc);
    }
}
