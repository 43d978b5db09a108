package org.alterna.alarms;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live feed: every connected console gets {@code event: alarm} and {@code event: position} within its scope
 * (OPERATOR centre, SUPERVISOR region, JUDGE court, PROSECUTOR assigned cases, ADMIN all; POLICE only CRITICAL
 * alarms, with their position, and no other positions). Publishing never blocks: each client has a bounded queue
 * drained by a worker, and events for a client whose queue is full are dropped (counted). A heartbeat comment keeps
 * proxies from closing idle streams.
 */
@Component
class LiveFeedHub implements LiveFeed {
    private static final Logger log = LoggerFactory.getLogger(LiveFeedHub.class);

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ExecutorService senders;
    private final ScheduledExecutorService heartbeat;
    private final AlarmRepository repo;
    private final long timeoutMillis;
    private final int queueSize;
    private final AtomicLong dropped = new AtomicLong();

    LiveFeedHub(AlarmRepository repo, @Value("${alterna.live.heartbeat:PT15S}") Duration heartbeatEvery,
            @Value("${alterna.live.timeout:PT30M}") Duration timeout,
            @Value("${alterna.live.queue-size:256}") int queueSize) {
        this.repo = repo;
        this.timeoutMillis = timeout.toMillis();
        this.queueSize = queueSize;
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "live-feed-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-feed-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = heartbeatEvery.toMillis();
        heartbeat.scheduleAtFixedRate(() -> subscribers.forEach(s -> s.offer(SseEmitter.event().comment("heartbeat"))),
                every, every, TimeUnit.MILLISECONDS);
    }

    final class Subscriber {
        final Actor actor;
        final SseEmitter emitter;
        final Queue<SseEmitter.SseEventBuilder> queue;
        final AtomicBoolean draining = new AtomicBoolean();

        Subscriber(Actor actor) {
            this.actor = actor;
            this.emitter = new SseEmitter(timeoutMillis);
            this.queue = new ArrayBlockingQueue<>(queueSize);
        }

        void offer(SseEmitter.SseEventBuilder event) {
            if (!queue.offer(event)) {
                dropped.incrementAndGet();
                return;
            }
            if (draining.compareAndSet(false, true)) {
                try {
                    senders.execute(this::drain);
                } catch (RuntimeException rejected) {
                    draining.set(false);
                }
            }
        }

        private void drain() {
            while (true) {
                SseEmitter.SseEventBuilder next;
                while ((next = queue.poll()) != null) {
                    try {
                        emitter.send(next);
                    } catch (IOException | IllegalStateException e) {
                        close();
                        return;
                    }
                }
                draining.set(false);
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
            }
        }

        void close() {
            subscribers.remove(this);
            queue.clear();
            try {
                emitter.complete();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }

    SseEmitter subscribe(Actor actor) {
        Subscriber s = new Subscriber(actor);
        s.emitter.onCompletion(() -> subscribers.remove(s));
        s.emitter.onTimeout(s::close);
        s.emitter.onError(e -> subscribers.remove(s));
        subscribers.add(s);
        s.offer(SseEmitter.event().comment("connected as " + actor.username()));
        return s.emitter;
    }

    int subscribers() {
        return subscribers.size();
    }

    long dropped() {
        return dropped.get();
    }

    @Override
    public void position(PositionUpdate p) {
        if (p == null || subscribers.isEmpty()) {
            return;
        }
        String json = null;
        for (Subscriber s : subscribers) {
            if (seesPosition(s.actor, p)) {
                if (json == null) {
                    json = Notifier.JSON.writeValueAsString(p);
                }
                s.offer(SseEmitter.event().name("position").data(json));
            }
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(AlarmRaised e) {
        alarm(e.alarmId(), "raised");
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(AlarmChanged e) {
        alarm(e.alarmId(), e.action());
    }

    private void alarm(java.util.UUID id, String action) {
        if (subscribers.isEmpty()) {
            return;
        }
        try {
            Alarm a = repo.find(id).orElse(null);
            if (a == null) {
                return;
            }
            String json = null;
            for (Subscriber s : subscribers) {
                if (seesAlarm(s.actor, a)) {
                    if (json == null) {
                        json = Notifier.JSON.writeValueAsString(payload(a, action));
                    }
                    s.offer(SseEmitter.event().name("alarm").id(a.id().toString()).data(json));
                }
            }
        } catch (RuntimeException e) {
            log.warn("live feed: cannot publish alarm {}: {}", id, e.toString());
        }
    }

    private Map<String, Object> payload(Alarm a, String action) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id().toString());
        m.put("action", action);
        m.put("orderId", a.orderId().toString());
        m.put("personName", a.scope().personName());
        m.put("type", a.type());
        m.put("severity", a.severity().name());
        m.put("status", a.status().name());
        m.put("zone", a.zone());
        m.put("conditionStart", String.valueOf(a.conditionStart()));
        m.put("conditionEndedAt", a.conditionEndedAt() == null ? null : a.conditionEndedAt().toString());
        m.put("nextDeadline", a.nextDeadline() == null ? null : a.nextDeadline().toString());
        m.put("courtCode", a.scope().courtCode());
        m.put("region", a.scope().region());
        m.put("monitoringCentre", a.scope().monitoringCentre());
        repo.latestEvidence(a.id()).ifPresent(f -> m.put("position", f));
        return m;
    }

    static boolean seesAlarm(Actor actor, Alarm a) {
        if (actor.is(Role.POLICE)) {
            return a.severity() == Severity.CRITICAL;
        }
        return inScope(actor, a.scope().courtCode(), a.scope().region(), a.scope().monitoringCentre(),
                a.scope().prosecutor());
    }

    static boolean seesPosition(Actor actor, PositionUpdate p) {
        return !actor.is(Role.POLICE)
                && inScope(actor, p.courtCode(), p.region(), p.monitoringCentre(), p.prosecutor());
    }

    static boolean inScope(Actor actor, String court, String region, String centre, String prosecutor) {
        return switch (actor.role()) {
            case ADMIN, SYSTEM -> true;
            case OPERATOR -> actor.monitoringCentre() != null && Objects.equals(actor.monitoringCentre(), centre);
            case SUPERVISOR -> actor.region() != null && Objects.equals(actor.region(), region);
            case JUDGE -> actor.courtCode() != null && Objects.equals(actor.courtCode(), court);
            case PROSECUTOR -> Objects.equals(actor.username(), prosecutor);
            default -> false;
        };
    }

    @PreDestroy
    void shutdown() {
        heartbeat.shutdownNow();
        subscribers.forEach(Subscriber::close);
        senders.shutdownNow();
    }
}
