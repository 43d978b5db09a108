package org.alterna.alarms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.LocalTime;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.orders.OrderScope;
import org.alterna.orders.OrderView;
import org.alterna.orders.Orders;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Incident reports (informes de incidencia) for the court and the prosecutor, produced when an alarm is resolved as a
 * CONFIRMED_VIOLATION: the rule, when (UTC and local time), where (evidence with accuracy), the protocol actions with
 * their times, the note and the resolution. Queued PENDING until delivered (then SENT). JSON now; PDF later.
 */
@Service
class IncidentReports {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final JdbcClient jdbc;
    private final Orders orders;
    private final OrderScope scope;
    private final ResponseProtocols protocols;
    private final ZoneId zone;
    private final ApplicationEventPublisher events;

    IncidentReports(JdbcClient jdbc, Orders orders, OrderScope scope, ResponseProtocols protocols, LocalTime localTime,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.scope = scope;
        this.protocols = protocols;
        this.zone = localTime.zone();
        this.events = events;
    }

    record Report(UUID id, UUID alarmId, UUID orderId, String courtCode, String prosecutor, String status,
            Instant createdAt, Instant sentAt, JsonNode content) {
    }

    UUID create(Alarm alarm, List<AlarmRepository.Step> steps, List<EvidenceFix> evidence, Instant now) {
        UUID id = UUID.randomUUID();
        OrderView order = orders.find(alarm.orderId()).orElse(null);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("title", "Informe de incidencia");
        c.put("reportId", id.toString());
        c.put("createdAt", when(now));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("orderId", alarm.orderId().toString());
        if (order != null) {
            o.put("expediente", order.expediente());
            o.put("resolutionNumber", order.resolutionNumber());
        }
        o.put("personName", alarm.scope().personName());
        o.put("courtCode", alarm.scope().courtCode());
        o.put("prosecutor", alarm.scope().prosecutor());
        o.put("monitoringCentre", alarm.scope().monitoringCentre());
        c.put("order", o);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("alarmType", alarm.type());
        rule.put("severity", alarm.severity().name());
        rule.put("zone", alarm.zone());
        rule.put("deviceId", alarm.deviceId());
        c.put("rule", rule);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("start", when(alarm.conditionStart()));
        w.put("end", alarm.conditionEndedAt() == null ? null : when(alarm.conditionEndedAt()));
        w.put("alarmRaisedAt", when(alarm.createdAt()));
        w.put("lateEvidence", alarm.late());
        c.put("when", w);
        List<Map<String, Object>> where = new ArrayList<>();
        // the victim's unit's alarm (their panic button): its evidence is where the victim was, which the court and
        // the prosecutor never receive
        boolean victims = scope.victimUnitAt(alarm.orderId(), alarm.deviceId(), alarm.conditionStart());
        if (victims) {
            c.put("whereWithheld", "the victim's position (an alarm of the victim's unit)");
        }
        for (EvidenceFix f : victims ? List.<EvidenceFix>of() : evidence) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", when(f.time()));
            m.put("lat", f.lat());
            m.put("lon", f.lon());
            m.put("accuracyMeters", f.accuracy());
            m.put("source", f.source());
            where.add(m);
        }
        c.put("where", where);
        List<Map<String, Object>> actions = new ArrayList<>();
        for (AlarmRepository.Step s : steps) {
            ResponseProtocols.StepText text = protocols.step(alarm.type(), s.key());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", s.key());
            m.put("es", text == null ? null : text.es());
            m.put("en", text == null ? null : text.en());
            m.put("done", s.doneAt() != null);
            m.put("doneAt", s.doneAt() == null ? null : when(s.doneAt()));
            m.put("doneBy", s.doneBy());
            m.put("note", s.note());
            actions.add(m);
        }
        c.put("actions", actions);
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("code", alarm.resolutionCode().name());
        res.put("note", alarm.resolutionNote());
        res.put("resolvedBy", alarm.resolvedBy());
        res.put("resolvedAt", when(alarm.resolvedAt()));
        res.put("acknowledgedBy", alarm.acknowledgedBy());
        res.put("acknowledgedAt", alarm.acknowledgedAt() == null ? null : when(alarm.acknowledgedAt()));
        c.put("resolution", res);
        jdbc.sql("""
                INSERT INTO incident_report (id, alarm_id, order_id, court_code, region, monitoring_centre,
                    prosecutor_username, status, created_at, content) VALUES (?,?,?,?,?,?,?,'PENDING',?,?)""")
                .params(id, alarm.id(), alarm.orderId(), alarm.scope().courtCode(), alarm.scope().region(),
                        alarm.scope().monitoringCentre(), alarm.scope().prosecutor(), Timestamp.from(now),
                        Notifier.JSON.writeValueAsString(c))
                .update();
        events.publishEvent(new Audited("incident-report.create", "IncidentReport", id.toString(),
                "alarm " + alarm.id() + " court " + alarm.scope().courtCode()));
        return id;
    }

    /** A moment in UTC and in local time (America/Lima by default). */
    private Map<String, String> when(Instant t) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("utc", t.toString());
        m.put("local", LOCAL.format(ZonedDateTime.ofInstant(t, zone)));
        m.put("zone", zone.getId());
        return m;
    }

    List<Report> list(Actor actor, String status, String court) {
        OrderScope.SqlPredicate p = scope.orderIdIn(actor, "r.order_id");
        StringBuilder sql = new StringBuilder("SELECT * FROM incident_report r WHERE " + p.sql());
        if (status != null) {
            sql.append(" AND r.status = :status");
        }
        if (court != null) {
            sql.append(" AND r.court_code = :court");
        }
        sql.append(" ORDER BY r.created_at DESC FETCH FIRST 500 ROWS ONLY");
        JdbcClient.StatementSpec spec = p.bind(jdbc.sql(sql.toString()));
        if (status != null) {
            spec = spec.param("status", status);
        }
        if (court != null) {
            spec = spec.param("court", court);
        }
        return spec.query(IncidentReports::map).list();
    }

    Report get(UUID id, Actor actor) {
        Report r = jdbc.sql("SELECT * FROM incident_report WHERE id = ?").param(id).query(IncidentReports::map)
                .optional().orElseThrow(() -> new NotFoundException("no incident report " + id));
        if (!scope.canSee(actor, r.orderId())) {
            throw new NotFoundException("no incident report " + id);
        }
        events.publishEvent(new Audited("incident-report.read", "IncidentReport", id.toString(), null));
        return r;
    }

    private static Report map(ResultSet rs, int n) throws SQLException {
        Timestamp sent = rs.getTimestamp("sent_at");
        return new Report(rs.getObject("id", UUID.class), rs.getObject("alarm_id", UUID.class),
                rs.getObject("order_id", UUID.class), rs.getString("court_code"), rs.getString("prosecutor_username"),
                rs.getString("status"), rs.getTimestamp("created_at").toInstant(),
                sent == null ? null : sent.toInstant(), Notifier.JSON.readTree(rs.getString("content")));
    }
}
