package org.alterna.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.alterna.telemetry.Fix;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway node (its own process) is killed with SIGKILL while devices stream records through it: every record it
 * had acknowledged is in the records topic, and each device's records are there in the order it sent them, each once.
 */
class GatewayNodeKillTest {
    static {
        KafkaTestBroker.quiet();
    }

    @TempDir
    Path dir;
    private Process gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.destroyForcibly();
        }
    }

    @Test
    void noAcknowledgedRecordIsLostWhenAGatewayNodeDies() throws Exception {
        String bootstrap = KafkaTestBroker.bootstrapServers();
        String prefix = "gwkill" + ThreadLocalRandom.current().nextInt(1_000_000);
        Topics.ensure(new ScaleoutSettings(null, bootstrap, prefix, 3, (short) 1, 1, null, null, null, null, null, null));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dlogback.configurationFile=" + KafkaTestBroker.quietLogback(dir), "-cp", cp,
                GatewayNodeDriver.class.getName(), bootstrap, prefix, "50")
                .redirectError(dir.resolve("gateway.err").toFile()).start();
        org.alterna.testsupport.ServerProcess.killOnExit(gateway);

        Map<String, java.util.Set<Integer>> acked = new HashMap<>();
        int acks = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    String[] f = line.split(" ");
                    for (int seq = Integer.parseInt(f[2]); seq <= Integer.parseInt(f[3]); seq++) {
                        acked.computeIfAbsent(f[1], k -> new java.util.HashSet<>()).add(seq);
                    }
                    if (++acks == 2_000) { // 10,000 records acknowledged: kill the node mid-stream (SIGKILL,
                        gateway.toHandle().destroyForcibly(); // keeping its output: acknowledgements already given)
                    }
                }
            }
        }
        assertThat(gateway.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(acks).isGreaterThanOrEqualTo(2_000);

        Map<String, List<Integer>> inTopic = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = EngineFailoverTest.committedReader(bootstrap)) {
            List<org.apache.kafka.common.TopicPartition> partitions = List.of(0, 1, 2).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(prefix + ".records", p)).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> ends = c.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> c.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> r : records) {
                    Fix f = Messages.fix(r.value());
                    inTopic.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(((Number) f.io().get("seq")).intValue());
                }
            }
            System.out.println("[gateway kill test] ends " + ends + " positions "
                    + partitions.stream().map(c::position).toList() + " acks " + acks);
        }
        assertThat(inTopic.keySet()).containsAll(acked.keySet());
        for (Map.Entry<String, java.util.Set<Integer>> a : acked.entrySet()) {
            List<Integer> seqs = inTopic.get(a.getKey());
            // every acknowledged record is there (unacknowledged ones may be too), in the order sent, none twice
            assertThat(seqs).as(a.getKey()).containsAll(a.getValue());
            assertThat(seqs).as(a.getKey()).isSorted().doesNotHaveDuplicates();
        }
    }
}
