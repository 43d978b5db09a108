package org.alterna.reports;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.alterna.devices.Assignment;
import org.alterna.devices.AssignmentRole;
import org.alterna.devices.DeviceRegistry;
import org.alterna.orders.ConditionsVersion;
import org.alterna.orders.OrderStatus;
import org.alterna.orders.OrderView;
import org.alterna.orders.Orders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Reads one case for a report or an evidence package: the order through the orders API, the devices through the
 * registry, and the rest (lifecycle, warnings, absences, alarms with their actions, positions, audit entries) from the
 * tables as they are. Call inside one read-only transaction so that everything comes from the same moment.
 */
@Component
class CaseRecords {
    private final JdbcTemplate jdbc;
    private final Orders orders;
    private final DeviceRegistry devices;

    CaseRecords(DataSource dataSource, Orders orders, DeviceRegistry devices) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(2_000); // positions stream through a cursor (PostgreSQL needs a fetch size for that)
        this.orders = orders;
        this.devices = devices;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    record Transition(OrderStatus from, OrderStatus to, Instant at, String by, String resolutionNumber,
            LocalDate resolutionDate, String note) {
    }

    record Warning(String resolutionNumber, LocalDate resolutionDate, String text, String author, Instant at) {
    }

    record Absence(Instant from, Instant to, String types, String reason, String by) {
    }

    record Action(Instant at, String actor, String role, String action, String fromStatus, String toStatus,
            String detail) {
    }

    record Step(String key, int position, Instant doneAt, String doneBy, String note) {
    }

    record Evidence(Instant time, double lat, double lon, Double accuracy, String source) {
    }

    record AlarmRecord(UUID id, String type, String severity, String zone, String status, Instant conditionStart,
            Instant conditionEnd, Instant createdAt, boolean late, int flaps, String deviceId, Instant acknowledgedAt,
            String acknowledgedBy, Instant escalatedAt, String escalatedBy, String escalationReason,
            Instant resolvedAt, String resolvedBy, String resolutionCode, String resolutionNote,
            List<Action> actions, List<Step> steps, List<Evidence> evidence) {
    }

    record IncidentRecord(UUID id, UUID alarmId, String status, Instant createdAt, Instant sentAt) {
    }

    /** The case in memory, without its positions (they stream, see {@link #fixes}). */
    record Case(OrderView order, String courtName, String judicialDistrict, List<ConditionsVersion> versions,
            List<Transition> transitions, List<Warning> warnings, List<Absence> absences,
            List<Assignment> assignments, List<AlarmRecord> alarms, List<IncidentRecord> incidents, Instant from,
            Instant to) {

        List<Assignment> personUnits() {
            return assignments.stream().filter(a -> a.role() == AssignmentRole.PERSON_UNIT).toList();
        }
    }

    Optional<OrderView> order(UUID id) {
        return orders.find(id);
    }

