package org.alterna.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.alterna.supervision.AlarmEvent;
import org.alterna.supervision.DeviceSupervisor;
import org.alterna.supervision.SupervisorStates;
import org.alterna.telemetry.Fix;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engine nodes share the partitions of a real broker; one — a process of its own — is killed (SIGKILL) while the
 * records stream in. The alarm changes that reach the alarms topic (committed transactions only) are, device by
 * device and in order, exactly those of the pure engine fed the same records: none lost, none twice.
 */
class EngineFailoverTest {
    static final int DEVICES = 12;
    static final int FIXES = 80;
    static final Instant T0 = Instant.parse("2026-03-02T14:00:00Z");

    static {
        KafkaTestBroker.quiet();
    }

    @TempDir
    Path dir;
    private Process other;
    private EngineNode local;

    @AfterEach
    void stop() throws IOException {
        Path log = dir.resolve("other.log");
        if (Files.exists(log)) { // what the killed node said, for a failure's report
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> System.out.println("[engine process] " + l));
        }
        if (other != null) {
            other.destroyForcibly();
        }
        if (local != null) {
            local.close();
        }
    }

    @Test
    void killingAnEngineNodeMidStreamLosesAndDuplicatesNoAlarm() throws Exception {
        String bootstrap = KafkaTestBroker.bootstrapServers();
        String prefix = "failover" + ThreadLocalRandom.current().nextInt(1_000_000);
        String appId = prefix + "-engine";
        ScaleoutSettings s = new ScaleoutSettings(Set.of(ScaleoutSettings.Role.ENGINE), bootstrap, prefix, 6, (short) 1,
                1, appId, dir.resolve("local").toString(), 1, 0, Duration.ZERO, null);
        Map<String, Object> fast = Map.of("consumer.session.timeout.ms", "6000", "consumer.heartbeat.interval.ms", "500",
                "producer.transaction.timeout.ms", "5000", "commit.interval.ms", "100");
        local = new EngineNode(s, fast).start();
        other = startEngineProcess(bootstrap, prefix, appId, dir.resolve("other"), dir.resolve("other.log"));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            await().atMost(60, TimeUnit.SECONDS).until(() -> members(admin, appId) == 2 && local.running());
            phase("two engine nodes share the partitions");

            Map<String, Messages.DevicePlan> plans = new LinkedHashMap<>();
            Map<String, List<Fix>> tracks = new LinkedHashMap<>();
            for (int d = 0; d < DEVICES; d++) {
                String device = "86" + String.format(Locale.ROOT, "%013d", d);
                double lat = -12.0 - d * 0.02;
                double lon = -77.03;
                plans.put(device, plan(lat, lon));
                tracks.put(device, track(device, lat, lon));
                producer.send(new ProducerRecord<>(s.plansTopic(), device, Messages.plan(plans.get(device)))).get();
            }
            // the plans are in force before the first record
            await().atMost(30, TimeUnit.SECONDS).until(() -> consumed(admin, appId, s.plansTopic()));
            phase("plans in force");

            int total = DEVICES * FIXES;
            int killAt = total * 55 / 100;
            int sent = 0;
            for (int i = 0; i < FIXES; i++) {
                for (Map.Entry<String, List<Fix>> t : tracks.entrySet()) {
                    Fix f = t.getValue().get(i);
                    // timestamped now, as a gateway does (the topic's retention goes by record timestamps)
                    producer.send(new ProducerRecord<>(s.recordsTopic(), t.getKey(), Messages.fix(f)));
                    if (++sent == killAt) {
                        producer.flush();
                        // the other node has done part of its share when it dies
                        await().atMost(30, TimeUnit.SECONDS).until(() -> committedRecords(admin, appId, s.recordsTopic()) > 0);
                        other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                        phase("engine process killed after " + sent + " records");
                    }
                }
            }
            producer.flush();

            Map<String, List<String>> expected = new HashMap<>();
            int expectedTotal = 0;
            for (Map.Entry<String, List<Fix>> t : tracks.entrySet()) {
                DeviceSupervisor sup = SupervisorStates.supervisor(plans.get(t.getKey()).timeline());
                List<String> changes = new ArrayList<>();
                for (Fix f : t.getValue()) {
                    sup.onFix(f).forEach(e -> changes.add(describe(e)));
                }
                expected.put(t.getKey(), changes);
                expectedTotal += changes.size();
            }
            assertThat(expected.values()).allSatisfy(changes -> assertThat(changes).anyMatch(c -> c.startsWith("RAISED")));

            Map<String, List<String>> actual = new HashMap<>();
            try (KafkaConsumer<String, byte[]> alarms = committedReader(bootstrap)) {
                alarms.subscribe(List.of(s.alarmsTopic()));
                int wanted = expectedTotal;
                int[] got = {0};
                await().atMost(90, TimeUnit.SECONDS).until(() -> {
                    got[0] += read(alarms, actual, Duration.ofMillis(500));
                    return got[0] >= wanted;
                });
                phase("all " + wanted + " alarm changes read");
                read(alarms, actual, Duration.ofSeconds(3)); // anything more would be a duplicate
            }
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static final long START = System.nanoTime();

    static void phase(String what) {
        System.out.printf(Locale.ROOT, "[scale-out test +%.1fs] %s%n", (System.nanoTime() - START) / 1e9, what);
    }

    private static int read(KafkaConsumer<String, byte[]> c, Map<String, List<String>> into, Duration wait) {
        int n = 0;
        for (ConsumerRecord<String, byte[]> r : c.poll(wait)) {
            Messages.EngineAlarm a = Messages.alarm(r.value());
            into.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(describe(a.event()));
            n++;
        }
        return n;
    }

    static String describe(AlarmEvent e) {
        return e.kind() + " " + e.alarmId() + (e.late() ? " late" : "");
    }

    /** An exclusion zone 200 m around a point 1.5 km north of where the person lives. */
    static Messages.DevicePlan plan(double lat, double lon) {
        String conditions = String.format(Locale.ROOT, """
                {"zones":[{"id":"victim-home","type":"EXCLUSION","geometry":{"type":"Point","coordinates":[%s,%s]},
                  "radiusMeters":200}]}""", lon, lat + 0.0135);
        return new Messages.DevicePlan(UUID.randomUUID(), false, "America/Lima",
                List.of(new Messages.DevicePlan.Version(Instant.parse("2026-01-01T00:00:00Z"), conditions, List.of())));
    }

    /** A fix every 30 s: at home, into the zone, home, into the zone again, home. */
    static List<Fix> track(String device, double lat, double lon) {
        List<Fix> fixes = new ArrayList<>();
        for (int i = 0; i < FIXES; i++) {
            boolean inside = (i >= 20 && i < 35) || (i >= 55 && i < 70);
            double jitter = ((i * 7919) % 11 - 5) * 0.00001;
            double fixLat = (inside ? lat + 0.0135 : lat) + jitter;
            Instant t = T0.plusSeconds(30L * i);
            fixes.add(new Fix(device, t, t.plusMillis(800), fixLat, lon + jitter, 150.0, 3.0, 0.0, 9, 0.9, 5.0, true,
                    Fix.PositionSource.GPS, 80, false, false, Fix.StrapState.CLOSED, Set.of(), Map.of()));
        }
        return fixes;
    }

    private Process startEngineProcess(String bootstrap, String prefix, String appId, Path stateDir, Path log)
            throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-Dlogback.configurationFile=" + KafkaTestBroker.quietLogback(dir), "-cp", cp, EngineNode.class.getName(), "--bootstrap-servers=" + bootstrap,
                "--topic-prefix=" + prefix, "--partitions=6", "--replication-factor=1", "--min-insync-replicas=1",
                "--application-id=" + appId, "--state-dir=" + stateDir, "--tick-interval=0",
                "--kafka.consumer.session.timeout.ms=6000", "--kafka.consumer.heartbeat.interval.ms=500",
                "--kafka.producer.transaction.timeout.ms=5000", "--kafka.commit.interval.ms=100");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        org.alterna.testsupport.ServerProcess.killOnExit(p);
        return p;
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static KafkaConsumer<String, byte[]> committedReader(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    static int members(Admin admin, String group) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        return d.members().size();
    }

    /** True when the group has committed every plan published so far. */
    static boolean consumed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < 6; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        var ends = admin.listOffsets(latest).all().get();
        for (var e : ends.entrySet()) {
            long end = e.getValue().offset();
            OffsetAndMetadata c = committed.get(e.getKey());
            if (end > 0 && (c == null || c.offset() < end)) {
                return false;
            }
        }
        return true;
    }

    static long committedRecords(Admin admin, String group, String topic) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }
}
