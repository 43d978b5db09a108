package org.alterna.gateway;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.alterna.telemetry.RecordSink;

/** What every connection handler shares: admission, the writer, meters, limits and open channels by device. */
final class Gateway {
    final DeviceAdmission admission;
    final RecordSink writer;
    final GatewayMetrics metrics;
    final int maxConnections;
    final Duration idleTimeout;
    final AtomicInteger connections = new AtomicInteger();
    private final Map<String, Channel> channelsByDevice = new ConcurrentHashMap<>();

    Gateway(DeviceAdmission admission, RecordSink writer, GatewayMetrics metrics, int maxConnections,
            Duration idleTimeout) {
        this.admission = admission;
        this.writer = writer;
        this.metrics = metrics;
        this.maxConnections = maxConnections;
        this.idleTimeout = idleTimeout;
    }

    /** Remembers the device's connection, so that retiring the device can close it. */
    void opened(String deviceId, Channel channel) {
        // an HTTP connection kept alive by a client relaying many devices comes back here for each of them in turn:
        // one close listener per device and connection, not one per switch
        if (channelsByDevice.put(deviceId, channel) != channel) {
            channel.closeFuture().addListener(f -> channelsByDevice.remove(deviceId, channel));
        }
    }

    /** Closes the device's open connection, if any. */
    void close(String deviceId) {
        Channel c = channelsByDevice.remove(deviceId);
        if (c != null) {
            c.close();
        }
    }
}
