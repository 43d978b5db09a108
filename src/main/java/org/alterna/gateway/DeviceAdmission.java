package org.alterna.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.alterna.devices.DeviceStatus;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.alterna.devices.DeviceRegistry;
import org.alterna.devices.RegisteredDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a device may talk to the gateway, off the event-loop threads (registry lookups may hit the
 * database), and records refusals: a row in {@code unknown_device_event} and a log line, each at most once per
 * device per minute.
 *
 * <p>A flood of random ids must not starve real devices: an id found unknown or retired is answered from a negative
 * cache (Caffeine) for {@code unknownIdTtl}; ids once admitted (and every ACTIVE device at start) are looked up on a
 * lane of their own; any other id waits on a short probe lane, and when that is full the connection is closed
 * unanswered (a real device reconnects).
 */
final class DeviceAdmission {
    private static final Logger log = LoggerFactory.getLogger(DeviceAdmission.class);
    private static final long REFUSAL_INTERVAL_MS = 60_000;

    private final DeviceRegistry registry;
    private final Clock clock;
    private final GatewayLimits limits;
    private volatile ThreadPoolExecutor lookups;
    private volatile ThreadPoolExecutor probes;
    private volatile ThreadPoolExecutor refusals;
    private final ConcurrentHashMap<String, Long> lastRefusal = new ConcurrentHashMap<>();
    /** Ids found unknown or retired, answered without a lookup. */
    private final Cache<String, RegisteredDevice> refusedIds;
    private static final RegisteredDevice UNKNOWN = new RegisteredDevice("", "", "", null, null, null, null, null, null,
            null, null, null, null, null, null, null);
    /** Ids admitted before: their lookups never queue behind unknown ones. */
    private final Cache<String, Boolean> knownIds;
    final java.util.concurrent.atomic.LongAdder answeredFromCache = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder probesRefused = new java.util.concurrent.atomic.LongAdder();

    DeviceAdmission(DeviceRegistry registry, Clock clock) {
        this(registry, clock, GatewayLimits.defaults());
    }

    DeviceAdmission(DeviceRegistry registry, Clock clock, GatewayLimits limits) {
        this.registry = registry;
        this.clock = clock;
        this.limits = limits;
        this.refusedIds = Caffeine.newBuilder().maximumSize(limits.unknownIdCache())
                .expireAfterWrite(limits.unknownIdTtl()).build();
        this.knownIds = Caffeine.newBuilder().maximumSize(1_000_000).expireAfterAccess(Duration.ofDays(7)).build();
        start();
    }

    /**
     * Remembers every device serving an order (INSTALLED or ACTIVE in the inventory) as known, so that its first
     * lookup after a restart takes the known lane.
     */
    void preload() {
        try {
            for (DeviceStatus status : DeviceStatus.SERVING) {
                int offset = 0;
                while (true) {
                    List<RegisteredDevice> page = registry.list(status, null, null, null, 1000, offset);
                    page.forEach(d -> knownIds.put(d.uniqueId(), Boolean.TRUE));
                    if (page.size() < 1000) {
                        break;
                    }
                    offset += page.size();
                }
            }
        } catch (RuntimeException e) {
            log.warn("cannot preload the active devices for admission: {}", e.toString());
        }
    }

    /** Forgets what was cached about {@code deviceId} (it was registered, reactivated or retired). */
    void forget(String deviceId) {
        refusedIds.invalidate(deviceId);
    }

    /** (Re)creates the worker pools; the servers call it on every start (a context may be stopped and restarted). */
    synchronized void start() {
        if (lookups == null || lookups.isShutdown()) {
            lookups = pool("gateway-lookup", 2, 10_000);
        }
        if (probes == null || probes.isShutdown()) {
            probes = pool("gateway-probe", 1, limits.probeQueue());
        }
        if (refusals == null || refusals.isShutdown()) {
            refusals = pool("gateway-refusals", 1, 1_000);
        }
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * The device, whatever its status, or empty; completes on a lookup thread, or at once for an id in the negative
     * cache (a retired device answered from it is told apart from an unknown one only in the refusal log). Fails with
     * a RejectedExecutionException when the probe lane is full.
     */
    CompletableFuture<Optional<RegisteredDevice>> lookup(String deviceId) {
        RegisteredDevice refused = refusedIds.getIfPresent(deviceId);
        if (refused != null) {
            answeredFromCache.increment();
            return CompletableFuture.completedFuture(refused == UNKNOWN ? Optional.empty() : Optional.of(refused));
        }
        boolean known = knownIds.getIfPresent(deviceId) != null;
        try {
            return CompletableFuture.supplyAsync(() -> {
                Optional<RegisteredDevice> d = registry.find(deviceId);
                if (d.isPresent() && d.get().active()) {
                    knownIds.put(deviceId, Boolean.TRUE);
                } else {
                    refusedIds.put(deviceId, d.orElse(UNKNOWN));
                }
                return d;
            }, known ? lookups : probes);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            probesRefused.increment();
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Records a refused device (reason UNKNOWN or RETIRED), rate-limited per device. */
    void refused(String deviceId, String remote, String protocol, String reason) {
        long now = System.currentTimeMillis();
        String key = String.valueOf(deviceId);
        Long last = lastRefusal.get(key);
        if (last != null && now - last < REFUSAL_INTERVAL_MS) {
            return;
        }
        if (lastRefusal.size() > 100_000) {
            lastRefusal.clear();
        }
        lastRefusal.put(key, now);
        log.warn("refused {} device {} from {} over {} (next report for this device in 1 min at the earliest)",
                reason.toLowerCase(), deviceId, remote, protocol);
        try {
            refusals.execute(() -> {
                try {
                    registry.recordRefused(deviceId, remote, protocol, reason, clock.instant());
                } catch (RuntimeException e) {
                    log.warn("cannot record refused device {}: {}", deviceId, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("refusal log queue full; not recording {}", deviceId);
        }
    }

    synchronized void shutdown() {
        lookups.shutdown();
        probes.shutdown();
        refusals.shutdown();
        try {
            refusals.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
