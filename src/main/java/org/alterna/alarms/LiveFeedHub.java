package org.alterna.alarms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
import org.alterna.identity.UserAccounts;
import org.alterna.orders.OrderScope;
import org.alterna.orders.OrderScope.OrderFacts;
import org.alterna.orders.PoliceAccess;
import org.alterna.orders.PoliceAuthorisationChanged;
import org.alterna.supervision.SupervisedPosition;
import org.alterna.telemetry.Fix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The one live feed ({@code GET /api/v1/live}) of the console and of scripts: {@code event: position} for each
 * supervised position and {@code event: alarm} for each alarm raised or changed, each decided for each subscriber by
 * the scope policy ({@link OrderScope}) at the moment of the event: JUDGE and PROSECUTOR get alarms without positions
 * and no positions; POLICE only the open critical alarms of their jurisdiction and, while one is open or a judge's
 * authorisation is in force, the person's position (every such access logged for the judge); a victim's unit only
 * while a proximity alarm is open, to those who act on it.
 * <p>
 * Publishers never wait: events go into a bounded inbox that one dispatcher drains; each subscriber has a bounded
 * queue drained by its own sender, and a subscriber that falls a whole queue behind is dropped (the browser
 * reconnects), so one slow browser never holds up the others. Streams time out; every subscriber's account is
 * re-read before each batch of events it is sent and at least every 5 s, and a stream whose account was disabled
 * or changed role or scope is closed.
 */
@Component
@EnableConfigurationProperties(LiveSettings.class)
class LiveFeedHub {
    private static final Logger log = LoggerFactory.getLogger(LiveFeedHub.class);

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Runnable> inbox;
    private final ExecutorService senders;
    private final Thread dispatcher;
    private final ScheduledExecutorService timers;
    private final AlarmRepository repo;
    private final OrderScope scope;
    private final UserAccounts accounts;
    private final PoliceAccess police;
    private final LiveSettings settings;
    private final Cache<UUID, Optional<OrderFacts>> facts;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedSubscribers = new AtomicLong();
    private volatile boolean running = true;

