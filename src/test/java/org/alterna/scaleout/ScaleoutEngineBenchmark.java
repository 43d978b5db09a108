package org.alterna.scaleout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.alterna.telemetry.Fix;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Load run of the scale-out engine (not a test): a real broker (KRaft, in this JVM), D devices with an exclusion zone
 * each, R records per device pre-loaded into the records topic; then 1 and then 2 engine nodes (separate Streams
 * instances, one thread each, in this JVM) process the backlog — records/s — and finally a steady stream at a fixed
 * rate measures alarm latency (record produced → alarm change readable, read_committed). Prints RESULT lines.
 *
 * <p>{@code java -cp "$CP" org.alterna.scaleout.ScaleoutEngineBenchmark [devices] [recordsPerDevice] [rate]}
 */
public final class ScaleoutEngineBenchmark {
    private ScaleoutEngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int perDevice = args.length > 1 ? Integer.parseInt(args[1]) : 80;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        String bootstrap = KafkaTestBroker.bootstrapServers();
        for (int engines = 1; engines <= 2; engines++) {
            backlog(bootstrap, devices, perDevice, engines);
        }
        latency(bootstrap, devices / 4, rate);
        System.exit(0);
    }

    private static ScaleoutSettings settings(String bootstrap, String prefix, Path state) {
        return new ScaleoutSettings(Set.of(ScaleoutSettings.Role.ENGINE), bootstrap, prefix, 12, (short) 1, 1,
                prefix + "-engine", state.toString(), 1, 0, Duration.ZERO, null);
    }

    private static void backlog(String bootstrap, int devices, int perDevice, int engines) throws Exception {
        String prefix = "bench" + engines + "x" + System.nanoTime() % 100000;
        Path state = Files.createTempDirectory("alterna-bench-state");
        ScaleoutSettings s = settings(bootstrap, prefix, state);
        Topics.ensure(s);
        int total = devices * perDevice;
        try (KafkaProducer<String, byte[]> p = EngineFailoverTest.producer(bootstrap)) {
            for (int d = 0; d < devices; d++) {
                double lat = -12.0 - (d % 100) * 0.01;
                p.send(new ProducerRecord<>(s.plansTopic(), device(d), Messages.plan(EngineFailoverTest.plan(lat, -77.03))));
            }
            p.flush();
            List<List<Fix>> tracks = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                tracks.add(EngineFailoverTest.track(device(d), -12.0 - (d % 100) * 0.01, -77.03));
            }
            for (int i = 0; i < perDevice; i++) {
                for (int d = 0; d < devices; d++) {
                    Fix f = tracks.get(d).get(i % EngineFailoverTest.FIXES);
                    f = new Fix(f.deviceId(), f.deviceTime().plusSeconds(2400L * (i / EngineFailoverTest.FIXES)),
                            f.serverTime().plusSeconds(2400L * (i / EngineFailoverTest.FIXES)), f.latitude(),
                            f.longitude(), f.altitude(), f.speedKmh(), f.course(), f.satellites(), f.hdop(),
                            f.accuracyMeters(), f.valid(), f.source(), f.batteryPercent(), f.externalPower(),
                            f.charging(), f.strap(), f.alarms(), f.io());
                    p.send(new ProducerRecord<>(s.recordsTopic(), device(d), Messages.fix(f)));
                }
            }
            p.flush();
        }
        List<EngineNode> nodes = new ArrayList<>();
        long start = System.nanoTime();
        for (int e = 0; e < engines; e++) {
            ScaleoutSettings se = settings(bootstrap, prefix, state.resolve("n" + e));
            nodes.add(new EngineNode(se, Map.of()).start());
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long firstWork = 0;
            while (true) {
                long done = EngineFailoverTest.committedRecords(admin, s.applicationId(), s.recordsTopic());
                if (done > 0 && firstWork == 0) {
                    firstWork = System.nanoTime();
                }
                if (done >= total) {
                    break;
                }
                Thread.sleep(200);
            }
            long end = System.nanoTime();
            double secs = (end - firstWork) / 1e9;
            System.out.printf(Locale.ROOT, "RESULT engines=%d devices=%d records=%d seconds=%.1f records/s=%.0f"
                    + " (start-up to first commit %.1f s) load=%s%n", engines, devices, total, secs, total / secs,
                    (firstWork - start) / 1e9, load());
        }
        nodes.forEach(EngineNode::close);
    }

    private static void latency(String bootstrap, int devices, int rate) throws Exception {
        String prefix = "benchlat" + System.nanoTime() % 100000;
        ScaleoutSettings s = settings(bootstrap, prefix, Files.createTempDirectory("alterna-bench-state"));
        Topics.ensure(s);
        try (EngineNode node = new EngineNode(s, Map.of()).start();
                KafkaProducer<String, byte[]> p = EngineFailoverTest.producer(bootstrap);
                KafkaConsumer<String, byte[]> alarms = EngineFailoverTest.committedReader(bootstrap)) {
            for (int d = 0; d < devices; d++) {
                p.send(new ProducerRecord<>(s.plansTopic(), device(d), Messages.plan(EngineFailoverTest.plan(-12.0 - d * 0.01, -77.03))));
            }
            p.flush();
            alarms.subscribe(List.of(s.alarmsTopic()));
            while (!node.running()) {
                Thread.sleep(100);
            }
            Thread.sleep(3000);
            List<Long> latencies = new ArrayList<>();
            long intervalNs = 1_000_000_000L / rate;
            long next = System.nanoTime();
            int sent = 0;
            List<List<Fix>> tracks = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                tracks.add(EngineFailoverTest.track(device(d), -12.0 - d * 0.01, -77.03));
            }
            for (int i = 0; i < EngineFailoverTest.FIXES; i++) {
                for (int d = 0; d < devices; d++) {
                    Fix f = tracks.get(d).get(i);
                    // the record's timestamp is when it is produced; the engine's alarm carries it on
                    p.send(new ProducerRecord<>(s.recordsTopic(), null, System.currentTimeMillis(), device(d), Messages.fix(f)));
                    sent++;
                    next += intervalNs;
                    while (System.nanoTime() < next) {
                        for (ConsumerRecord<String, byte[]> r : alarms.poll(Duration.ZERO)) {
                            latencies.add(System.currentTimeMillis() - r.timestamp());
                        }
                    }
                }
            }
            long until = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, byte[]> r : alarms.poll(Duration.ofMillis(200))) {
                    latencies.add(System.currentTimeMillis() - r.timestamp());
                }
            }
            long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "RESULT latency rate=%d records/s sent=%d alarms=%d p50=%d ms p99=%d ms max=%d ms load=%s%n",
                    rate, sent, l.length, pct(l, 50), pct(l, 99), l.length == 0 ? -1 : l[l.length - 1], load());
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    private static String device(int d) {
        return "86" + String.format(Locale.ROOT, "%013d", d);
    }

    private static String load() throws Exception {
        return Arrays.toString(Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
    }
}
