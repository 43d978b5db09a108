package org.alterna.scaleout;

import java.time.Clock;
import java.util.Map;
import org.alterna.supervision.SupervisionLog;
import org.alterna.telemetry.BatchWriter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires the roles named in {@code alterna.scaleout.roles}; with none (the default) nothing here exists and Alterna is
 * one process with its own database. Application nodes must not also run the single-process engine
 * ({@code alterna.supervision.live.enabled=false}): the engine nodes supervise.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScaleoutSettings.class)
class ScaleoutConfig {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("'${alterna.scaleout.roles:}'.toUpperCase().contains('GATEWAY')")
    static class GatewayRole {
        /** Replaces the database as the gateway's sink: records are acknowledged once Kafka has them. */
        @Bean(destroyMethod = "close")
        @Primary
        KafkaRecordSink kafkaRecordSink(ScaleoutSettings settings, Clock clock) {
            Topics.ensure(settings);
            return new KafkaRecordSink(settings, clock, Map.of());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("'${alterna.scaleout.roles:}'.toUpperCase().contains('APPLICATION')")
    static class ApplicationRole {
        @Bean
        AlarmIngest alarmIngest(ScaleoutSettings settings, SupervisionLog log, JdbcClient jdbc,
                PlatformTransactionManager transactions, Clock clock) {
            Topics.ensure(settings);
            return new AlarmIngest(settings, log, jdbc, transactions, clock, Map.of());
        }

        @Bean
        PlanPublisher planPublisher(ScaleoutSettings settings, org.alterna.orders.Orders orders,
                org.alterna.devices.DeviceRegistry devices, org.alterna.common.LocalTime localTime, Clock clock) {
            Topics.ensure(settings);
            return new PlanPublisher(settings, orders, devices, localTime, clock, Map.of());
        }

        @Bean
        RecordIngest recordIngest(ScaleoutSettings settings, BatchWriter writer) {
            return new RecordIngest(settings, writer, Map.of());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("'${alterna.scaleout.roles:}'.toUpperCase().contains('ENGINE')")
    static class EngineRole {
        @Bean
        EngineLifecycle engineLifecycle(ScaleoutSettings settings) {
            return new EngineLifecycle(settings);
        }
    }

    /** Runs an engine node inside this process. */
    static final class EngineLifecycle implements SmartLifecycle {
        private final ScaleoutSettings settings;
        private EngineNode node;

        EngineLifecycle(ScaleoutSettings settings) {
            this.settings = settings;
        }

        @Override
        public synchronized void start() {
            node = new EngineNode(settings, Map.of()).start();
        }

        @Override
        public synchronized void stop() {
            if (node != null) {
                node.close();
                node = null;
            }
        }

        @Override
        public synchronized boolean isRunning() {
            return node != null;
        }
    }
}
