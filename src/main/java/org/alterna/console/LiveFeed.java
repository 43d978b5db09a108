package org.alterna.console;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.alterna.identity.Actor;
import org.alterna.orders.OrderScope;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.FixesStored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes new positions to the open consoles as server-sent events ({@code event: position}), each console
 * receiving only the people its user may see. Stored fixes are handed off at once so that the telemetry store's
 * delivery thread is never held up by a slow browser.
 */
@Component
class LiveFeed implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    /** How long a "may this user see this order" answer is reused. */
    private static final long SCOPE_TTL_MS = 30_000;

    private final MonitoringViews views;
    private final OrderScope scope;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "console-live");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-live-heartbeat");
        t.setDaemon(true);
        return t;
    });

    LiveFeed(MonitoringViews views, OrderScope scope) {
        this.views = views;
        this.scope = scope;
        heartbeat.scheduleAtFixedRate(this::ping, 15, 15, TimeUnit.SECONDS);
    }

    private record Seen(boolean visible, long at) {
    }

    private static final class Subscriber {
        final Actor actor;
        final SseEmitter emitter;
        final Map<UUID, Seen> seen = new ConcurrentHashMap<>();

        Subscriber(Actor actor, SseEmitter emitter) {
            this.actor = actor;
            this.emitter = emitter;
        }
    }

    SseEmitter subscribe(Actor actor) {
        SseEmitter emitter = new SseEmitter(0L);
        Subscriber s = new Subscriber(actor, emitter);
        subscribers.add(s);
        emitter.onCompletion(() -> subscribers.remove(s));
        emitter.onTimeout(() -> subscribers.remove(s));
        emitter.onError(e -> subscribers.remove(s));
        try {
            emitter.send(SseEmitter.event().name("hello").data(Map.of("at", Instant.now().toString()),
                    MediaType.APPLICATION_JSON));
        } catch (IOException e) {
            subscribers.remove(s);
        }
        return emitter;
    }

    int subscriberCount() {
        return subscribers.size();
    }

    @EventListener
    void on(FixesStored stored) {
        if (subscribers.isEmpty()) {
            return;
        }
        List<Fix> batch = stored.fixes();
        delivery.execute(() -> deliver(batch));
    }

    private void deliver(List<Fix> batch) {
        // the newest fix per device is all a live map needs
        Map<String, Fix> newest = new LinkedHashMap<>();
        for (Fix f : batch) {
            newest.merge(f.deviceId(), f, (a, b) -> b.deviceTime().isAfter(a.deviceTime()) ? b : a);
        }
        for (Fix fix : newest.values()) {
            Optional<UUID> order;
            try {
                order = views.orderOfDevice(fix.deviceId());
            } catch (RuntimeException e) {
                log.warn("live feed: cannot look up the order of device {}: {}", fix.deviceId(), e.toString());
                continue;
            }
            if (order.isEmpty()) {
                continue;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("orderId", order.get());
            data.put("deviceId", fix.deviceId());
            data.put("position", MonitoringViews.Position.of(fix));
            data.put("batteryPercent", fix.batteryPercent());
            data.put("charging", fix.charging());
            data.put("strap", fix.strap() == null ? null : fix.strap().name());
            data.values().removeIf(java.util.Objects::isNull);
            for (Subscriber s : subscribers) {
                if (visible(s, order.get())) {
                    send(s, "position", data);
                }
            }
        }
    }

    private boolean visible(Subscriber s, UUID orderId) {
        long now = System.currentTimeMillis();
        Seen seen = s.seen.get(orderId);
        if (seen == null || now - seen.at() > SCOPE_TTL_MS) {
            boolean v;
            try {
                v = scope.canSee(s.actor, orderId);
            } catch (RuntimeException e) {
                v = false;
            }
            seen = new Seen(v, now);
            s.seen.put(orderId, seen);
        }
        return seen.visible();
    }

    private void send(Subscriber s, String event, Object data) {
        try {
            synchronized (s) {
                s.emitter.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
            }
        } catch (IOException | IllegalStateException gone) {
            subscribers.remove(s);
        }
    }

    private void ping() {
        for (Subscriber s : subscribers) {
            try {
                synchronized (s) {
                    s.emitter.send(SseEmitter.event().comment("ping"));
                }
            } catch (IOException | IllegalStateException gone) {
                subscribers.remove(s);
            }
        }
    }

    @Override
    public void destroy() {
        heartbeat.shutdownNow();
        delivery.shutdownNow();
        for (Subscriber s : subscribers) {
            try {
                s.emitter.complete();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
        subscribers.clear();
    }
}
