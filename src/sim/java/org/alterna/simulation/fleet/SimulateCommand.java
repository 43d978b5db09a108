package org.alterna.simulation.fleet;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code alterna simulate}: a simulated fleet against a gateway, with live progress and final figures. No Spring. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a fleet of ankle tags worn by synthetic people in Lima, speaking a real tracker "
                + "protocol to an Alterna (or Traccar-compatible) gateway.",
                "One connection per device (OsmAnd: or shared, --http-connections); records are resent until "
                        + "acknowledged."})
public class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", required = true, description = "teltonika, gt06, h02, osmand, or mixed.")
    String protocol;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Gateway host (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", description = "Gateway port (default: the protocol's Traccar port: teltonika 5027, "
            + "gt06 5023, h02 5013, osmand 5055). With --protocol mixed the Traccar ports are used.")
    Integer port;

    @Option(names = "--devices", defaultValue = "10", description = "Number of devices (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--interval", defaultValue = "10", description = "Seconds between two records of a device "
            + "(decimals allowed; default ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--duration", defaultValue = "60", description = "Seconds to send (default ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--violations", defaultValue = "0.1", description = "Probability per person and day of a real "
            + "breach: curfew, exclusion zone, victim approach or strap opened (default ${DEFAULT-VALUE}).")
    double violations;

    @Option(names = "--seed", defaultValue = "1", description = "Same seed, same people and records (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", description = "Device time of the first records (ISO-8601, e.g. 2026-03-02T05:00:00Z); "
            + "default: real time.")
    Instant start;

    @Option(names = "--register", description = "http://USER:PASSWORD@HOST:PORT of the server's API: first register "
            + "the devices and create a synthetic person and an active order per device whose zones match the "
            + "simulated person.")
    String register;

    @Option(names = "--no-orders", description = "With --register: register the devices only.")
    boolean noOrders;

    @Option(names = "--victim-units", description = "Also simulate the victim's unit of each protection order.")
    boolean victimUnits;

    @Option(names = "--drop-rate", defaultValue = "0", description = "Probability of losing the connection right "
            + "after sending a packet, before its acknowledgement (tests resending; default ${DEFAULT-VALUE}).")
    double dropRate;

    @Option(names = "--http-connections", defaultValue = "0", description = "OsmAnd only: the devices share this "
            + "many kept-alive HTTP connections (requests name their device and are pipelined), to drive more devices "
            + "than sockets allow; 0 = one connection per device (default ${DEFAULT-VALUE}).")
    int httpConnections;

    @Option(names = "--breaches-within", description = "Seconds: instead of --violations breaches per person and "
            + "day, each person breaches with probability --violations once: travels into the exclusion zone, "
            + "entering it at a random moment within this time from the start.")
    Double breachesWithin;

    @Option(names = "--summary-file", description = "Also write the final figures as one key=value line to this file.")
    Path summaryFile;

    static final Map<String, Integer> TRACCAR_PORTS = Map.of("teltonika", 5027, "gt06", 5023, "h02", 5013,
            "osmand", 5055);

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (devices < 0 || interval <= 0 || duration <= 0 || violations < 0 || violations > 1 || dropRate < 0
                || dropRate >= 1 || httpConnections < 0 || breachesWithin != null && breachesWithin <= 0) {
            System.err.println("error: --devices >= 0, --interval > 0, --duration > 0, --violations and --drop-rate in"
                    + " [0, 1), --http-connections >= 0 and --breaches-within > 0 are required");
            return 2;
        }
        if (httpConnections > 0 && !protocol.equals("osmand")) {
            System.err.println("error: --http-connections needs --protocol osmand");
            return 2;
        }
        Map<String, Integer> ports;
        if (protocol.equals("mixed")) {
            ports = TRACCAR_PORTS;
        } else if (Simulator.PROTOCOLS.contains(protocol)) {
            ports = Map.of(protocol, port != null ? port : TRACCAR_PORTS.get(protocol));
        } else {
            System.err.println("error: --protocol must be teltonika, gt06, h02, osmand or mixed");
            return 2;
        }
        Simulator.Config config = new Simulator.Config(protocol, host, ports, devices, 0,
                Duration.ofMillis(Math.round(interval * 1000)), Duration.ofMillis(Math.round(duration * 1000)),
                violations, seed, start, victimUnits, dropRate, null, out, Duration.ofSeconds(5), httpConnections,
                breachesWithin == null ? null : Duration.ofMillis(Math.round(breachesWithin * 1000)));
        try (Simulator sim = new Simulator(config)) {
            if (register != null) {
                register(sim, config, out);
            }
            out.printf(Locale.ROOT, "simulating %d %s device(s) of seed %d against %s, a record every %.1f s for %.0f s%s%n",
                    sim.imeis().size(), protocol, seed, host + (protocol.equals("mixed") ? "" : ":" + ports.get(protocol)),
                    interval, duration, start == null ? " (real time)" : " from " + start);
            Simulator.Report r = sim.run(Duration.ofSeconds(Math.max(10, Math.round(interval * 2))));
            out.println();
            out.printf(Locale.ROOT, "sent              %d records%n", r.sent());
            out.printf(Locale.ROOT, "acknowledged      %d%s%n", r.acknowledged(),
                    protocol.equals("h02") ? " (H02 has no acknowledgement)" : "");
            out.printf(Locale.ROOT, "resent            %d%n", r.resent());
            out.printf(Locale.ROOT, "refused devices   %d%n", r.refused());
            out.printf(Locale.ROOT, "errors            %d%n", r.errors());
            out.printf(Locale.ROOT, "records/s         %.1f acknowledged%n", r.recordsPerSecond());
            out.printf(Locale.ROOT, "ack latency       p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n", r.p50Millis(),
                    r.p95Millis(), r.p99Millis());
            out.println("RESULT " + r.line());
            if (summaryFile != null) {
                Files.writeString(summaryFile, r.line() + System.lineSeparator());
            }
            return 0;
        }
    }

    /** Registers the devices (and, unless --no-orders, the synthetic people and their orders) through the API. */
    private void register(Simulator sim, Simulator.Config config, PrintStream out) {
        Registrar api = Registrar.fromUrl(register).login();
        List<Tag> tags = sim.tags();
        List<String[]> list = new ArrayList<>();
        for (Tag t : tags) {
            list.add(new String[] {t.imei, config.protocolOf(t.person.index)});
        }
        long t0 = System.nanoTime();
        int created = api.registerDevices(list, 16);
        out.printf(Locale.ROOT, "registered %d device(s) (%d new) in %.1f s%n", list.size(), created,
                (System.nanoTime() - t0) / 1e9);
        if (!noOrders) {
            t0 = System.nanoTime();
            int cases = api.activeCases(tags, LocalDate.now(Registrar.LIMA));
            out.printf(Locale.ROOT, "created %d synthetic person(s) with an active order matching their zones in %.1f s%n",
                    cases, (System.nanoTime() - t0) / 1e9);
        }
    }
}