    LiveFeedHub(AlarmRepository repo, OrderScope scope, UserAccounts accounts, PoliceAccess police,
            LiveSettings settings) {
        this.repo = repo;
        this.scope = scope;
        this.accounts = accounts;
        this.police = police;
        this.settings = settings;
        this.inbox = new ArrayBlockingQueue<>(Math.max(16, settings.inboxSize()));
        this.facts = Caffeine.newBuilder().expireAfterWrite(settings.factsTtl()).maximumSize(20_000).build();
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "live-feed-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "live-feed-timers");
            t.setDaemon(true);
            return t;
        });
        this.dispatcher = new Thread(this::dispatch, "live-feed-dispatch");
        dispatcher.setDaemon(true);
        dispatcher.start();
        long beat = settings.heartbeat().toMillis();
        timers.scheduleAtFixedRate(() -> subscribers.forEach(s -> s.offer(SseEmitter.event().comment("heartbeat"))),
                beat, beat, TimeUnit.MILLISECONDS);
        long verify = settings.verifyPeriod().toMillis();
        timers.scheduleAtFixedRate(() -> subscribers.forEach(Subscriber::verify), verify, verify,
                TimeUnit.MILLISECONDS);
    }

    final class Subscriber {
        final Actor actor;
        final SseEmitter emitter;
        final BlockingQueue<SseEmitter.SseEventBuilder> queue;
        final AtomicBoolean draining = new AtomicBoolean();
        final AtomicBoolean closed = new AtomicBoolean();
        /** Police accesses already logged on this stream: order + basis + reference, or alarm id. */
        final Set<String> logged = ConcurrentHashMap.newKeySet();

        Subscriber(Actor actor) {
            this.actor = actor;
            this.emitter = new SseEmitter(settings.timeout().toMillis());
            this.queue = new ArrayBlockingQueue<>(Math.max(1, settings.queueSize()));
        }

        void offer(SseEmitter.SseEventBuilder event) {
            if (closed.get()) {
                return;
            }
            if (!queue.offer(event)) {
                // a whole queue behind: this browser is dropped (it reconnects), the others are not held up
                dropped.incrementAndGet();
                droppedSubscribers.incrementAndGet();
                close("too slow");
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
                if (!queue.isEmpty() && !verify()) {
                    return;
                }
                SseEmitter.SseEventBuilder next;
                while ((next = queue.poll()) != null) {
                    try {
                        emitter.send(next);
                    } catch (IOException | IllegalStateException e) {
                        close(null);
                        return;
                    }
                }
                draining.set(false);
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
            }
        }

        /** Whether the account is still enabled with the same role and scope; if not, the stream is closed. */
        boolean verify() {
            if (closed.get()) {
                return false;
            }
            boolean same;
            try {
                same = accounts.find(actor.username()).filter(UserAccounts.UserAccount::enabled)
                        .map(UserAccounts.UserAccount::actor).filter(actor::equals).isPresent();
            } catch (RuntimeException e) {
                log.warn("live feed: cannot verify the account of {}: {}", actor.username(), e.toString());
                same = false;
            }
            if (!same) {
                close("account disabled or changed");
            }
            return same;
        }

        void close(String why) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            subscribers.remove(this);
            queue.clear();
            if (why != null) {
                log.info("live feed of {} closed: {}", actor.username(), why);
            }
            // completing waits for a send in progress, which a browser that stopped reading can hold for as long as
            // the socket's write timeout: never on the dispatcher's or the timers' thread
            try {
                senders.execute(() -> {
                    try {
                        emitter.complete();
                    } catch (RuntimeException ignored) {
                        // already closed
                    }
                });
            } catch (RuntimeException shuttingDown) {
                // the hub is stopping: the container closes the connection
            }
        }
    }

    SseEmitter subscribe(Actor actor) {
        Subscriber s = new Subscriber(actor);
        s.emitter.onCompletion(() -> s.close(null));
        s.emitter.onTimeout(() -> s.close(null));
        s.emitter.onError(e -> s.close(null));
        subscribers.add(s);
        s.offer(SseEmitter.event().comment("connected as " + actor.username()));
        return s.emitter;
    }

    int subscribers() {
        return subscribers.size();
    }

    /** Events not delivered: the inbox was full, or a subscriber's queue was (the subscriber was then dropped). */
    long dropped() {
        return dropped.get();
    }

    long droppedSubscribers() {
        return droppedSubscribers.get();
    }

    // ------------------------------------------------------------------------------------------ publishers

    /** A supervised position (the person's unit or the victim's), as the engine publishes it. */
    @EventListener
    void on(SupervisedPosition p) {
        if (p != null && p.fix() != null && !subscribers.isEmpty()) {
            enqueue(() -> position(p));
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(AlarmRaised e) {
        if (e.orderId() != null) {
            facts.invalidate(e.orderId());
        }
        if (!subscribers.isEmpty()) {
            enqueue(() -> alarm(e.alarmId(), e.orderId(), "raised"));
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(AlarmChanged e) {
        if (e.orderId() != null) {
            facts.invalidate(e.orderId());
        }
        if (!subscribers.isEmpty()) {
            enqueue(() -> alarm(e.alarmId(), e.orderId(), e.action()));
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(PoliceAuthorisationChanged e) {
        facts.invalidate(e.orderId());
    }

    private void enqueue(Runnable work) {
        if (!running || !inbox.offer(work)) {
            dropped.incrementAndGet();
        }
    }

    private void dispatch() {
        while (running) {
            Runnable work;
            try {
                work = inbox.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (work == null) {
                continue;
            }
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("live feed: cannot dispatch an event: {}", e.toString());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ dispatch

    private OrderFacts facts(UUID orderId) {
        return facts.get(orderId, scope::facts).orElse(null);
    }

    private void position(SupervisedPosition p) {
        OrderFacts f = facts(p.orderId());
        if (f == null) {
            return;
        }
        String json = null;
        for (Subscriber s : subscribers) {
            if (!OrderScope.seesLivePosition(s.actor, f, p.victimUnit())) {
                continue;
            }
            if (json == null) {
                json = Notifier.JSON.writeValueAsString(positionPayload(p));
            }
            if (s.actor.is(Role.POLICE)) {
                logPolice(s, f, p.victimUnit() ? "live: the victim's position during a proximity alarm"
                        : "live: the person's position");
            }
            s.offer(SseEmitter.event().name("position").data(json));
        }
    }

    private void alarm(UUID id, UUID orderId, String action) {
        Alarm a = repo.find(id).orElse(null);
        if (orderId == null && a != null) {
            deviceAlarm(a, action);
            return;
        }
        OrderFacts f = facts(orderId);
        if (f == null || a == null) {
            return;
        }
        boolean critical = a.severity() == Severity.CRITICAL;
        boolean resolved = a.status() == AlarmStatus.RESOLVED;
        // once resolved, an alarm of the victim's unit no longer says where the victim was
        boolean victimsPast = AlarmController.victimsPast(a, scope);
        String withPosition = null;
        String withoutPosition = null;
        for (Subscriber s : subscribers) {
            if (!OrderScope.seesAlarm(s.actor, f, critical, resolved)) {
                continue;
            }
            String json;
            if (OrderScope.alarmShowsPositions(s.actor) && !victimsPast) {
                json = withPosition != null ? withPosition
                        : (withPosition = Notifier.JSON.writeValueAsString(alarmPayload(a, action, true)));
            } else {
                json = withoutPosition != null ? withoutPosition
                        : (withoutPosition = Notifier.JSON.writeValueAsString(alarmPayload(a, action, false)));
            }
            if (s.actor.is(Role.POLICE) && s.logged.add("alarm " + a.id())) {
                police.record(s.actor, a.orderId(), PoliceAccess.Basis.ALARM, a.id().toString(),
                        "live: alarm " + a.type() + " and its current position", PoliceAccess.Channel.LIVE);
            }
            s.offer(SseEmitter.event().name("alarm").id(a.id().toString()).data(json));
        }
    }

    /** An alarm about a device serving no order: to those who see the region's stock (see OrderScope). */
    private void deviceAlarm(Alarm a, String action) {
        String json = null;
        for (Subscriber s : subscribers) {
            if (!OrderScope.seesDeviceAlarm(s.actor, a.scope().region())) {
                continue;
            }
            if (json == null) {
                json = Notifier.JSON.writeValueAsString(alarmPayload(a, action, true));
            }
            s.offer(SseEmitter.event().name("alarm").id(a.id().toString()).data(json));
        }
    }

    /** Logs a police look at the order's positions once per stream and basis. */
    private void logPolice(Subscriber s, OrderFacts f, String what) {
        PoliceAccess.Basis basis;
        String reference;
        if (f.openCriticalAlarm() != null) {
            basis = PoliceAccess.Basis.ALARM;
            reference = f.openCriticalAlarm().toString();
        } else {
            basis = PoliceAccess.Basis.AUTHORISATION;
            reference = f.authorisationFor(s.actor.region()).map(x -> Long.toString(x.id())).orElse("?");
        }
        if (s.logged.add(f.orderId() + " " + basis + " " + reference + " " + what)) {
            police.record(s.actor, f.orderId(), basis, reference, what, PoliceAccess.Channel.LIVE);
        }
    }

    private static Map<String, Object> positionPayload(SupervisedPosition p) {
        Fix fix = p.fix();
        Map<String, Object> position = new LinkedHashMap<>();
        position.put("lat", fix.latitude());
        position.put("lon", fix.longitude());
        position.put("time", String.valueOf(fix.deviceTime()));
        position.put("serverTime", fix.serverTime() == null ? null : fix.serverTime().toString());
        position.put("accuracyMeters", fix.accuracyMeters());
        position.put("satellites", fix.satellites());
        position.put("speedKmh", fix.speedKmh());
        position.put("valid", fix.valid());
        position.put("source", fix.source() == null ? null : fix.source().name());
        position.values().removeIf(Objects::isNull);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderId", p.orderId().toString());
        m.put("deviceId", fix.deviceId());
        m.put("victimUnit", p.victimUnit());
        m.put("personName", p.personName());
        m.put("position", position);
        m.put("batteryPercent", fix.batteryPercent());
        m.put("charging", fix.charging());
        m.put("strap", fix.strap() == null ? null : fix.strap().name());
        m.values().removeIf(Objects::isNull);
        return m;
    }

    private Map<String, Object> alarmPayload(Alarm a, String action, boolean withPosition) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id().toString());
        m.put("action", action);
        m.put("orderId", a.orderId() == null ? null : a.orderId().toString());
        if (a.orderId() == null) {
            m.put("deviceId", a.deviceId()); // an alarm about a unit in stock names the unit
        }
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
        if (withPosition) {
            repo.latestEvidence(a.id()).ifPresent(f -> m.put("position", f));
        }
        return m;
    }

    @PreDestroy
    void shutdown() {
        running = false;
        timers.shutdownNow();
        dispatcher.interrupt();
        subscribers.forEach(s -> s.close(null));
        senders.shutdownNow();
    }
}
