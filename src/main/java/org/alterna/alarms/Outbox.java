package org.alterna.alarms;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The persisted outbox: every notification is a row written in the transaction of the alarm change, so nothing is
 * sent for a change that rolled back and nothing is lost when the server stops before delivery.
 * PENDING → SENT, or back to PENDING with a later {@code next_attempt_at}, {@code attempts} and {@code last_error},
 * or DEAD after the maximum number of attempts (an administrator may send a dead one again).
 * <p>
 * Each row names its {@code receiver} (the webhook's host and port, or the e-mail or SMS service): deliveries are
 * spread by receiver so that one that is down or slow holds back only its own rows. No secret is stored here: a
 * webhook's signing key is read from its rule when it is sent.
 */
@Repository
class Outbox {
    static final List<String> STATUSES = List.of("PENDING", "SENT", "DEAD");

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Item(UUID id, UUID ruleId, UUID alarmId, UUID reportId, NotificationEvent event, Channel channel,
            String target, String receiver, String subject, String body, String status, int attempts,
            Instant nextAttemptAt, String lastError, Instant createdAt, Instant sentAt) {
    }

    /**
     * Who receives a notification, as far as delivery goes: a webhook's scheme, host and port (two rules pointing at
     * one server share its fate); every e-mail goes through one mail server and every SMS through one gateway.
     */
    static String receiver(Channel channel, String target) {
        if (channel != Channel.WEBHOOK) {
            return channel.name();
        }
        try {
            URI uri = URI.create(target);
            String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return "WEBHOOK " + scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return "WEBHOOK " + target;
        }
    }

    void enqueue(UUID id, UUID ruleId, UUID alarmId, UUID reportId, NotificationEvent event, Channel channel,
            String target, String subject, String body, Instant now) {
        jdbc.sql("""
                INSERT INTO notification_outbox (id, rule_id, alarm_id, report_id, event, channel, target, receiver,
                    subject, body, status, attempts, next_attempt_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,'PENDING',0,?,?)""")
                .params(id, ruleId, alarmId, reportId, event.name(), channel.name(), target, receiver(channel, target),
                        subject, body, Timestamp.from(now.truncatedTo(ChronoUnit.MILLIS)), Timestamp.from(now))
                .update();
    }

    java.util.Optional<String> status(UUID id) {
        return jdbc.sql("SELECT status FROM notification_outbox WHERE id = ?").param(id).query(String.class).optional();
    }

    /** Due rows, oldest first, leaving out receivers that are busy with a delivery already. */
    List<Item> due(Instant now, int limit, Collection<String> busyReceivers) {
        List<String> busy = new ArrayList<>(busyReceivers);
        StringBuilder sql = new StringBuilder(
                "SELECT * FROM notification_outbox WHERE status = 'PENDING' AND next_attempt_at <= :now");
        if (!busy.isEmpty()) {
            sql.append(" AND receiver NOT IN (:busy)");
        }
        sql.append(" ORDER BY next_attempt_at, created_at FETCH FIRST ").append(limit).append(" ROWS ONLY");
        JdbcClient.StatementSpec spec = jdbc.sql(sql.toString()).param("now", Timestamp.from(now));
        if (!busy.isEmpty()) {
            spec = spec.param("busy", busy);
        }
        return spec.query(Outbox::map).list();
    }

    /**
     * Claims an item for one delivery attempt (optimistic: only one dispatcher, in any instance, wins); the lease
     * makes it due again if this process dies while sending.
     */
    boolean claim(Item item, Instant leaseUntil) {
        return jdbc.sql("""
                UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = ?
                WHERE id = ? AND status = 'PENDING' AND attempts = ?""")
                .params(Timestamp.from(leaseUntil), item.id(), item.attempts()).update() == 1;
    }

    void sent(UUID id, Instant now) {
        jdbc.sql("UPDATE notification_outbox SET status = 'SENT', sent_at = ?, last_error = NULL WHERE id = ?")
                .params(Timestamp.from(now), id).update();
    }

    void failed(UUID id, String error, Instant retryAt, boolean dead) {
        jdbc.sql("UPDATE notification_outbox SET status = ?, next_attempt_at = ?, last_error = ? WHERE id = ?")
                .params(dead ? "DEAD" : "PENDING", Timestamp.from(retryAt.truncatedTo(ChronoUnit.MILLIS)),
                        error == null ? null : error.substring(0, Math.min(error.length(), 2000)), id)
                .update();
    }

    /**
     * Holds back the receiver's other pending rows until {@code until} (without counting an attempt on them): a
     * receiver that just failed is not tried again for each of its rows.
     */
    int postponeReceiver(String receiver, Instant until) {
        Timestamp t = Timestamp.from(until.truncatedTo(ChronoUnit.MILLIS));
        return jdbc.sql("UPDATE notification_outbox SET next_attempt_at = ? WHERE status = 'PENDING' AND receiver = ?"
                + " AND next_attempt_at < ?").params(t, receiver, t).update();
    }

    /** Makes a dead row pending again with a fresh count of attempts; false if it is not dead. */
    boolean revive(UUID id, Instant now) {
        return jdbc.sql("UPDATE notification_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = ?"
                + " WHERE id = ? AND status = 'DEAD'").params(Timestamp.from(now.truncatedTo(ChronoUnit.MILLIS)), id)
                .update() == 1;
    }

    Optional<Item> find(UUID id) {
        return jdbc.sql("SELECT * FROM notification_outbox WHERE id = ?").param(id).query(Outbox::map).optional();
    }

    List<Item> recent(String status, int limit) {
        // PostgreSQL cannot type an untyped "? IS NULL": the filter is added only when there is one
        String where = status == null ? "" : "WHERE status = :status ";
        JdbcClient.StatementSpec spec = jdbc.sql("SELECT * FROM notification_outbox " + where
                + "ORDER BY created_at DESC FETCH FIRST %d ROWS ONLY".formatted(limit));
        if (status != null) {
            spec = spec.param("status", status);
        }
        return spec.query(Outbox::map).list();
    }

    long count(String status) {
        return jdbc.sql("SELECT COUNT(*) FROM notification_outbox WHERE status = ?").param(status)
                .query(Long.class).single();
    }

    private static Item map(ResultSet rs, int n) throws SQLException {
        Timestamp sent = rs.getTimestamp("sent_at");
        return new Item(rs.getObject("id", UUID.class), rs.getObject("rule_id", UUID.class),
                rs.getObject("alarm_id", UUID.class), rs.getObject("report_id", UUID.class),
                NotificationEvent.valueOf(rs.getString("event")), Channel.valueOf(rs.getString("channel")),
                rs.getString("target"), rs.getString("receiver"), rs.getString("subject"), rs.getString("body"),
                rs.getString("status"), rs.getInt("attempts"), rs.getTimestamp("next_attempt_at").toInstant(),
                rs.getString("last_error"), rs.getTimestamp("created_at").toInstant(),
                sent == null ? null : sent.toInstant());
    }
}
