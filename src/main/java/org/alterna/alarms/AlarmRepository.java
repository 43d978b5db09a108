package org.alterna.alarms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Alarms, their evidence, history and checklist in SQL (H2 in PostgreSQL mode and PostgreSQL). */
@Repository
class AlarmRepository {
    static final String COLUMNS = "a.*";
    private final JdbcClient jdbc;

    AlarmRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record HistoryEntry(Instant at, String actor, String role, String action, AlarmStatus from, AlarmStatus to,
            String detail) {
    }

    record Step(String key, int position, Instant doneAt, String doneBy, String note) {
    }

    static String zoneKey(String zone) {
        return zone == null || zone.isBlank() ? "" : zone.trim();
    }

    void insert(Alarm alarm) {
        Alarm.State s = alarm.state();
        jdbc.sql("""
                INSERT INTO alarm (id, order_id, device_id, device_model, type, severity, zone, zone_key, status,
                    person_name, court_code, region, monitoring_centre, prosecutor_username, condition_start,
                    condition_ended_at, signal_raised_at, late, flaps, created_at, ack_due_at, resolve_due_at,
                    sla_ack_missed, sla_resolve_missed, updated_at)
                VALUES (:id, :order, :device, :model, :type, :severity, :zone, :zoneKey, :status, :person, :court,
                    :region, :centre, :prosecutor, :start, :ended, :raised, :late, :flaps, :created, :ackDue,
                    :resolveDue, false, false, :created)""")
                .param("id", s.id()).param("order", s.orderId()).param("device", s.deviceId())
                .param("model", s.deviceModel()).param("type", s.type()).param("severity", s.severity().name())
                .param("zone", s.zone()).param("zoneKey", zoneKey(s.zone())).param("status", s.status().name())
                .param("person", s.scope().personName()).param("court", s.scope().courtCode())
                .param("region", s.scope().region()).param("centre", s.scope().monitoringCentre())
                .param("prosecutor", s.scope().prosecutor()).param("start", ts(s.conditionStart()))
                .param("ended", ts(s.conditionEndedAt())).param("raised", ts(s.signalRaisedAt()))
                .param("late", s.late()).param("flaps", s.flaps()).param("created", ts(s.createdAt()))
                .param("ackDue", ts(s.ackDueAt())).param("resolveDue", ts(s.resolveDueAt()))
                .update();
    }

    void update(Alarm alarm, Instant now) {
        Alarm.State s = alarm.state();
        jdbc.sql("""
                UPDATE alarm SET status = :status, condition_start = :start, condition_ended_at = :ended,
                    flaps = :flaps, acknowledged_at = :ackAt, acknowledged_by = :ackBy, escalated_at = :escAt,
                    escalated_by = :escBy, escalation_reason = :escReason, resolved_at = :resAt,
                    resolved_by = :resBy, resolution_code = :code, resolution_note = :note,
                    sla_ack_missed = :ackMissed, sla_resolve_missed = :resolveMissed, late = :late,
                    updated_at = :now WHERE id = :id""")
                .param("status", s.status().name()).param("start", ts(s.conditionStart()))
                .param("ended", ts(s.conditionEndedAt())).param("flaps", s.flaps())
                .param("ackAt", ts(s.acknowledgedAt())).param("ackBy", s.acknowledgedBy())
                .param("escAt", ts(s.escalatedAt())).param("escBy", s.escalatedBy())
                .param("escReason", s.escalationReason()).param("resAt", ts(s.resolvedAt()))
                .param("resBy", s.resolvedBy())
                .param("code", s.resolutionCode() == null ? null : s.resolutionCode().name())
                .param("note", s.resolutionNote()).param("ackMissed", s.slaAckMissed())
                .param("resolveMissed", s.slaResolveMissed()).param("late", s.late()).param("now", ts(now))
                .param("id", s.id())
                .update();
    }

    Optional<Alarm> find(UUID id) {
        return jdbc.sql("SELECT a.* FROM alarm a WHERE a.id = ?").param(id).query(AlarmRepository::map).optional();
    }

    /** Locks the row for a change (SELECT ... FOR UPDATE on both databases). */
    Optional<Alarm> lock(UUID id) {
        return jdbc.sql("SELECT a.* FROM alarm a WHERE a.id = ? FOR UPDATE").param(id).query(AlarmRepository::map)
                .optional();
    }

    /** The latest alarm not yet resolved for the same order, type and zone. */
    Optional<Alarm> unresolved(UUID orderId, String type, String zone) {
        return jdbc.sql("""
                SELECT a.* FROM alarm a WHERE a.order_id = ? AND a.type = ? AND a.zone_key = ? AND a.status <> 'RESOLVED'
                ORDER BY a.created_at DESC FETCH FIRST 1 ROWS ONLY FOR UPDATE""")
                .params(orderId, type, zoneKey(zone)).query(AlarmRepository::map).optional();
    }

    /** The latest alarm not yet resolved about the device (serving no order) of this type. */
    Optional<Alarm> unresolvedOfDevice(String deviceId, String type) {
        return jdbc.sql("""
                SELECT a.* FROM alarm a WHERE a.order_id IS NULL AND a.device_id = ? AND a.type = ?
                  AND a.status <> 'RESOLVED' ORDER BY a.created_at DESC FETCH FIRST 1 ROWS ONLY FOR UPDATE""")
                .params(deviceId, type).query(AlarmRepository::map).optional();
    }

