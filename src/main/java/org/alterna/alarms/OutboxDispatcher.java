package org.alterna.alarms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Delivers due outbox items, retrying failures with exponential back-off ({@code initial × 2^(attempts-1)}, capped)
 * and marking an item DEAD after {@code alterna.notifications.max-attempts}. Runs every few seconds (see
 * {@link AlarmJobs}) and can be called directly.
 */
@Component
class OutboxDispatcher {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

    private final Outbox outbox;
    private final Deliveries deliveries;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration lease;
    private final AlarmMetrics metrics;

    OutboxDispatcher(Outbox outbox, Deliveries deliveries, JdbcClient jdbc, Clock clock, AlarmMetrics metrics,
            @Value("${alterna.notifications.max-attempts:8}") int maxAttempts,
            @Value("${alterna.notifications.backoff.initial:PT30S}") Duration initialBackoff,
            @Value("${alterna.notifications.backoff.max:PT1H}") Duration maxBackoff,
            @Value("${alterna.notifications.lease:PT2M}") Duration lease) {
        this.outbox = outbox;
        this.deliveries = deliveries;
        this.jdbc = jdbc;
        this.clock = clock;
        this.metrics = metrics;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.lease = lease;
    }

    /** Delivers what is due now; returns the number delivered. */
    public synchronized int dispatch() {
        int delivered = 0;
        for (Outbox.Item item : outbox.due(clock.instant(), 100)) {
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
                boolean dead = attempt >= maxAttempts;
                Instant retry = clock.instant().plus(backoff(attempt));
                String error = e.getClass().getSimpleName() + ": " + e.getMessage();
                outbox.failed(item.id(), error, retry, dead);
                metrics.notification(item.channel(), dead ? "dead" : "retry");
                log.warn("Notification {} {} to {} failed (attempt {}{}): {}", item.id(), item.channel(),
                        item.target(), attempt, dead ? ", giving up" : ", retry at " + retry, error);
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
}
