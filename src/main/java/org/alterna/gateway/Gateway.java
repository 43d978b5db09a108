package org.alterna.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.alterna.gateway.protocol.PartialFrameBudget;
import org.alterna.telemetry.BatchWriter;
import org.alterna.telemetry.Fix;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * What every connection handler shares: admission, the writer, meters, limits, open channels by device, the
 * newest plausible fix of each device, and the way back to connected devices ({@link DeviceLink}).
 */
final class Gateway implements DeviceLink {
    final DeviceAdmission admission;
    final BatchWriter writer;
    final GatewayMetrics metrics;
    final int maxConnections;
    final Duration idleTimeout;
    final GatewayLimits limits;
    final PartialFrameBudget frameBudget;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger osmandInFlight = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final Map<String, Channel> channelsByDevice = new ConcurrentHashMap<>();
    private final Map<String, Connected> connected = new ConcurrentHashMap<>();
    private final Cache<String, Fix> newestFix = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterAccess(Duration.ofDays(2)).build();
    private final Map<String, List<IpAddressMatcher>> allowed;
    private volatile ApplicationEventPublisher events = e -> { };

    Gateway(DeviceAdmission admission, BatchWriter writer, GatewayMetrics metrics, int maxConnections,
            Duration idleTimeout) {
        this(admission, writer, metrics, maxConnections, idleTimeout, GatewayLimits.defaults());
    }

    Gateway(DeviceAdmission admission, BatchWriter writer, GatewayMetrics metrics, int maxConnections,
            Duration idleTimeout, GatewayLimits limits) {
        this.admission = admission;
        this.writer = writer;
        this.metrics = metrics;
        this.maxConnections = maxConnections;
        this.idleTimeout = idleTimeout;
        this.limits = limits;
        this.frameBudget = new PartialFrameBudget(limits.partialFrameBudget().toBytes());
        Map<String, List<IpAddressMatcher>> nets = new ConcurrentHashMap<>();
        limits.allowedNetworks().forEach((model, cidrs) -> nets.put(model,
                cidrs.stream().map(IpAddressMatcher::new).toList()));
        this.allowed = Map.copyOf(nets);
    }

    void events(ApplicationEventPublisher events) {
        this.events = events;
    }

    void publish(Object event) {
        try {
            events.publishEvent(event);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Gateway.class).warn("listener of {} failed: {}",
                    event.getClass().getSimpleName(), e.toString());
        }
    }

    /** Counts a new connection from {@code remote}; false (and nothing counted) beyond the per-address cap. */
    boolean openFrom(SocketAddress remote) {
        InetAddress a = address(remote);
        if (a == null) {
            return true;
        }
        AtomicInteger n = perAddress.computeIfAbsent(a, k -> new AtomicInteger());
        if (n.incrementAndGet() > limits.perAddress()) {
            closedFrom(remote);
            return false;
        }
        return true;
    }

    void closedFrom(SocketAddress remote) {
        InetAddress a = address(remote);
        if (a != null) {
            perAddress.computeIfPresent(a, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    private static InetAddress address(SocketAddress remote) {
        return remote instanceof InetSocketAddress i ? i.getAddress() : null;
    }

    /** Whether a device of {@code model} may connect from {@code remote} (allow-lists per model, when configured). */
    boolean networkAllowed(String model, SocketAddress remote) {
        List<IpAddressMatcher> nets = allowed.get(model);
        if (nets == null || nets.isEmpty()) {
            return true;
        }
        InetAddress a = address(remote);
        if (a == null) {
            return false;
        }
        String ip = a.getHostAddress();
        return nets.stream().anyMatch(m -> m.matches(ip));
    }

    /**
     * The fixes with the implausible ones flagged ({@link FixPlausibility}); the newest plausible fix of the device
     * moves on. Called once the device is admitted (on its event loop, or the lookup thread for its first report).
     */
    List<Fix> judged(List<Fix> fixes) {
        List<Fix> out = new ArrayList<>(fixes.size());
        for (Fix f : fixes) {
            Fix newest = newestFix.getIfPresent(f.deviceId());
            String why = FixPlausibility.judge(newest, f, limits.maxSpeedKmh(), limits.timeBackTolerance());
            if (why != null) {
                metrics.suspicious.increment();
                out.add(FixPlausibility.flag(f, why));
            } else {
                if (FixPlausibility.newer(newest, f)) {
                    newestFix.put(f.deviceId(), f);
                }
                out.add(f);
            }
        }
        return out;
    }

    /** Remembers the device's connection, so that retiring the device can close it and commands can reach it. */
    void opened(String deviceId, Channel channel) {
        // an HTTP connection kept alive by a client relaying many devices comes back here for each of them in turn:
        // one close listener per device and connection, not one per switch
        if (channelsByDevice.put(deviceId, channel) != channel) {
            channel.closeFuture().addListener(f -> {
                channelsByDevice.remove(deviceId, channel);
                Connected c = connected.get(deviceId);
                if (c != null && channelsByDevice.get(deviceId) == null) {
                    connected.remove(deviceId, c);
                }
            });
        }
    }

    /** The device was admitted on a TCP connection that can carry commands. */
    void online(String deviceId, String protocol, String model) {
        connected.put(deviceId, new Connected(deviceId, protocol, model));
        publish(new DeviceOnline(deviceId, protocol, model));
    }

    /** Closes the device's open connection, if any. */
    void close(String deviceId) {
        Channel c = channelsByDevice.remove(deviceId);
        connected.remove(deviceId);
        if (c != null) {
            c.close();
        }
    }

    @Override
    public Optional<Connected> connection(String deviceId) {
        Connected c = connected.get(deviceId);
        Channel ch = channelsByDevice.get(deviceId);
        return c != null && ch != null && ch.isActive() ? Optional.of(c) : Optional.empty();
    }

    @Override
    public CompletableFuture<Boolean> send(String deviceId, byte[] bytes, boolean answeredByRecord) {
        Channel ch = channelsByDevice.get(deviceId);
        if (ch == null || !ch.isActive() || connected.get(deviceId) == null) {
            return CompletableFuture.completedFuture(false);
        }
        TrackerConnectionHandler h = ch.pipeline().get(TrackerConnectionHandler.class);
        if (h == null) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        ch.eventLoop().execute(() -> h.outbound(ch, bytes, answeredByRecord, written));
        return written;
    }
}
