package org.alterna.gateway;

import java.time.Clock;
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
 */
final class DeviceAdmission {
    private static final Logger log = LoggerFactory.getLogger(DeviceAdmission.class);
    private static final long REFUSAL_INTERVAL_MS = 60_000;

    private final DeviceRegistry registry;
    private final Clock clock;
    private final ThreadPoolExecutor lookups;
    private final ThreadPoolExecutor refusals;
    private final ConcurrentHashMap<String, Long> lastRefusal = new ConcurrentHashMap<>();

    DeviceAdmission(DeviceRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.lookups = pool("gateway-lookup", 2, 10_000);
        this.refusals = pool("gateway-refusals", 1, 1_000);
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** The device, whatever its status, or empty; completes on a lookup thread. */
    CompletableFuture<Optional<RegisteredDevice>> lookup(String deviceId) {
        try {
            return CompletableFuture.supplyAsync(() -> registry.find(deviceId), lookups);
        } catch (java.util.concurrent.RejectedExecutionException e) {
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

    void shutdown() {
        lookups.shutdown();
        refusals.shutdown();
        try {
            refusals.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
