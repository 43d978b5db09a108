package org.alterna.privacy;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.alterna.common.LocalTime;
import org.alterna.identity.Actor;
import org.alterna.orders.OrderScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The subject-access export (derecho de acceso, Ley 29733 art. 19): everything Alterna holds about one person under
 * a measure, for the person or their defence, as a ZIP of JSON and CSV files written straight to the response —
 * positions and audit entries are streamed from a database cursor, so memory stays constant whatever the size.
 * <p>
 * It covers the orders the requester may see ({@link OrderScope}: all for ADMIN, the region's for a SUPERVISOR, the
 * court's for a JUDGE). It leaves out what belongs to someone else: the victim (identity, contact, address, their
 * unit and its positions) and the geometry of exclusion zones, which may show where a protected person lives (the
 * court's resolution states the restriction itself). Times are in the installation's zone (America/Lima), with
 * their offset.
 */
@Component
class SubjectAccessExport {
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate streaming;
    private final OrderScope scope;
    private final ZoneId zone;
    private final Clock clock;
    private final JsonMapper json;
    private final TransactionTemplate snapshot;

    SubjectAccessExport(JdbcClient jdbc, DataSource dataSource, OrderScope scope, LocalTime localTime, Clock clock,
            JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        JdbcTemplate cursor = new JdbcTemplate(dataSource);
        cursor.setFetchSize(500); // PostgreSQL streams with a cursor inside a transaction
        this.streaming = new NamedParameterJdbcTemplate(cursor);
        this.scope = scope;
        this.zone = localTime.zone();
        this.clock = clock;
        this.json = json;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /** What one export covers. */
    record Plan(UUID personId, Actor requester, List<UUID> orderIds, boolean allOrders) {
    }

    /** The export of a person the requester may see; empty (answer 404) otherwise. */
    Optional<Plan> plan(UUID personId, Actor requester) {
        if (jdbc.sql("SELECT COUNT(*) FROM person WHERE id = ?").param(personId).query(Long.class).single() == 0) {
            return Optional.empty();
        }
        OrderScope.SqlPredicate visible = scope.onOrders(requester, "o");
        List<UUID> orders = visible.bind(jdbc.sql("SELECT o.id FROM judicial_order o WHERE o.person_id = :person AND "
                + visible.sql() + " ORDER BY o.created_at, o.id").param("person", personId)).query(UUID.class).list();
        boolean all = requester.seesAllCases();
        if (orders.isEmpty() && !all) {
            return Optional.empty();
        }
        return Optional.of(new Plan(personId, requester, orders, all));
    }

    /** Writes the ZIP; returns the number of rows per file. */
    Map<String, Long> write(Plan plan, OutputStream out) {
        Map<String, Long> counts = new LinkedHashMap<>();
        return snapshot.execute(status -> {
            try {
                ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
                writeAll(plan, zip, counts);
                zip.finish();
                zip.flush();
                return counts;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void writeAll(Plan plan, ZipOutputStream zip, Map<String, Long> counts) throws IOException {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("person", plan.personId())
                .addValue("orders", plan.orderIds().isEmpty() ? List.of(new UUID(0, 0)) : plan.orderIds());
        String personUnits = "SELECT da.device_id, da.order_id, da.valid_from, da.valid_until FROM device_assignment da"
                + " WHERE da.order_id IN (:orders) AND da.role = 'PERSON_UNIT'";
        // an alarm raised by the victim's unit (their panic button) is the victim's: its evidence is where they were
        String notTheVictims = " AND NOT EXISTS (SELECT 1 FROM device_assignment vu WHERE vu.device_id = a.device_id"
                + " AND vu.order_id = a.order_id AND vu.role = 'VICTIM_UNIT')";
        String alarms = "SELECT a.id FROM alarm a WHERE a.order_id IN (:orders)" + notTheVictims;

        text(zip, "LEEME.txt", readme(plan));
        json(zip, "person.json", person(plan.personId()), counts, 1);
        json(zip, "orders.json", orders(plan.orderIds()), counts, plan.orderIds().size());
        csv(zip, "devices.csv", "SELECT da.order_id, da.device_id, d.model, d.protocol, da.valid_from, da.valid_until"
                + " FROM device_assignment da LEFT JOIN device d ON d.unique_id = da.device_id"
                + " WHERE da.order_id IN (:orders) AND da.role = 'PERSON_UNIT' ORDER BY da.valid_from", p, counts);
        // positions of the person's own units while they were assigned to these orders (never the victim's unit)
        csv(zip, "positions.csv", "SELECT u.order_id, f.device_id, f.device_time, f.server_time, f.latitude,"
                + " f.longitude, f.altitude, f.speed_kmh, f.course, f.satellites, f.hdop, f.accuracy_m, f.valid,"
                + " f.source, f.battery_percent, f.external_power, f.charging, f.strap, f.alarms"
                + " FROM (" + personUnits + ") u JOIN fixes f ON f.device_id = u.device_id"
                + " AND f.device_time >= u.valid_from AND (u.valid_until IS NULL OR f.device_time < u.valid_until)"
                + " ORDER BY f.device_time, f.device_id", p, counts);
        // what those units reported without a position (heartbeats, status and alarm messages)
        csv(zip, "device_events.csv", "SELECT u.order_id, e.device_id, e.device_time, e.server_time, e.kind,"
                + " e.battery_percent, e.external_power, e.charging, e.strap, e.alarms"
                + " FROM (" + personUnits + ") u JOIN device_event e ON e.device_id = u.device_id"
                + " AND e.device_time >= u.valid_from AND (u.valid_until IS NULL OR e.device_time < u.valid_until)"
                + " ORDER BY e.device_time, e.device_id", p, counts);
        csv(zip, "alarms.csv", "SELECT a.id, a.order_id, a.device_id, a.type, a.severity, a.zone, a.status,"
                + " a.condition_start, a.condition_ended_at, a.created_at, a.acknowledged_at, a.acknowledged_by,"
                + " a.escalated_at, a.escalated_by, a.escalation_reason, a.resolved_at, a.resolved_by,"
                + " a.resolution_code, a.resolution_note, a.sla_ack_missed, a.sla_resolve_missed"
                + " FROM alarm a WHERE a.order_id IN (:orders)" + notTheVictims + " ORDER BY a.created_at, a.id", p,
                counts);
        csv(zip, "alarm_actions.csv", "SELECT h.alarm_id, h.occurred_at, h.actor, h.actor_role, h.action, h.from_status,"
                + " h.to_status, h.detail FROM alarm_history h WHERE h.alarm_id IN (" + alarms + ")"
                + " ORDER BY h.occurred_at, h.id", p, counts);
        csv(zip, "alarm_checklist.csv", "SELECT s.alarm_id, s.step_key, s.done_at, s.done_by, s.note FROM alarm_step s"
                + " WHERE s.alarm_id IN (" + alarms + ") ORDER BY s.alarm_id, s.position", p, counts);
        csv(zip, "alarm_evidence.csv", "SELECT e.alarm_id, e.fix_time, e.lat, e.lon, e.accuracy_m, e.source"
                + " FROM alarm_evidence e WHERE e.alarm_id IN (" + alarms + ") ORDER BY e.fix_time, e.id", p, counts);
        csv(zip, "engine_events.csv", "SELECT e.order_id, e.device_id, e.kind, e.type, e.zone, e.start_at, e.end_at,"
                + " e.raised_at, e.late, e.evidence, e.recorded_at FROM supervision_alarm_event e"
                + " WHERE e.order_id IN (:orders) AND NOT EXISTS (SELECT 1 FROM device_assignment vu"
                + " WHERE vu.device_id = e.device_id AND vu.order_id = e.order_id AND vu.role = 'VICTIM_UNIT')"
                + " ORDER BY e.recorded_at, e.id", p, counts);
        incidentReports(zip, p, counts, alarms);
        csv(zip, "notifications.csv", "SELECT n.id, n.alarm_id, n.report_id, n.event, n.channel, n.target, n.status,"
                + " n.attempts, n.created_at, n.sent_at FROM notification_outbox n WHERE n.alarm_id IN (" + alarms
                + ") ORDER BY n.created_at, n.id", p, counts);
        // the court reports and evidence packages made about the case: what, for which period, by whom (the documents
        // themselves are the court's, downloaded from the order page)
        csv(zip, "court_documents.csv", "SELECT d.id, d.order_id, d.kind, d.period_from, d.period_to, d.language,"
                + " d.periodic, d.file_name, d.sha256, d.created_at, d.created_by FROM case_document d"
                + " WHERE d.order_id IN (:orders) ORDER BY d.created_at, d.id", p, counts);
        // who did what with, or looked at, this person's records; device entries only while the unit was theirs
        String ids = "CAST(x.id AS VARCHAR(64))";
        csv(zip, "audit.csv", "SELECT e.seq, e.occurred_at, e.username, e.role, e.action, e.record_type, e.record_id,"
                + " e.detail, e.remote_addr FROM audit_entry e WHERE"
                + " (e.record_type = 'Person' AND e.record_id = CAST(:person AS VARCHAR(64)))"
                + " OR (e.record_type = 'JudicialOrder' AND e.record_id IN (SELECT " + ids
                + " FROM judicial_order x WHERE x.id IN (:orders)))"
                + " OR (e.record_type = 'Alarm' AND e.record_id IN (SELECT CAST(a.id AS VARCHAR(64)) FROM alarm a"
                + " WHERE a.order_id IN (:orders)" + notTheVictims + "))"
                + " OR (e.record_type = 'IncidentReport' AND e.record_id IN (SELECT " + ids
                + " FROM incident_report x WHERE x.order_id IN (:orders)))"
                + " OR (e.record_type = 'Device' AND EXISTS (SELECT 1 FROM (" + personUnits + ") u"
                + " WHERE u.device_id = e.record_id AND e.occurred_at >= u.valid_from"
                + " AND (u.valid_until IS NULL OR e.occurred_at < u.valid_until)))"
                + " ORDER BY e.seq", p, counts);
        json(zip, "manifest.json", manifest(plan, counts), counts, -1);
    }

    private ObjectNode person(UUID personId) {
        Map<String, Object> row = jdbc.sql("SELECT id, dni, given_names, surnames, birth_date, sex, phone, contact,"
                + " address, home_lat, home_lon, synthetic, created_by, created_at, updated_at FROM person WHERE id = ?")
                .param(personId).query().singleRow();
        return node(row);
    }

    private ArrayNode orders(List<UUID> orderIds) {
        ArrayNode out = json.createArrayNode();
        for (UUID id : orderIds) {
            ObjectNode order = node(jdbc.sql("SELECT o.id, o.expediente, o.court_code, c.name AS court_name,"
                    + " j.full_name AS judge_name, o.resolution_number, o.resolution_date, o.measure_type, o.region,"
                    + " o.monitoring_centre, o.prosecutor_username, o.start_date, o.end_date, o.installation_at,"
                    + " o.status, o.created_by, o.created_at, o.updated_at FROM judicial_order o"
                    + " LEFT JOIN court c ON c.code = o.court_code LEFT JOIN judge j ON j.id = o.judge_id"
                    + " WHERE o.id = ?").param(id).query().singleRow());
            order.set("transitions", rows("SELECT from_status, to_status, occurred_at, by_username, resolution_number,"
                    + " resolution_date, note FROM order_transition WHERE order_id = ? ORDER BY occurred_at, id", id));
            ArrayNode versions = rows("SELECT version, resolution_number, resolution_date, effective_from, author,"
                    + " created_at, conditions_json FROM order_conditions WHERE order_id = ? ORDER BY version", id);
            for (JsonNode v : versions) {
                ObjectNode version = (ObjectNode) v;
                JsonNode conditions = json.readTree(version.get("conditionsJson").asString());
                version.remove("conditionsJson");
                version.set("conditions", withheldExclusionGeometry(conditions));
            }
            order.set("conditions", versions);
            order.set("viabilityReports", rows("SELECT gps_coverage, gsm_coverage, address_verified, observations,"
                    + " conclusion, report_date, author, created_at FROM viability_report WHERE order_id = ?"
                    + " ORDER BY created_at, id", id));
            order.set("warnings", rows("SELECT resolution_number, resolution_date, warning_text, author, created_at"
                    + " FROM order_warning WHERE order_id = ? ORDER BY created_at, id", id));
            order.set("authorisedAbsences", rows("SELECT from_at, to_at, types, reason, created_by, created_at"
                    + " FROM authorised_absence WHERE order_id = ? ORDER BY from_at, id", id));
            // the request for monitoring made from the prison register (eligibility triage), if the order came so
            order.set("registerRequests", rows("SELECT internal_id, created_by, created_at FROM eligibility_em_request"
                    + " WHERE order_id = ? ORDER BY created_at", id));
            order.set("legalHolds", rows("SELECT reason, placed_by, placed_at, lifted_by, lifted_at, lift_reason"
                    + " FROM legal_hold WHERE order_id = ? ORDER BY placed_at, id", id));
            // the court's authorisations for the police to follow the case, and when the police looked at it (on what
            // basis, what was shown); the officers' user names are theirs, not the person's
            order.set("policeAuthorisations", rows("SELECT jurisdiction, valid_from, valid_until, reason,"
                    + " resolution_number, granted_by, granted_at, revoked_at, revoked_by, revocation_reason"
                    + " FROM police_authorisation WHERE order_id = ? ORDER BY granted_at, id", id));
            order.set("policeAccesses", rows("SELECT occurred_at, basis, what, channel FROM police_access"
                    + " WHERE order_id = ? ORDER BY occurred_at, id", id));
            out.add(order);
        }
        return out;
    }

    /** Exclusion zones keep their id, type, radius and schedule; their geometry may show where a victim lives. */
    private JsonNode withheldExclusionGeometry(JsonNode conditions) {
        if (conditions instanceof ObjectNode c && c.get("zones") instanceof ArrayNode zones) {
            for (JsonNode z : zones) {
                if (z instanceof ObjectNode zone && "EXCLUSION".equalsIgnoreCase(zone.path("type").asString(""))) {
                    zone.remove("geometry");
                    zone.put("geometryWithheld", true);
                }
            }
        }
        return conditions;
    }

    private void incidentReports(ZipOutputStream zip, MapSqlParameterSource p, Map<String, Long> counts,
            String alarms) throws IOException {
        zip.putNextEntry(new ZipEntry("incident_reports.json"));
        long[] n = {0};
        OutputStream entry = new NonClosing(zip);
        entry.write('[');
        streaming.query("SELECT r.id, r.alarm_id, r.order_id, r.status, r.created_at, r.sent_at, r.content"
                + " FROM incident_report r WHERE r.order_id IN (:orders) AND r.alarm_id IN (" + alarms + ")"
                + " ORDER BY r.created_at, r.id", p, rs -> {
                    ObjectNode report = json.createObjectNode();
                    report.put("id", rs.getString("id"));
                    report.put("alarmId", rs.getString("alarm_id"));
                    report.put("orderId", rs.getString("order_id"));
                    report.put("status", rs.getString("status"));
                    report.put("createdAt", local(rs, "created_at"));
                    report.put("sentAt", local(rs, "sent_at"));
                    report.set("content", json.readTree(rs.getString("content")));
                    try {
                        if (n[0]++ > 0) {
                            entry.write(',');
                        }
                        entry.write(json.writeValueAsBytes(report));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        entry.write(']');
        zip.closeEntry();
        counts.put("incident_reports.json", n[0]);
    }

    private ObjectNode manifest(Plan plan, Map<String, Long> counts) {
        ObjectNode m = json.createObjectNode();
        m.put("generatedAt", OffsetDateTime.ofInstant(clock.instant(), zone).toString());
        m.put("generatedBy", plan.requester().username());
        m.put("generatedByRole", plan.requester().role().name());
        m.put("personId", plan.personId().toString());
        m.put("scope", plan.allOrders() ? "all orders of the person"
                : "the orders of the person that the requester's role and scope cover");
        ArrayNode orders = m.putArray("orders");
        plan.orderIds().forEach(id -> orders.add(id.toString()));
        ObjectNode files = m.putObject("rows");
        counts.forEach(files::put);
        ArrayNode withheld = m.putArray("withheld");
        withheld.add("victim: identity, contact, address, unit and its positions, the alarms their unit raised (their"
                + " panic button, with where they were) (personal data of another person)");
        withheld.add("geometry of exclusion zones (it may show where a protected person lives)");
        m.put("timeZone", zone.getId());
        return m;
    }

    private String readme(Plan plan) {
        return """
                Alterna — exportación de datos personales (derecho de acceso, Ley 29733)
                Persona: %s
                Generado: %s por %s (%s)

                Contenido: person.json (identidad), orders.json (órdenes, variaciones, condiciones, informes de
                viabilidad, amonestaciones, ausencias autorizadas, retenciones), devices.csv (dispositivos
                asignados), positions.csv (posiciones), device_events.csv (estados y alarmas del dispositivo sin
                posición), alarms.csv, alarm_actions.csv, alarm_checklist.csv,
                alarm_evidence.csv (alarmas y sus acciones), engine_events.csv, incident_reports.json,
                notifications.csv, audit.csv (registro de auditoría sobre la persona), manifest.json.
                Horas en %s con su desfase UTC. No incluye datos de la víctima ni la geometría de las zonas de
                exclusión (pueden revelar dónde vive una persona protegida).

                Alterna — personal data export (right of access, Ley 29733)
                Contents as listed above; times in %s with their UTC offset. The victim's data and the geometry of
                exclusion zones are withheld (they may reveal where a protected person lives).
                """.formatted(plan.personId(), OffsetDateTime.ofInstant(clock.instant(), zone),
                plan.requester().username(), plan.requester().role(), zone.getId(), zone.getId());
    }

    // ------------------------------------------------------------------ the victim's own data

    /** What the export of a victim covers: the one order that protects them. */
    record VictimPlan(UUID orderId, Actor requester) {
    }

    /** The export of the victim of an order the requester may see; empty (answer 404) without one. */
    Optional<VictimPlan> victimPlan(UUID orderId, Actor requester) {
        if (!scope.canSee(requester, orderId) || jdbc.sql("SELECT COUNT(*) FROM order_victim WHERE order_id = ?")
                .param(orderId).query(Long.class).single() == 0) {
            return Optional.empty();
        }
        return Optional.of(new VictimPlan(orderId, requester));
    }

    /** Writes the victim's ZIP; returns the number of rows per file. */
    Map<String, Long> writeVictim(VictimPlan plan, OutputStream out) {
        Map<String, Long> counts = new LinkedHashMap<>();
        return snapshot.execute(status -> {
            try {
                ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
                writeVictimFiles(plan, zip, counts);
                zip.finish();
                zip.flush();
                return counts;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The victim's own data and nothing of the person under the measure: their identity, contact and home; the
     * protection the court ordered for them (proximity distance, exclusion zones); their unit, its positions and
     * events while it was theirs; the alarms that concerned them, without the person's positions or the desk's
     * notes; and who read their data.
     */
    private void writeVictimFiles(VictimPlan plan, ZipOutputStream zip, Map<String, Long> counts)
            throws IOException {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("order", plan.orderId());
        String units = "SELECT da.device_id, da.valid_from, da.valid_until FROM device_assignment da"
                + " WHERE da.order_id = :order AND da.role = 'VICTIM_UNIT'";
        text(zip, "LEEME.txt", victimReadme(plan));
        ObjectNode victim = node(jdbc.sql("SELECT full_name, dni, phone, contact, address, home_lat, home_lon,"
                + " synthetic FROM order_victim WHERE order_id = ?").param(plan.orderId()).query().singleRow());
        victim.set("protectedBy", node(jdbc.sql("SELECT o.id, o.expediente, o.court_code, c.name AS court_name,"
                + " o.measure_type, o.status, o.start_date, o.end_date FROM judicial_order o"
                + " LEFT JOIN court c ON c.code = o.court_code WHERE o.id = ?").param(plan.orderId()).query()
                .singleRow()));
        json(zip, "victim.json", victim, counts, 1);
        ArrayNode protection = json.createArrayNode();
        for (JsonNode v : rows("SELECT version, resolution_number, resolution_date, effective_from,"
                + " conditions_json FROM order_conditions WHERE order_id = ? ORDER BY version", plan.orderId())) {
            ObjectNode version = (ObjectNode) v;
            JsonNode conditions = json.readTree(version.get("conditionsJson").asString());
            version.remove("conditionsJson");
            if (conditions.hasNonNull("victimProximityMeters")) {
                version.set("victimProximityMeters", conditions.get("victimProximityMeters"));
            } else {
                version.putNull("victimProximityMeters");
            }
            ArrayNode exclusion = version.putArray("exclusionZones");
            for (JsonNode z : conditions.path("zones")) {
                if ("EXCLUSION".equalsIgnoreCase(z.path("type").asString(""))) {
                    exclusion.add(z);
                }
            }
            protection.add(version);
        }
        json(zip, "protection.json", protection, counts, protection.size());
        csv(zip, "devices.csv", "SELECT da.device_id, d.model, d.protocol, da.valid_from, da.valid_until"
                + " FROM device_assignment da LEFT JOIN device d ON d.unique_id = da.device_id"
                + " WHERE da.order_id = :order AND da.role = 'VICTIM_UNIT' ORDER BY da.valid_from", p, counts);
        csv(zip, "positions.csv", "SELECT f.device_id, f.device_time, f.server_time, f.latitude, f.longitude,"
                + " f.altitude, f.speed_kmh, f.course, f.satellites, f.hdop, f.accuracy_m, f.valid, f.source,"
                + " f.battery_percent, f.charging FROM (" + units + ") u JOIN fixes f ON f.device_id = u.device_id"
                + " AND f.device_time >= u.valid_from AND (u.valid_until IS NULL OR f.device_time < u.valid_until)"
                + " ORDER BY f.device_time, f.device_id", p, counts);
        csv(zip, "device_events.csv", "SELECT e.device_id, e.device_time, e.server_time, e.kind, e.battery_percent,"
                + " e.external_power, e.charging, e.alarms FROM (" + units + ") u JOIN device_event e"
                + " ON e.device_id = u.device_id AND e.device_time >= u.valid_from"
                + " AND (u.valid_until IS NULL OR e.device_time < u.valid_until)"
                + " ORDER BY e.device_time, e.device_id", p, counts);
        // the alarms that concerned the victim: the aggressor near them, or raised by their own unit (panic);
        // times and outcome only: the evidence is the person's positions and the notes are the desk's
        String theirAlarms = "a.order_id = :order AND (a.type = 'VICTIM_PROXIMITY' OR a.device_id IN"
                + " (SELECT u.device_id FROM (" + units + ") u))";
        csv(zip, "alarms.csv", "SELECT a.id, a.type, a.severity, a.status, a.condition_start, a.condition_ended_at,"
                + " a.created_at, a.acknowledged_at, a.resolved_at, a.resolution_code FROM alarm a WHERE "
                + theirAlarms + " ORDER BY a.created_at, a.id", p, counts);
        // who read the victim's data: their record on the order, a proximity alarm with it, their unit while theirs
        csv(zip, "audit.csv", "SELECT e.seq, e.occurred_at, e.username, e.role, e.action, e.record_type,"
                + " e.record_id, e.detail, e.remote_addr FROM audit_entry e WHERE"
                + " (e.record_type = 'JudicialOrder' AND e.record_id = CAST(:order AS VARCHAR(64)) AND (e.action IN"
                + " ('order.victim.read', 'victim.export', 'victim.export.completed')"
                + " OR (e.action = 'police.access' AND e.detail LIKE '%victim%')))"
                + " OR (e.record_type = 'Alarm' AND e.detail LIKE '%victim%' AND e.record_id IN"
                + " (SELECT CAST(a.id AS VARCHAR(64)) FROM alarm a WHERE " + theirAlarms + "))"
                + " OR (e.record_type = 'Device' AND EXISTS (SELECT 1 FROM (" + units + ") u"
                + " WHERE u.device_id = e.record_id AND e.occurred_at >= u.valid_from"
                + " AND (u.valid_until IS NULL OR e.occurred_at < u.valid_until)))"
                + " ORDER BY e.seq", p, counts);
        ObjectNode m = json.createObjectNode();
        m.put("generatedAt", OffsetDateTime.ofInstant(clock.instant(), zone).toString());
        m.put("generatedBy", plan.requester().username());
        m.put("generatedByRole", plan.requester().role().name());
        m.put("orderId", plan.orderId().toString());
        m.put("subject", "the victim protected by the order");
        ObjectNode files = m.putObject("rows");
        counts.forEach(files::put);
        m.putArray("withheld").add("the person under the measure: identity, address, positions, their zones,"
                + " alarms that did not concern the victim (personal data of another person)")
                .add("alarm evidence (the person's positions) and the monitoring centre's notes");
        m.put("timeZone", zone.getId());
        json(zip, "manifest.json", m, counts, -1);
    }

    private String victimReadme(VictimPlan plan) {
        return """
                Alterna — exportación de datos personales de la víctima (derecho de acceso, Ley 29733)
                Orden de protección: %s
                Generado: %s por %s (%s)

                Contenido: victim.json (identidad, contacto, domicilio, la orden que la protege), protection.json
                (distancia de proximidad y zonas de exclusión ordenadas), devices.csv (su dispositivo),
                positions.csv (posiciones de su dispositivo), device_events.csv, alarms.csv (alarmas que la
                concernieron, sin posiciones ni notas), audit.csv (quién consultó sus datos), manifest.json.
                Horas en %s con su desfase UTC. No incluye datos de la persona sometida a la medida.

                Alterna — the victim's personal data export (right of access, Ley 29733)
                Contents as listed above; times in %s with their UTC offset. The data of the person under the
                measure are withheld.
                """.formatted(plan.orderId(), OffsetDateTime.ofInstant(clock.instant(), zone),
                plan.requester().username(), plan.requester().role(), zone.getId(), zone.getId());
    }

    // ------------------------------------------------------------------ writing

    private void text(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private void json(ZipOutputStream zip, String name, JsonNode node, Map<String, Long> counts, long rows)
            throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        zip.closeEntry();
        if (rows >= 0) {
            counts.put(name, rows);
        }
    }

    /** Streams a query into a CSV entry: a header of column names, then one record per row. */
    private void csv(ZipOutputStream zip, String name, String sql, MapSqlParameterSource p, Map<String, Long> counts)
            throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Writer writer = new OutputStreamWriter(new NonClosing(zip), StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(writer, CSV);
        long[] n = {0};
        streaming.query(sql, p, rs -> {
            try {
                ResultSetMetaData md = rs.getMetaData();
                if (n[0] == 0) {
                    List<String> header = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        header.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
                    }
                    printer.printRecord(header);
                }
                List<String> values = new ArrayList<>(md.getColumnCount());
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    values.add(value(rs, md, i));
                }
                printer.printRecord(values);
                n[0]++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        printer.flush();
        writer.flush();
        zip.closeEntry();
        counts.put(name, n[0]);
    }

    private ArrayNode rows(String sql, UUID orderId) {
        ArrayNode out = json.createArrayNode();
        jdbc.sql(sql).param(orderId).query().listOfRows().forEach(r -> out.add(node(r)));
        return out;
    }

    /** A row as JSON: column names in camelCase, times in the local zone with offset. */
    private ObjectNode node(Map<String, Object> row) {
        ObjectNode o = json.createObjectNode();
        row.forEach((column, v) -> {
            String key = camel(column);
            if (v == null) {
                o.putNull(key);
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
                o.put(key, ((Number) v).longValue());
            } else if (v instanceof Number num) {
                o.put(key, num.doubleValue());
            } else if (v instanceof Boolean b) {
                o.put(key, b);
            } else {
                o.put(key, text(v));
            }
        });
        return o;
    }

    private String value(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        if (md.getColumnTypeName(i).toLowerCase(Locale.ROOT).contains("timestamp")) {
            OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
            return t == null ? "" : t.atZoneSameInstant(zone).toOffsetDateTime().toString();
        }
        Object v = rs.getObject(i);
        return v == null ? "" : text(v);
    }

    private String text(Object v) {
        if (v instanceof OffsetDateTime t) {
            return t.atZoneSameInstant(zone).toOffsetDateTime().toString();
        }
        if (v instanceof java.sql.Timestamp t) {
            return OffsetDateTime.ofInstant(t.toInstant(), zone).toString();
        }
        if (v instanceof Instant t) {
            return OffsetDateTime.ofInstant(t, zone).toString();
        }
        return String.valueOf(v);
    }

    private String local(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.atZoneSameInstant(zone).toOffsetDateTime().toString();
    }

    private static String camel(String column) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : column.toLowerCase(Locale.ROOT).toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return sb.toString();
    }

    /** The ZIP stays open when a CSV printer or writer on one of its entries is closed. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
