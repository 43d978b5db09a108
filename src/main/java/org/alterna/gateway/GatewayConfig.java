package org.alterna.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alterna.devices.DeviceRegistry;
import org.alterna.devices.DeviceRetired;
import org.alterna.gateway.protocol.Protocols;
import org.alterna.gateway.protocol.TrackerProtocol;
import org.alterna.telemetry.BatchWriter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * Wires the gateway when {@code alterna.gateway.enabled} (default true): the protocols of the decoders'
 * registry (plus any {@link TrackerProtocol} bean, which replaces a built-in one of the same name), the servers,
 * {@link GatewayPorts}. Settings: {@code alterna.gateway.max-connections} (20000),
 * {@code alterna.gateway.idle-timeout} (10m), {@code alterna.gateway.<protocol>.port}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "alterna.gateway.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({GatewaySettings.class, GatewayLimits.class})
class GatewayConfig {

    @Bean
    GatewayPorts gatewayPorts() {
        return new GatewayPorts();
    }

    @Bean
    Gateway gateway(DeviceRegistry registry, BatchWriter writer, MeterRegistry meters, Clock clock,
            GatewaySettings settings, GatewayLimits limits, ApplicationEventPublisher events) {
        DeviceAdmission admission = new DeviceAdmission(registry, clock, limits);
        GatewayMetrics metrics = new GatewayMetrics(meters);
        io.micrometer.core.instrument.FunctionCounter.builder("alterna.gateway.unknown.cached", admission,
                a -> a.answeredFromCache.sum()).description("Unknown or retired ids answered from the negative cache")
                .register(meters);
        io.micrometer.core.instrument.FunctionCounter.builder("alterna.gateway.probes.refused", admission,
                a -> a.probesRefused.sum()).description("Connections closed because the lane for ids never seen was full")
                .register(meters);
        Gateway gateway = new Gateway(admission, writer, metrics, settings.maxConnections(), settings.idleTimeout(),
                limits);
        gateway.events(events);
        return gateway;
    }

    @Bean
    GatewayServers gatewayServers(Gateway gateway, GatewayPorts ports, Environment env,
            ObjectProvider<TrackerProtocol> extra) {
        Map<String, TrackerProtocol> protocols = new LinkedHashMap<>();
        for (TrackerProtocol p : Protocols.tcp()) {
            protocols.put(p.name(), p);
        }
        extra.orderedStream().forEach(p -> protocols.put(p.name(), p));
        return new GatewayServers(List.copyOf(protocols.values()), Protocols.osmand(), gateway, ports, env);
    }

    @Bean
    RetiredDeviceDisconnector retiredDeviceDisconnector(Gateway gateway) {
        return new RetiredDeviceDisconnector(gateway);
    }

    /** Closes a retired device's open connection at once. */
    static final class RetiredDeviceDisconnector {
        private final Gateway gateway;

        RetiredDeviceDisconnector(Gateway gateway) {
            this.gateway = gateway;
        }

        @EventListener
        void on(DeviceRetired retired) {
            gateway.admission.forget(retired.uniqueId());
            gateway.close(retired.uniqueId());
        }

        /** A registered, reactivated or changed device is looked up afresh, not answered from the negative cache. */
        @EventListener
        void on(org.alterna.audit.Audited change) {
            if ("Device".equals(change.recordType()) && change.recordId() != null) {
                gateway.admission.forget(change.recordId());
            }
        }
    }
}
