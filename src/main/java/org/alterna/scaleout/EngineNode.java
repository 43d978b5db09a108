package org.alterna.scaleout;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine node: the supervision engine as a Kafka Streams application ({@link EngineTopology}). It needs no
 * database: its inputs are the records and plans topics, its output the alarms topic, its state in its stores and
 * their changelogs. Run it on its own with {@link #main} or inside an Alterna process with the {@code ENGINE} role.
 */
public final class EngineNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EngineNode.class);
    private final KafkaStreams streams;

    public EngineNode(ScaleoutSettings settings, Map<String, Object> overrides) {
        Topics.ensure(settings);
        Properties p = EngineTopology.properties(settings);
        p.putAll(overrides);
        this.streams = new KafkaStreams(EngineTopology.build(settings), p);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("engine thread failed, replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
    }

    public EngineNode start() {
        streams.start();
        return this;
    }

    /** True once the node has its partitions and is processing. */
    public boolean running() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }

    /**
     * Runs an engine node until stopped. Settings as system properties or {@code --name=value} arguments, named like
     * the {@code alterna.scaleout.*} settings: {@code bootstrap-servers}, {@code topic-prefix}, {@code partitions},
     * {@code replication-factor}, {@code min-insync-replicas}, {@code application-id}, {@code state-dir},
     * {@code engine-threads}, {@code standby-replicas}, {@code tick-interval} (seconds); any other {@code kafka.*}
     * argument is passed to Kafka Streams as it is.
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> a = new java.util.HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        java.util.function.Function<String, String> get = k -> a.getOrDefault(k,
                System.getProperty("alterna.scaleout." + k));
        ScaleoutSettings s = new ScaleoutSettings(Set.of(ScaleoutSettings.Role.ENGINE), get.apply("bootstrap-servers"),
                get.apply("topic-prefix"), integer(get.apply("partitions")),
                get.apply("replication-factor") == null ? null : Short.valueOf(get.apply("replication-factor")),
                integer(get.apply("min-insync-replicas")), get.apply("application-id"), get.apply("state-dir"),
                integer(get.apply("engine-threads")), integer(get.apply("standby-replicas")),
                get.apply("tick-interval") == null ? null : Duration.ofSeconds(Long.parseLong(get.apply("tick-interval"))),
                null);
        Map<String, Object> overrides = new java.util.HashMap<>();
        a.forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                overrides.put(k.substring("kafka.".length()), v);
            }
        });
        EngineNode node = new EngineNode(s, overrides);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "engine-stop"));
        node.start();
        log.info("engine node {} on {} started", s.applicationId(), s.bootstrapServers());
        System.out.println("ENGINE STARTED");
        stopped.await();
    }

    private static Integer integer(String v) {
        return v == null ? null : Integer.valueOf(v);
    }
}
