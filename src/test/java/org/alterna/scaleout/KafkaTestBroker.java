package org.alterna.scaleout;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real Kafka broker (KRaft mode, in this JVM, random port) shared by every scale-out test: started on first use,
 * stopped when the JVM exits. Each test uses topics and group ids of its own.
 */
final class KafkaTestBroker {
    private static EmbeddedKafkaKraftBroker broker;

    private KafkaTestBroker() {
    }

    static synchronized String bootstrapServers() {
        if (broker == null) {
            quiet();
            EmbeddedKafkaKraftBroker b = new EmbeddedKafkaKraftBroker(1, 1);
            b.brokerProperties(Map.of(
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "offsets.topic.replication.factor", "1",
                    "group.initial.rebalance.delay.ms", "0",
                    "group.min.session.timeout.ms", "1000",
                    // a dead engine's open transaction is aborted soon after its timeout, releasing read_committed readers
                    "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"));
            b.afterPropertiesSet();
            broker = b;
            Runtime.getRuntime().addShutdownHook(new Thread(b::destroy, "kafka-test-broker-stop"));
        }
        return broker.getBrokersAsString();
    }

    /** Kafka's clients and broker log at INFO without a logging configuration: warnings only in these tests. */
    static void quiet() {
        for (String name : new String[] {"org.apache.kafka", "kafka", "state.change.logger", "org.springframework.kafka"}) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** A logging configuration with Kafka at WARN, for a child process. */
    static String quietLogback(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path f = dir.resolve("logback-quiet.xml");
        java.nio.file.Files.writeString(f, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.kafka" level="WARN"/>
                  <logger name="org.alterna" level="INFO"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        return f.toString();
    }
}
