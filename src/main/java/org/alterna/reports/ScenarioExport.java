package org.alterna.reports;

import java.io.ByteArrayOutputStream;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.LocalTime;
import org.alterna.devices.Assignment;
import org.alterna.devices.AssignmentRole;
import org.alterna.identity.Actor;
import org.alterna.orders.Conditions;
import org.alterna.orders.ConditionsVersion;
import org.alterna.orders.OrderView;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stored case in the scenario format that {@code alterna replay} reads (SCENARIOS.md): the conditions in force at the
 * start of the period as {@code supervision}, each later version as a {@code variations} entry effective from its
 * moment, authorised absences as {@code suspensions}, every position of the person's unit (with when it was received,
 * its strap, battery, power and alarm flags, and its single raw values, among them the home beacon it heard), the
 * unit's messages without a position ({@code events}: a strap cut in a heartbeat) and the victim's unit's positions. Anyone can then re-run a disputed alarm, or a what-if with
 * {@code alterna replay FILE --conditions other.json}.
 */
@Service
class ScenarioExport {
    private final ReportService reports;
    private final CaseRecords records;
    private final JsonMapper json;
    private final LocalTime localTime;
    private final ApplicationEventPublisher events;

    ScenarioExport(ReportService reports, CaseRecords records, JsonMapper json, LocalTime localTime,
            ApplicationEventPublisher events) {
        this.reports = reports;
        this.records = records;
        this.json = json;
        this.localTime = localTime;
        this.events = events;
    }