    Case load(OrderView order, Instant from, Instant to) {
        UUID id = order.id();
        Map<String, String> court = jdbc.query("SELECT name, judicial_district FROM court WHERE code = ?",
                (rs, n) -> Map.of("name", rs.getString(1), "district", rs.getString(2)), order.courtCode())
                .stream().findFirst().orElse(Map.of("name", order.courtCode(), "district", ""));
        List<Transition> transitions = jdbc.query("""
                SELECT from_status, to_status, occurred_at, by_username, resolution_number, resolution_date, note
                FROM order_transition WHERE order_id = ? ORDER BY occurred_at, id""", (rs, n) -> new Transition(
                rs.getString(1) == null ? null : OrderStatus.valueOf(rs.getString(1)), OrderStatus.valueOf(rs.getString(2)),
                instant(rs, 3), rs.getString(4), rs.getString(5), rs.getObject(6, LocalDate.class), rs.getString(7)), id);
        List<Warning> warnings = jdbc.query("""
                SELECT resolution_number, resolution_date, warning_text, author, created_at FROM order_warning
                WHERE order_id = ? ORDER BY created_at, id""", (rs, n) -> new Warning(rs.getString(1),
                rs.getObject(2, LocalDate.class), rs.getString(3), rs.getString(4), instant(rs, 5)), id);
        List<Absence> absences = jdbc.query("""
                SELECT from_at, to_at, types, reason, created_by FROM authorised_absence WHERE order_id = ?
                ORDER BY from_at, id""", (rs, n) -> new Absence(instant(rs, 1), instant(rs, 2), rs.getString(3),
                rs.getString(4), rs.getString(5)), id);
        List<AlarmRecord> alarms = alarms(id, from, to);
        List<IncidentRecord> incidents = jdbc.query("SELECT id, alarm_id, status, created_at, sent_at FROM "
                + "incident_report WHERE order_id = ? ORDER BY created_at", (rs, n) -> new IncidentRecord(
                rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), instant(rs, 4),
                instant(rs, 5)), id);
        Set<UUID> periodAlarms = alarms.stream().map(AlarmRecord::id).collect(java.util.stream.Collectors.toSet());
        incidents = incidents.stream().filter(i -> periodAlarms.contains(i.alarmId())).toList();
        return new Case(order, court.get("name"), court.get("district"), orders.versions(id), transitions, warnings,
                absences, devices.assignmentsOf(id), alarms, incidents, from, to);
    }

    /** Alarms whose condition overlaps [from, to), with their actions, checklist and evidence, oldest first. */
    static final String ALARMS_OF_PERIOD = "order_id = ? AND condition_start < ? AND (condition_ended_at IS NULL "
            + "OR condition_ended_at >= ?)";

    Object[] alarmParams(UUID order, Instant from, Instant to) {
        return new Object[] {order, ts(to), ts(from)};
    }

    private List<AlarmRecord> alarms(UUID order, Instant from, Instant to) {
        return alarms(ALARMS_OF_PERIOD, alarmParams(order, from, to));
    }

    /** One alarm with its actions, checklist and evidence. */
    Optional<AlarmRecord> alarm(UUID alarmId) {
        return alarms("id = ?", new Object[] {alarmId}).stream().findFirst();
    }

    private List<AlarmRecord> alarms(String where, Object[] params) {
        Map<UUID, List<Action>> actions = new LinkedHashMap<>();
        jdbc.query("SELECT * FROM alarm_history WHERE alarm_id IN (SELECT id FROM alarm WHERE " + where
                + ") ORDER BY occurred_at, id", (RowCallbackHandler) rs -> actions.computeIfAbsent(
                rs.getObject("alarm_id", UUID.class), k -> new ArrayList<>()).add(new Action(instant(rs, "occurred_at"),
                rs.getString("actor"), rs.getString("actor_role"), rs.getString("action"), rs.getString("from_status"),
                rs.getString("to_status"), rs.getString("detail"))), params);
        Map<UUID, List<Step>> steps = new LinkedHashMap<>();
        jdbc.query("SELECT * FROM alarm_step WHERE alarm_id IN (SELECT id FROM alarm WHERE " + where
                + ") ORDER BY position", (RowCallbackHandler) rs -> steps.computeIfAbsent(
                rs.getObject("alarm_id", UUID.class), k -> new ArrayList<>()).add(new Step(rs.getString("step_key"),
                rs.getInt("position"), instant(rs, "done_at"), rs.getString("done_by"), rs.getString("note"))),
                params);
        Map<UUID, List<Evidence>> evidence = new LinkedHashMap<>();
        jdbc.query("SELECT * FROM alarm_evidence WHERE alarm_id IN (SELECT id FROM alarm WHERE " + where
                + ") ORDER BY fix_time, id", (RowCallbackHandler) rs -> evidence.computeIfAbsent(
                rs.getObject("alarm_id", UUID.class), k -> new ArrayList<>()).add(new Evidence(instant(rs, "fix_time"),
                rs.getDouble("lat"), rs.getDouble("lon"), nullableDouble(rs, "accuracy_m"), rs.getString("source"))),
                params);
        return jdbc.query("SELECT * FROM alarm WHERE " + where + " ORDER BY condition_start, created_at",
                (rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new AlarmRecord(id, rs.getString("type"), rs.getString("severity"), rs.getString("zone"),
                            rs.getString("status"), instant(rs, "condition_start"), instant(rs, "condition_ended_at"),
                            instant(rs, "created_at"), rs.getBoolean("late"), rs.getInt("flaps"),
                            rs.getString("device_id"), instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"),
                            instant(rs, "escalated_at"), rs.getString("escalated_by"),
                            rs.getString("escalation_reason"), instant(rs, "resolved_at"), rs.getString("resolved_by"),
                            rs.getString("resolution_code"), rs.getString("resolution_note"),
                            actions.getOrDefault(id, List.of()), steps.getOrDefault(id, List.of()),
                            evidence.getOrDefault(id, List.of()));
                }, params);
    }

    /** An incident report as stored: its order, alarm and JSON content. */
    record IncidentRow(UUID id, UUID alarmId, UUID orderId, String status, Instant createdAt, Instant sentAt,
            String content) {
    }

    Optional<IncidentRow> incident(UUID id) {
        return jdbc.query("SELECT id, alarm_id, order_id, status, created_at, sent_at, content FROM incident_report "
                + "WHERE id = ?", (rs, n) -> new IncidentRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class), rs.getString(4), instant(rs, 5), instant(rs, 6), rs.getString(7)), id)
                .stream().findFirst();
    }

    String courtName(String code) {
        return jdbc.query("SELECT name FROM court WHERE code = ?", (rs, n) -> rs.getString(1), code).stream()
                .findFirst().orElse(code);
    }

    /** One stored position, as the reports use it. */
    record FixRow(String deviceId, Instant time, Instant received, double lat, double lon, Double accuracy,
            String source, boolean valid, Integer battery, Boolean charging, Boolean externalPower, String strap,
            String deviceAlarms) {
    }

    /** The SQL and parameters that select one person unit's positions within [from, to), in device-time order. */
    record FixQuery(String sql, Object[] params) {
    }

    /**
     * The columns of a position in an evidence package, named so that the file is the same on every database (a
     * table's own column order differs between H2 and PostgreSQL); {@code seq} last: the order the store took it in.
     */
    static final String FIX_COLUMNS = "device_id, device_time, server_time, latitude, longitude, altitude, speed_kmh, "
            + "course, satellites, hdop, accuracy_m, valid, source, battery_percent, external_power, charging, strap, "
            + "alarms, io, seq";

    /** The same for a device's messages without a position ({@code device_event}). */
    static final String DEVICE_EVENT_COLUMNS = "device_id, device_time, server_time, kind, battery_percent, "
            + "external_power, charging, strap, alarms, io, seq";

    /** The device's messages without a position while it served the case as the person's unit, in device time. */
    static FixQuery deviceEventQuery(Case c) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (Assignment a : c.personUnits()) {
            Instant from = a.from().isAfter(c.from()) ? a.from() : c.from();
            Instant to = a.until() != null && a.until().isBefore(c.to()) ? a.until() : c.to();
            if (from.isBefore(to)) {
                where.add("(device_id = ? AND device_time >= ? AND device_time < ?)");
                params.addAll(List.of(a.deviceId(), ts(from), ts(to)));
            }
        }
        return new FixQuery("SELECT " + DEVICE_EVENT_COLUMNS + " FROM device_event WHERE "
                + (where.isEmpty() ? "1 = 0" : String.join(" OR ", where)) + " ORDER BY device_time, device_id",
                params.toArray());
    }

    static List<FixQuery> fixQueries(Case c) {
        List<FixQuery> queries = new ArrayList<>();
        for (Assignment a : c.personUnits()) {
            Instant from = a.from().isAfter(c.from()) ? a.from() : c.from();
            Instant to = a.until() != null && a.until().isBefore(c.to()) ? a.until() : c.to();
            if (from.isBefore(to)) {
                queries.add(new FixQuery("SELECT " + FIX_COLUMNS + " FROM fixes WHERE device_id = ? AND device_time >= ?"
                        + " AND device_time < ? ORDER BY device_time", new Object[] {a.deviceId(), ts(from), ts(to)}));
            }
        }
        return queries;
    }

    /** One stored message of a unit without a position ({@code device_event}), as the reports use it. */
    record StatusRow(String deviceId, Instant time, Instant received, Integer battery, Boolean charging,
            Boolean externalPower, String strap, String deviceAlarms) {
    }

    /**
     * For each of {@link #fixQueries}, in the same order: the unit's messages without a position in the same window,
     * in device-time order, to be merged with its positions.
     */
    static List<FixQuery> statusQueries(Case c) {
        List<FixQuery> queries = new ArrayList<>();
        for (Assignment a : c.personUnits()) {
            Instant from = a.from().isAfter(c.from()) ? a.from() : c.from();
            Instant to = a.until() != null && a.until().isBefore(c.to()) ? a.until() : c.to();
            if (from.isBefore(to)) {
                queries.add(new FixQuery("SELECT device_id, device_time, server_time, battery_percent, charging, "
                        + "external_power, strap, alarms FROM device_event WHERE device_id = ? AND device_time >= ? "
                        + "AND device_time < ? ORDER BY device_time", new Object[] {a.deviceId(), ts(from), ts(to)}));
            }
        }
        return queries;
    }

    List<StatusRow> statuses(FixQuery q) {
        return jdbc.query(q.sql(), (rs, n) -> new StatusRow(rs.getString(1), instant(rs, 2), instant(rs, 3),
                nullableInt(rs, "battery_percent"), nullableBool(rs, "charging"), nullableBool(rs, "external_power"),
                rs.getString(7), rs.getString(8)), q.params());
    }

    static FixRow fix(ResultSet rs) throws SQLException {
        return FixColumns.of(rs).read(rs);
    }

    /** Where the columns of a position are in a result set: looked up once per query, read by index per row. */
    record FixColumns(int device, int time, int received, int lat, int lon, int accuracy, int source, int valid,
            int battery, int charging, int power, int strap, int alarms) {

        static FixColumns of(ResultSet rs) throws SQLException {
            return new FixColumns(rs.findColumn("device_id"), rs.findColumn("device_time"),
                    rs.findColumn("server_time"), rs.findColumn("latitude"), rs.findColumn("longitude"),
                    rs.findColumn("accuracy_m"), rs.findColumn("source"), rs.findColumn("valid"),
                    rs.findColumn("battery_percent"), rs.findColumn("charging"), rs.findColumn("external_power"),
                    rs.findColumn("strap"), rs.findColumn("alarms"));
        }

        FixRow read(ResultSet rs) throws SQLException {
            double acc = rs.getDouble(accuracy);
            Double accuracyValue = rs.wasNull() ? null : acc;
            int b = rs.getInt(battery);
            Integer batteryValue = rs.wasNull() ? null : b;
            boolean c = rs.getBoolean(charging);
            Boolean chargingValue = rs.wasNull() ? null : c;
            boolean p = rs.getBoolean(power);
            Boolean powerValue = rs.wasNull() ? null : p;
            return new FixRow(rs.getString(device), instant(rs, time), instant(rs, received), rs.getDouble(lat),
                    rs.getDouble(lon), accuracyValue, rs.getString(source), rs.getBoolean(valid), batteryValue,
                    chargingValue, powerValue, rs.getString(strap), rs.getString(alarms));
        }
    }

    static OffsetDateTime ts(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static Boolean nullableBool(ResultSet rs, String column) throws SQLException {
        boolean v = rs.getBoolean(column);
        return rs.wasNull() ? null : v;
    }
}
