package org.alterna.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Gateway meters, tagged by protocol. */
final class GatewayMetrics {
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, ProtocolMeters> byProtocol = new ConcurrentHashMap<>();
    final Counter connectionsOverCap;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.connectionsOverCap = Counter.builder("alterna.gateway.connections.refused")
                .description("Connections closed at once because the connection cap was reached").register(registry);
    }

    ProtocolMeters of(String protocol) {
        return byProtocol.computeIfAbsent(protocol, p -> new ProtocolMeters(registry, p));
    }

    static final class ProtocolMeters {
        final AtomicInteger connections = new AtomicInteger();
        final Counter decoded;
        final Counter acked;
        final Counter rejected;
        final Counter unknownDevices;
        final Counter decodeErrors;
        final Counter framingErrors;
        final Counter idleClosed;
        final Timer ackLatency;

        ProtocolMeters(MeterRegistry r, String p) {
            Gauge.builder("alterna.gateway.connections", connections, AtomicInteger::get).tag("protocol", p)
                    .description("Open device connections").register(r);
            decoded = Counter.builder("alterna.gateway.records.decoded").tag("protocol", p)
                    .description("Position records decoded").register(r);
            acked = Counter.builder("alterna.gateway.records.acked").tag("protocol", p)
                    .description("Position records acknowledged after commit").register(r);
            rejected = Counter.builder("alterna.gateway.records.rejected").tag("protocol", p)
                    .description("Position records not acknowledged (refused device, store failure, overload)")
                    .register(r);
            unknownDevices = Counter.builder("alterna.gateway.unknown.devices").tag("protocol", p)
                    .description("Connections or requests refused: device unknown or retired").register(r);
            decodeErrors = Counter.builder("alterna.gateway.decode.errors").tag("protocol", p)
                    .description("Frames that could not be decoded (no ack sent)").register(r);
            framingErrors = Counter.builder("alterna.gateway.framing.errors").tag("protocol", p)
                    .description("Connections closed because the byte stream could not be framed").register(r);
            idleClosed = Counter.builder("alterna.gateway.idle.closed").tag("protocol", p)
                    .description("Connections closed after the idle timeout").register(r);
            ackLatency = Timer.builder("alterna.gateway.ack.latency").tag("protocol", p)
                    .description("From a report's frame decoded to its acknowledgement written (after commit)")
                    .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(r);
        }
    }
}