    record Exported(byte[] json, String fileName, long fixes, long victimFixes) {
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    Exported export(UUID orderId, Instant from, Instant to, Actor actor) {
        OrderView order = reports.visibleOrder(orderId, actor);
        Instant[] p = reports.period(order, from, to);
        CaseRecords.Case c = records.load(order, p[0], p[1]);
        DateTimeFormatter d = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(localTime.zone());
        String name = order.expediente().replaceAll("[^A-Za-z0-9-]", "-") + "-" + d.format(p[0]) + "-" + d.format(p[1]);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        long[] counts = new long[3];
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("name", name);
            g.writeStringProperty("timezone", localTime.zone().getId());
            g.writeName("source");
            g.writeStartObject();
            g.writeStringProperty("orderId", orderId.toString());
            g.writeStringProperty("expediente", order.expediente());
            g.writeStringProperty("from", p[0].toString());
            g.writeStringProperty("to", p[1].toString());
            g.writeStringProperty("exportedBy", actor.username());
            g.writeEndObject();
            List<ConditionsVersion> versions = c.versions();
            ConditionsVersion first = ComplianceReportPdf.inForceAt(versions, p[0]);
            if (first == null && !versions.isEmpty()) {
                first = versions.get(0);
            }
            g.writeName("supervision");
            g.writeTree(supervision(first == null ? Conditions.none() : first.conditions(), c.absences()));
            g.writeName("variations");
            g.writeStartArray();
            for (ConditionsVersion v : versions) {
                if (first != null && v.version() > first.version() && v.effectiveFrom().isBefore(p[1])) {
                    g.writeStartObject();
                    g.writeStringProperty("from", v.effectiveFrom().toString());
                    g.writeStringProperty("resolution", v.resolutionNumber());
                    g.writeName("supervision");
                    g.writeTree(supervision(v.conditions(), c.absences()));
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeName("fixes");
            g.writeStartArray();
            counts[0] = fixes(g, c, AssignmentRole.PERSON_UNIT, p[0], p[1]);
            g.writeEndArray();
            g.writeName("events");
            g.writeStartArray();
            counts[2] = events(g, c);
            g.writeEndArray();
            g.writeName("victimFixes");
            g.writeStartArray();
            counts[1] = fixes(g, c, AssignmentRole.VICTIM_UNIT, p[0], p[1]);
            g.writeEndArray();
            g.writeEndObject();
        }
        events.publishEvent(new Audited("track.read", "JudicialOrder", orderId.toString(), "replay scenario " + p[0]
                + " to " + p[1] + ": " + counts[0] + " fixes, " + counts[2] + " device events, " + counts[1]
                + " victim fixes"));
        return new Exported(out.toByteArray(), "scenario-" + name + ".json", counts[0], counts[1]);
    }

    private long fixes(JsonGenerator g, CaseRecords.Case c, AssignmentRole role, Instant from, Instant to) {
        long[] n = {0};
        for (Assignment a : c.assignments()) {
            if (a.role() != role) {
                continue;
            }
            Instant f = a.from().isAfter(from) ? a.from() : from;
            Instant t = a.until() != null && a.until().isBefore(to) ? a.until() : to;
            if (!f.isBefore(t)) {
                continue;
            }
            records.jdbc().query("SELECT * FROM fixes WHERE device_id = ? AND device_time >= ? AND device_time < ? "
                    + "ORDER BY device_time", (org.springframework.jdbc.core.ResultSetExtractor<Void>) rs -> {
                        CaseRecords.FixColumns at = CaseRecords.FixColumns.of(rs);
                        int io = rs.findColumn("io");
                        while (rs.next()) {
                            write(g, at.read(rs), rs.getString(io));
                            n[0]++;
                        }
                        return null;
                    }, a.deviceId(), CaseRecords.ts(f), CaseRecords.ts(t));
        }
        return n[0];
    }

    /**
     * The person's unit's messages without a position while it served the case (heartbeats, status and alarm
     * messages): the engine supervised them like fixes (strap, battery, power cut, panic, communication).
     */
    private long events(JsonGenerator g, CaseRecords.Case c) {
        CaseRecords.FixQuery q = CaseRecords.deviceEventQuery(c);
        Long n = records.jdbc().query(q.sql(), (org.springframework.jdbc.core.ResultSetExtractor<Long>) rs -> {
            long count = 0;
            while (rs.next()) {
                g.writeStartObject();
                java.time.Instant time = CaseRecords.instant(rs, "device_time");
                java.time.Instant received = CaseRecords.instant(rs, "server_time");
                g.writeStringProperty("time", time.toString());
                Integer battery = CaseRecords.nullableInt(rs, "battery_percent");
                if (battery != null) {
                    g.writeNumberProperty("battery", battery);
                }
                Boolean power = CaseRecords.nullableBool(rs, "external_power");
                if (power != null) {
                    g.writeBooleanProperty("externalPower", power);
                }
                Boolean charging = CaseRecords.nullableBool(rs, "charging");
                if (charging != null) {
                    g.writeBooleanProperty("charging", charging);
                }
                deviceState(g, rs.getString("strap"), rs.getString("alarms"), rs.getString("io"));
                if (received != null && !received.equals(time)) {
                    g.writeStringProperty("receivedAt", received.toString());
                }
                g.writeEndObject();
                count++;
            }
            return count;
        }, q.params());
        return n == null ? 0 : n;
    }

    private void write(JsonGenerator g, CaseRecords.FixRow f, String io) {
        g.writeStartObject();
        g.writeStringProperty("time", f.time().toString());
        g.writeNumberProperty("lat", f.lat());
        g.writeNumberProperty("lon", f.lon());
        if (f.accuracy() != null) {
            g.writeNumberProperty("accuracy", f.accuracy());
        }
        g.writeBooleanProperty("valid", f.valid());
        if (f.source() != null) {
            g.writeStringProperty("source", f.source());
        }
        if (f.battery() != null) {
            g.writeNumberProperty("battery", f.battery());
        }
        if (f.charging() != null) {
            g.writeBooleanProperty("charging", f.charging());
        }
        if (f.externalPower() != null) {
            g.writeBooleanProperty("externalPower", f.externalPower());
        }
        deviceState(g, f.strap(), f.deviceAlarms(), io);
        if (f.received() != null && !f.received().equals(f.time())) {
            g.writeStringProperty("receivedAt", f.received().toString());
        }
        g.writeEndObject();
    }

    /**
     * The strap, the device's own alarm flags and its raw values as stored: among them what the tag heard of a home
     * beacon ({@code beacon.id}, {@code beacon.rssi}), which a what-if with a home presence condition judges. Only
     * single values are kept (lists of cells and the like are evidence in the package, not replay input).
     */
    private void deviceState(JsonGenerator g, String strap, String alarms, String io) {
        if (strap != null) {
            g.writeStringProperty("strap", strap);
        }
        if (alarms != null && !alarms.isBlank()) {
            g.writeName("alarms");
            g.writeStartArray();
            for (String a : alarms.split(",")) {
                if (!a.isBlank()) {
                    g.writeString(a.trim());
                }
            }
            g.writeEndArray();
        }
        if (io != null && !io.isBlank()) {
            tools.jackson.databind.JsonNode values;
            try {
                values = json.readTree(io);
            } catch (tools.jackson.core.JacksonException e) {
                return; // not JSON: kept in the evidence package as stored
            }
            ObjectNode scalars = nodes().objectNode();
            values.properties().forEach(e -> {
                tools.jackson.databind.JsonNode v = e.getValue();
                if (v.isString() || v.isNumber() || v.isBoolean()) {
                    scalars.set(e.getKey(), v);
                }
            });
            if (!scalars.isEmpty()) {
                g.writeName("io");
                g.writeTree(scalars);
            }
        }
    }

    /** The {@code supervision} object of a scenario from an order's conditions and its authorised absences. */
    static ObjectNode supervision(Conditions c, List<CaseRecords.Absence> absences) {
        ObjectNode s = (ObjectNode) c.toJsonNode().deepCopy();
        if (s.get("routes") instanceof ArrayNode routes) {
            for (int i = 0; i < routes.size(); i++) {
                ObjectNode r = (ObjectNode) routes.get(i);
                if (r.has("window")) {
                    r.putArray("schedule").add(r.remove("window"));
                }
            }
        }
        if (s.has("chargingWindow")) {
            tools.jackson.databind.JsonNode window = s.remove("chargingWindow");
            s.putArray("chargingWindow").add(window);
        }
        if (s.get("graceMinutes") instanceof ObjectNode grace) {
            ObjectNode periods = s.putObject("gracePeriods");
            grace.properties().forEach(e -> periods.set(e.getKey().equals("ROUTE") ? "ROUTE_DEVIATION" : e.getKey(),
                    e.getValue()));
            s.remove("graceMinutes");
        }
        if (!absences.isEmpty()) {
            ArrayNode ss = s.putArray("suspensions");
            for (CaseRecords.Absence a : absences) {
                ObjectNode n = ss.addObject();
                n.put("from", a.from().toString());
                n.put("to", a.to().toString());
                ArrayNode types = n.putArray("types");
                List<String> list = new ArrayList<>();
                if (a.types() != null) {
                    for (String t : a.types().split(",")) {
                        if (!t.isBlank()) {
                            list.add(t.trim().equals("ROUTE") ? "ROUTE_DEVIATION" : t.trim());
                        }
                    }
                }
                list.forEach(types::add);
            }
        }
        return s;
    }

    static JsonNodeFactory nodes() {
        return JsonNodeFactory.instance;
    }
}
