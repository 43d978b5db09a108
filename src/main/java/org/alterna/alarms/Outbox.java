package org.alterna.alarms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The persisted outbox: every notification is a row written in the transaction of the alarm change, so nothing is
 * sent for a change that rolled back and nothing is lost when the server stops before delivery.
 * PENDING → SENT, or back to PENDING with a later {@code next_attempt_at}, {@code attempts} and {@code last_error},
 * or DEAD after the maximum number of attempts.
 */
@Repository
class Outbox {
    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Item(UUID id, UUID ruleId, UUID alarmId, UUID reportId, NotificationEvent event, Channel channel,
            String target, String subject, String body, @com.fasterxml.jackson.annotation.JsonIgnore String secret,
            String status, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, Instant sentAt) {
    }

    UUID enqueue(UUID ruleId, UUID alarmId, UUID reportId, NotificationEvent event, Channel channel, String target,
            String subject, String body, String secret, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO notification_outbox (id, rule_id, alarm_id, report_id, event, channel, target, subject, body,
                    secret, status, attempts, next_attempt_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,'PENDING',0,?,?)""")
                .params(id, ruleId, alarmId, reportId, event.name(), channel.name(), target, subject,
                        body, secret, Timestamp.from(now.truncatedTo(ChronoUnit.MILLIS)), Timestamp.from(now))
                .update();
        return id;
    }

    java.util.Optional<String> status(UUID id) {
        return jdbc.sql("SELECT status FROM notification_outbox WHERE id = ?").param(id).query(String.class).optional();
    }

    List<Item> due(Instant now, int limit) {
        return jdbc.sql("""
                SELECT * FROM notification_outbox WHERE status = 'PENDING' AND next_attempt_at <= ?
                ORDER BY next_attempt_at, created_at FETCH FIRST %d ROWS ONLY""".formatted(limit))
                .param(Timestamp.from(now)).query(Outbox::map).list();
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

    List<Item> recent(String status, int limit) {
        return jdbc.sql("SELECT * FROM notification_outbox WHERE (:status IS NULL OR status = :status) "
                + "ORDER BY created_at DESC FETCH FIRST %d ROWS ONLY".formatted(limit))
                .param("status", status).query(Outbox::map).list();
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
                rs.getString("target"), rs.getString("subject"), rs.getString("body"), rs.getString("secret"),
                rs.getString("status"), rs.getInt("attempts"), rs.getTimestamp("next_attempt_at").toInstant(),
                rs.getString("last_error"), rs.getTimestamp("created_at").toInstant(),
                sent == null ? null : sent.toInstant());
    }
}
