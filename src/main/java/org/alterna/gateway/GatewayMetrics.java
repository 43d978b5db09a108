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
    final Counter perAddressRefused;
    final Counter identifyTimeouts;
    final Counter frameBudgetClosed;
    final Counter osmandBusy;
    final Counter suspicious;
    final Counter networkRefused;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.connectionsOverCap = Counter.builder("alterna.gateway.connections.refused")
                .description("Connections closed at once because the connection cap was reached").register(registry);
        this.perAddressRefused = Counter.builder("alterna.gateway.connections.refused.per.address")
                .description("Connections closed at once: too many open from the same address").register(registry);
        this.identifyTimeouts = Counter.builder("alterna.gateway.identify.timeouts")
                .description("Connections closed for not identifying a registered device in time").register(registry);
        this.frameBudgetClosed = Counter.builder("alterna.gateway.frame.budget.closed")
                .description("Connections closed because the gateway-wide partial-frame budget was spent")
                .register(registry);
        this.osmandBusy = Counter.builder("alterna.gateway.osmand.busy")
                .description("OsmAnd requests answered 503 because too many were being stored").register(registry);
        this.suspicious = Counter.builder("alterna.gateway.fixes.suspicious")
                .description("Fixes flagged implausible (impossible speed, device time jumping back)").register(registry);
        this.networkRefused = Counter.builder("alterna.gateway.network.refused")
                .description("Devices refused for connecting from outside their model's allowed networks")
                .register(registry);
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
