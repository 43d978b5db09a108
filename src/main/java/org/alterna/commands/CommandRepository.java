package org.alterna.commands;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/** The {@code device_command} table. Every change is a guarded UPDATE: a command moves only from the state it is in. */
class CommandRepository {
    private final JdbcClient jdbc;

    CommandRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String deviceId, CommandKind kind, String text, int maxAttempts, String reason, String requestedBy,
            UUID orderId, UUID alarmId, Instant now, Instant expiresAt) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO device_command (device_id, kind, text, status, attempts, max_attempts, reason,"
                + " requested_by, order_id, alarm_id, created_at, expires_at) VALUES (?, ?, ?, 'QUEUED', 0, ?, ?, ?, ?, ?, ?, ?)")
                .params(deviceId, kind.name(), text, maxAttempts, reason, requestedBy, orderId, alarmId, utc(now),
                        utc(expiresAt))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<DeviceCommand> find(long id) {
        return jdbc.sql("SELECT * FROM device_command WHERE id = ?").param(id).query(CommandRepository::row).optional();
    }

    List<DeviceCommand> ofDevice(String deviceId, int limit) {
        return jdbc.sql("SELECT * FROM device_command WHERE device_id = ? ORDER BY id DESC LIMIT ?")
                .params(deviceId, limit).query(CommandRepository::row).list();
    }

    /** The oldest command of the device in {@code status}. */
    Optional<DeviceCommand> oldest(String deviceId, CommandStatus status) {
        return jdbc.sql("SELECT * FROM device_command WHERE device_id = ? AND status = ? ORDER BY id LIMIT 1")
                .params(deviceId, status.name()).query(CommandRepository::row).optional();
    }

    Optional<DeviceCommand> sentWithFlag(String deviceId, long flag) {
        return jdbc.sql("SELECT * FROM device_command WHERE device_id = ? AND status = 'SENT' AND server_flag = ?")
                .params(deviceId, flag).query(CommandRepository::row).optional();
    }

    /** Devices with a QUEUED command. */
    List<String> devicesWaiting() {
        return jdbc.sql("SELECT DISTINCT device_id FROM device_command WHERE status = 'QUEUED'").query(String.class).list();
    }

    boolean markSent(long id, String wireText, long serverFlag, Instant now) {
        return jdbc.sql("UPDATE device_command SET status = 'SENT', attempts = attempts + 1, wire_text = ?,"
                + " server_flag = ?, sent_at = ? WHERE id = ? AND status = 'QUEUED'")
                .params(wireText, serverFlag, utc(now), id).update() == 1;
    }

    boolean settle(long id, CommandStatus from, CommandStatus to, String response, Instant now) {
        return jdbc.sql("UPDATE device_command SET status = ?, response = ?, settled_at = ? WHERE id = ? AND status = ?")
                .params(to.name(), response == null ? null : truncate(response, 500), utc(now), id, from.name())
                .update() == 1;
    }

    /** A SENT command back in the queue for another attempt. */
    boolean requeue(long id) {
        return jdbc.sql("UPDATE device_command SET status = 'QUEUED' WHERE id = ? AND status = 'SENT'").param(id)
                .update() == 1;
    }

    /** Open commands past their expiry. */
    List<DeviceCommand> expired(Instant now) {
        return jdbc.sql("SELECT * FROM device_command WHERE status IN ('QUEUED', 'SENT') AND expires_at <= ?")
                .param(utc(now)).query(CommandRepository::row).list();
    }

    /** SENT commands sent before {@code before}, unanswered. */
    List<DeviceCommand> unanswered(Instant before) {
        return jdbc.sql("SELECT * FROM device_command WHERE status = 'SENT' AND sent_at <= ?").param(utc(before))
                .query(CommandRepository::row).list();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static DeviceCommand row(ResultSet rs, int n) throws SQLException {
        long flag = rs.getLong("server_flag");
        Long serverFlag = rs.wasNull() ? null : flag;
        return new DeviceCommand(rs.getLong("id"), rs.getString("device_id"), CommandKind.valueOf(rs.getString("kind")),
                rs.getString("text"), rs.getString("wire_text"), CommandStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"), rs.getInt("max_attempts"), serverFlag, rs.getString("reason"),
                rs.getString("requested_by"), rs.getObject("order_id", UUID.class), rs.getObject("alarm_id", UUID.class),
                instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "sent_at"), instant(rs, "settled_at"),
                rs.getString("response"));
    }
}