    /** Alarms that are not resolved and whose acknowledgement or resolution deadline has passed, unflagged. */
    List<UUID> slaCandidates(Instant now) {
        return jdbc.sql("""
                SELECT a.id FROM alarm a WHERE a.status <> 'RESOLVED' AND (
                  (a.acknowledged_at IS NULL AND NOT a.sla_ack_missed AND a.ack_due_at <= :now)
                  OR (NOT a.sla_resolve_missed AND a.resolve_due_at <= :now))
                ORDER BY a.created_at""")
                .param("now", ts(now)).query((rs, n) -> rs.getObject(1, UUID.class)).list();
    }

    void addEvidence(UUID alarmId, List<EvidenceFix> fixes) {
        for (EvidenceFix f : fixes) {
            if (f == null || f.time() == null) {
                continue;
            }
            jdbc.sql("INSERT INTO alarm_evidence (alarm_id, fix_time, lat, lon, accuracy_m, source) VALUES (?,?,?,?,?,?)")
                    .params(alarmId, ts(f.time()), f.lat(), f.lon(), f.accuracy(), f.source())
                    .update();
        }
    }

    List<EvidenceFix> evidence(UUID alarmId) {
        return jdbc.sql("SELECT * FROM alarm_evidence WHERE alarm_id = ? ORDER BY fix_time, id").param(alarmId)
                .query((rs, n) -> new EvidenceFix(rs.getTimestamp("fix_time").toInstant(), rs.getDouble("lat"),
                        rs.getDouble("lon"), (Double) rs.getObject("accuracy_m", Double.class), rs.getString("source")))
                .list();
    }

    Optional<EvidenceFix> latestEvidence(UUID alarmId) {
        return jdbc.sql("SELECT * FROM alarm_evidence WHERE alarm_id = ? ORDER BY fix_time DESC, id DESC "
                + "FETCH FIRST 1 ROWS ONLY").param(alarmId)
                .query((rs, n) -> new EvidenceFix(rs.getTimestamp("fix_time").toInstant(), rs.getDouble("lat"),
                        rs.getDouble("lon"), (Double) rs.getObject("accuracy_m", Double.class), rs.getString("source")))
                .optional();
    }

    void history(UUID alarmId, Instant at, String actor, String role, String action, AlarmStatus from,
            AlarmStatus to, String detail) {
        jdbc.sql("""
                INSERT INTO alarm_history (alarm_id, occurred_at, actor, actor_role, action, from_status, to_status, detail)
                VALUES (?,?,?,?,?,?,?,?)""")
                .params(alarmId, ts(at), actor, role, action, from == null ? null : from.name(),
                        to == null ? null : to.name(), detail)
                .update();
    }

    List<HistoryEntry> history(UUID alarmId) {
        return jdbc.sql("SELECT * FROM alarm_history WHERE alarm_id = ? ORDER BY id").param(alarmId)
                .query((rs, n) -> new HistoryEntry(rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"),
                        rs.getString("actor_role"), rs.getString("action"), status(rs.getString("from_status")),
                        status(rs.getString("to_status")), rs.getString("detail")))
                .list();
    }

    void createSteps(UUID alarmId, List<String> keys) {
        for (int i = 0; i < keys.size(); i++) {
            jdbc.sql("INSERT INTO alarm_step (alarm_id, step_key, position) VALUES (?,?,?)")
                    .params(alarmId, keys.get(i), i).update();
        }
    }

    List<Step> steps(UUID alarmId) {
        return jdbc.sql("SELECT * FROM alarm_step WHERE alarm_id = ? ORDER BY position").param(alarmId)
                .query((rs, n) -> new Step(rs.getString("step_key"), rs.getInt("position"),
                        instant(rs, "done_at"), rs.getString("done_by"), rs.getString("note")))
                .list();
    }

    /** Marks a step done if it is not yet; false if already done. */
    boolean completeStep(UUID alarmId, String key, Instant at, String who, String note) {
        return jdbc.sql("""
                UPDATE alarm_step SET done_at = ?, done_by = ?, note = ?
                WHERE alarm_id = ? AND step_key = ? AND done_at IS NULL""")
                .params(ts(at), who, note, alarmId, key).update() == 1;
    }

    static AlarmStatus status(String s) {
        return s == null ? null : AlarmStatus.valueOf(s);
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Alarm map(ResultSet rs, int n) throws SQLException {
        String code = rs.getString("resolution_code");
        return new Alarm(new Alarm.State(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
                rs.getString("device_id"), rs.getString("device_model"), rs.getString("type"),
                Severity.valueOf(rs.getString("severity")), rs.getString("zone"),
                new Alarm.Scope(rs.getString("person_name"), rs.getString("court_code"), rs.getString("region"),
                        rs.getString("monitoring_centre"), rs.getString("prosecutor_username")),
                instant(rs, "created_at"), instant(rs, "ack_due_at"), instant(rs, "resolve_due_at"),
                rs.getBoolean("late"), instant(rs, "signal_raised_at"), AlarmStatus.valueOf(rs.getString("status")),
                instant(rs, "condition_start"), instant(rs, "condition_ended_at"), rs.getInt("flaps"),
                instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"), instant(rs, "escalated_at"),
                rs.getString("escalated_by"), rs.getString("escalation_reason"), instant(rs, "resolved_at"),
                rs.getString("resolved_by"), code == null ? null : ResolutionCode.valueOf(code),
                rs.getString("resolution_note"), rs.getBoolean("sla_ack_missed"),
                rs.getBoolean("sla_resolve_missed")));
    }
}
