package org.alterna.alarms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Delivers due outbox items. Items are grouped by receiver and each receiver is served by its own worker, one
 * delivery at a time, so a receiver that hangs (cut at {@code alterna.notifications.timeout}) or is down holds back
 * only its own items: the others go out meanwhile. A failure is retried with exponential back-off
 * ({@code initial × 2^(attempts-1)}, capped) and holds back the receiver's other items for as long; after
 * {@code alterna.notifications.max-attempts} the item is DEAD and waits for an administrator.
 * {@link AlarmJobs} starts a round every few seconds without waiting for it; {@link #dispatch()} runs one round to
 * the end.
 */
@Component
class OutboxDispatcher implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    static final int ROUND_SIZE = 500;

    private final Outbox outbox;
    private final Deliveries deliveries;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration lease;
    private final AlarmMetrics metrics;
    private final ExecutorService workers;
    /** Receivers with a delivery under way (in this process). */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    @org.springframework.beans.factory.annotation.Autowired
    OutboxDispatcher(Outbox outbox, Deliveries deliveries, JdbcClient jdbc, Clock clock, AlarmMetrics metrics,
            NotificationSettings settings) {
        this(outbox, deliveries, jdbc, clock, metrics, settings.maxAttempts(), settings.backoff().initial(),
                settings.backoff().max(), settings.lease(), settings.parallelism());
    }

    OutboxDispatcher(Outbox outbox, Deliveries deliveries, JdbcClient jdbc, Clock clock, AlarmMetrics metrics,
            int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration lease, int parallelism) {
        this.outbox = outbox;
        this.deliveries = deliveries;
        this.jdbc = jdbc;
        this.clock = clock;
        this.metrics = metrics;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.lease = lease;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(parallelism, parallelism, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "outbox-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ((ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
    }

    /** Delivers what is due now and waits for this round; returns the number delivered. */
    public int dispatch() {
        int delivered = 0;
        for (Future<Integer> f : start()) {
            try {
                delivered += f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                log.error("outbox worker failed", e.getCause());
            }
        }
        return delivered;
    }

    /** Starts delivering what is due now without waiting (receivers still busy from a previous round are skipped). */
    void dispatchInBackground() {
        start();
    }

    private synchronized List<Future<Integer>> start() {
        Map<String, List<Outbox.Item>> byReceiver = new LinkedHashMap<>();
        for (Outbox.Item item : outbox.due(clock.instant(), ROUND_SIZE, Set.copyOf(busy))) {
            byReceiver.computeIfAbsent(item.receiver(), k -> new ArrayList<>()).add(item);
        }
        List<Future<Integer>> round = new ArrayList<>();
        for (Map.Entry<String, List<Outbox.Item>> e : byReceiver.entrySet()) {
            String receiver = e.getKey();
            if (!busy.add(receiver)) {
                continue;
            }
            try {
                round.add(workers.submit(() -> {
                    try {
                        return deliverInOrder(receiver, e.getValue());
                    } finally {
                        busy.remove(receiver);
                    }
                }));
            } catch (RuntimeException rejected) {
                busy.remove(receiver);
                throw rejected;
            }
        }
        return round;
    }

    /** One receiver's due items, oldest first; stops at the first failure (the rest wait for the back-off). */
    private int deliverInOrder(String receiver, List<Outbox.Item> items) {
        int delivered = 0;
        for (Outbox.Item item : items) {
            if (!outbox.claim(item, clock.instant().plus(lease))) {
                continue; // another dispatcher took it
            }
            int attempt = item.attempts() + 1;
            try {
                deliveries.deliver(item);
                outbox.sent(item.id(), clock.instant());
                if (item.reportId() != null) {
                    jdbc.sql("UPDATE incident_report SET status = 'SENT', sent_at = ? WHERE id = ? AND status = 'PENDING'")
                            .params(java.sql.Timestamp.from(clock.instant()), item.reportId()).update();
                }
                metrics.notification(item.channel(), "sent");
                delivered++;
            } catch (Exception e) {
                boolean permanent = e instanceof Deliveries.PermanentFailure;
                boolean dead = permanent || attempt >= maxAttempts;
                Instant retry = clock.instant().plus(backoff(attempt));
                String error = permanent ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
                outbox.failed(item.id(), error, retry, dead);
                metrics.notification(item.channel(), dead ? "dead" : "retry");
                log.warn("Notification {} {} to {} failed (attempt {}{}): {}", item.id(), item.channel(),
                        item.target(), attempt, dead ? ", giving up" : ", retry at " + retry, error);
                if (!permanent) {
                    outbox.postponeReceiver(receiver, retry);
                    break;
                }
            }
        }
        return delivered;
    }

    Duration backoff(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
