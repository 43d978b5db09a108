package org.alterna.supervision;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's alarm changes as it saved them ({@code supervision_alarm_event}), in the order it saved them: what the
 * alarm desk follows with a cursor of its own. One engine writes them, one transaction at a time, so their ids
 * increase in commit order and a reader after id N never misses one.
 */
@Component
public class SupervisionLog {
    private static final JsonMapper JSON = org.alterna.common.Json.MAPPER;
    private final JdbcClient jdbc;

    SupervisionLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A saved alarm change of an order, with the model of the device that reported it (may be null). */
    public record LoggedAlarm(long id, UUID orderId, String deviceModel, AlarmEvent event) {
    }

    /** Up to {@code limit} alarm changes saved after {@code afterId}, oldest first. */
    public List<LoggedAlarm> after(long afterId, int limit) {
        return jdbc.sql("select * from supervision_alarm_event where id > ? order by id limit ?").params(afterId, limit)
                .query((rs, n) -> {
                    String evidence = rs.getString("evidence");
                    List<AlarmEvent.Evidence> ev = evidence == null || evidence.isBlank() ? List.of()
                            : JSON.readValue(evidence, new TypeReference<List<AlarmEvent.Evidence>>() { });
                    AlarmEvent e = new AlarmEvent(AlarmEvent.Kind.valueOf(rs.getString("kind")), rs.getString("alarm_id"),
                            rs.getString("device_id"), AlarmType.valueOf(rs.getString("type")), rs.getString("zone"),
                            rs.getTimestamp("start_at").toInstant(),
                            rs.getTimestamp("end_at") == null ? null : rs.getTimestamp("end_at").toInstant(),
                            rs.getTimestamp("raised_at") == null ? null : rs.getTimestamp("raised_at").toInstant(),
                            rs.getBoolean("late"), ev);
                    return new LoggedAlarm(rs.getLong("id"), rs.getObject("order_id", UUID.class),
                            rs.getString("device_model"), e);
                }).list();
    }

    /**
     * Saves alarm changes an engine elsewhere made (a scale-out engine node), as this process's engine would, in the
     * caller's transaction; the alarm desk then follows them like any other. Callers that run on several nodes keep
     * ids in commit order by serialising these transactions.
     */
    public void append(List<LoggedAlarm> alarms, java.time.Instant recordedAt) {
        java.sql.Timestamp at = java.sql.Timestamp.from(recordedAt);
        for (LoggedAlarm a : alarms) {
            AlarmEvent e = a.event();
            jdbc.sql("""
                    insert into supervision_alarm_event (order_id, device_id, device_model, alarm_id, kind, type,
                        zone, start_at, end_at, raised_at, late, evidence, recorded_at)
                    values (?,?,?,?,?,?,?,?,?,?,?,?,?)""")
                    .params(a.orderId(), e.deviceId(), a.deviceModel(), e.alarmId(), e.kind().name(), e.type().name(),
                            e.zone(), java.sql.Timestamp.from(e.start()),
                            e.end() == null ? null : java.sql.Timestamp.from(e.end()),
                            e.raisedAt() == null ? null : java.sql.Timestamp.from(e.raisedAt()), e.late(),
                            JSON.writeValueAsString(e.evidence()), at)
                    .update();
        }
    }
}
