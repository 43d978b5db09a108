package org.alterna.reports;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.alterna.devices.Assignment;
import org.alterna.orders.ConditionsVersion;
import org.alterna.portability.ColumnType;
import org.alterna.portability.Signer;
import org.alterna.reports.evidence.EvidenceWriter;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a case's evidence package ({@link EvidenceWriter}) for a period: the case header, conditions with every
 * version, lifecycle, warnings, authorised absences, devices, every position of the person's unit (accuracy and source
 * as received), device events, the engine's alarm events, the alarm desk's alarms with every action, checklist step and
 * evidence position, incident reports and the audit entries about the case. Positions stream from the database into
 * the archive and, on the way, into the compliance figures and the map's track (one pass). The victim unit's
 * positions are not included: the package may reach the defence.
 */
@Component
class CasePackager {
    private final CaseRecords records;
    private final NamedParameterJdbcTemplate named;
    private final JsonMapper json;

    CasePackager(CaseRecords records, JsonMapper json) {
        this.records = records;
        this.named = new NamedParameterJdbcTemplate(records.jdbc());
        this.json = json;
    }

    /** What the package holds, for the report's verification block. */
    record Packaged(EvidenceWriter.Sealed sealed, Map<String, Long> rows) {
    }

    Packaged write(CaseRecords.Case c, OutputStream out, UUID packageId, Instant createdAt, String createdBy,
            Set<UUID> documentIds, Signer signer, ComplianceFigures figures, TrackSampler track) {
        EvidenceWriter w = new EvidenceWriter(out, createdAt);
        Map<String, Long> rows = new LinkedHashMap<>();
        UUID order = c.order().id();

        w.file("LEEME-README.txt", readme(c, packageId).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> header = header(c, packageId, createdAt, createdBy, signer.keyId());
        w.file("case.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(header));

        try (EvidenceWriter.Table t = w.table("conditions.csv", "every version of the order's conditions (JSON)",
                List.of("version", "resolution_number", "resolution_date", "effective_from", "author", "created_at",
                        "conditions_json"))) {
            for (ConditionsVersion v : c.versions()) {
                t.row(Integer.toString(v.version()), v.resolutionNumber(), str(v.resolutionDate()),
                        str(v.effectiveFrom()), v.author(), str(v.createdAt()), v.conditions().toJson());
            }
            rows.put("conditions.csv", t.rows());
        }
        try (EvidenceWriter.Table t = w.table("order_history.csv", "every lifecycle transition of the order",
                List.of("occurred_at", "from_status", "to_status", "by_username", "resolution_number",
                        "resolution_date", "note"))) {
            for (CaseRecords.Transition x : c.transitions()) {
                t.row(str(x.at()), x.from() == null ? null : x.from().name(), x.to().name(), x.by(),
                        x.resolutionNumber(), str(x.resolutionDate()), x.note());
            }
        }
        try (EvidenceWriter.Table t = w.table("warnings.csv", "warnings (amonestaciones) issued by the court",
                List.of("created_at", "resolution_number", "resolution_date", "warning_text", "author"))) {
            for (CaseRecords.Warning x : c.warnings()) {
                t.row(str(x.at()), x.resolutionNumber(), str(x.resolutionDate()), x.text(), x.author());
            }
        }
        try (EvidenceWriter.Table t = w.table("authorised_absences.csv", "authorised absences (alarms not raised)",
                List.of("from_at", "to_at", "types", "reason", "created_by"))) {
            for (CaseRecords.Absence x : c.absences()) {
                t.row(str(x.from()), str(x.to()), x.types(), x.reason(), x.by());
            }
        }
        try (EvidenceWriter.Table t = w.table("devices.csv", "devices assigned to the order and when",
                List.of("device_id", "role", "valid_from", "valid_until"))) {
            for (Assignment a : c.assignments()) {
                t.row(a.deviceId(), a.role().name(), str(a.from()), str(a.until()));
            }
        }

        // positions: one pass feeds the archive, the figures and the map; the unit's messages without a position
        // (heartbeats, status and alarm messages) are merged into the figures in device-time order
        List<CaseRecords.FixQuery> queries = CaseRecords.fixQueries(c);
        List<CaseRecords.FixQuery> statusQueries = CaseRecords.statusQueries(c);
        EvidenceWriter.Table fixes = null;
        try {
            for (int qi = 0; qi < queries.size(); qi++) {
                CaseRecords.FixQuery q = queries.get(qi);
                List<CaseRecords.StatusRow> statuses = records.statuses(statusQueries.get(qi));
                int[] next = {0};
                EvidenceWriter.Table[] holder = {fixes};
                records.jdbc().query(q.sql(), (ResultSetExtractor<Void>) rs -> {
                    Columns cols = Columns.of(rs.getMetaData(), "fixes");
                    CaseRecords.FixColumns at = CaseRecords.FixColumns.of(rs);
                    if (holder[0] == null) {
                        holder[0] = w.table("fixes.csv", "every stored position of the person's unit (device time "
                                + "order): accuracy in metres and source as received", cols.names());
                    }
                    while (rs.next()) {
                        holder[0].row(cols.values(rs));
                        CaseRecords.FixRow f = at.read(rs);
                        while (next[0] < statuses.size() && !statuses.get(next[0]).time().isAfter(f.time())) {
                            figures.accept(statuses.get(next[0]++));
                        }
                        figures.accept(f);
                        if (f.valid()) {
                            track.accept(f.lon(), f.lat(), f.time().toEpochMilli());
                        }
                    }
                    return null;
                }, q.params());
                while (next[0] < statuses.size()) {
                    figures.accept(statuses.get(next[0]++));
                }
                fixes = holder[0];
            }
            if (fixes == null) {
                fixes = w.table("fixes.csv", "every stored position of the person's unit", records.jdbc().query(
                        "SELECT " + CaseRecords.FIX_COLUMNS + " FROM fixes WHERE 1 = 0", (ResultSetExtractor<List<String>>) rs ->
                                Columns.of(rs.getMetaData(), "fixes").names()));
            }
        } finally {
            if (fixes != null) {
                rows.put("fixes.csv", fixes.rows());
                fixes.close();
            }
        }
        try (EvidenceWriter.Table t = w.table("device_events.csv", "events of the device derived from its positions "
                + "and its messages without a position, in device time (strap, charging, external power, battery "
                + "level, the device's own alarm flags)",
                List.of("device_id", "time", "event", "value"))) {
            for (ComplianceFigures.DeviceEvent e : figures.deviceEvents()) {
                t.row(e.deviceId(), str(e.time()), e.event(), e.value());
            }
        }

        CaseRecords.FixQuery status = CaseRecords.deviceEventQuery(c);
        rows.put("device_status.csv", query(w, "device_status.csv", "messages of the person's unit without a position "
                + "(heartbeats, status and alarm messages: battery, charger, strap, the device's alarm flags) as stored",
                status.sql(), status.params(), null));

        Object[] alarmParams = records.alarmParams(order, c.from(), c.to());
        rows.put("engine_events.csv", query(w, "engine_events.csv", "every alarm change the supervision engine made",
                "SELECT * FROM supervision_alarm_event WHERE order_id = ? AND start_at < ? AND COALESCE(end_at, "
                        + "start_at) >= ? ORDER BY id", alarmParams, null));
        String inPeriod = "(SELECT id FROM alarm WHERE " + CaseRecords.ALARMS_OF_PERIOD + ")";
        rows.put("alarms.csv", query(w, "alarms.csv", "the alarm desk's alarms of the period",
                "SELECT * FROM alarm WHERE " + CaseRecords.ALARMS_OF_PERIOD + " ORDER BY condition_start, created_at",
                alarmParams, null));
        rows.put("alarm_actions.csv", query(w, "alarm_actions.csv", "every action on those alarms (who, when, what)",
                "SELECT * FROM alarm_history WHERE alarm_id IN " + inPeriod + " ORDER BY occurred_at, id", alarmParams,
                null));
        query(w, "alarm_steps.csv", "the protocol checklist of each alarm",
                "SELECT * FROM alarm_step WHERE alarm_id IN " + inPeriod + " ORDER BY alarm_id, position", alarmParams,
                null);
        query(w, "alarm_evidence.csv", "the positions each alarm was raised on",
                "SELECT * FROM alarm_evidence WHERE alarm_id IN " + inPeriod + " ORDER BY alarm_id, fix_time, id",
                alarmParams, null);
        query(w, "incident_reports.csv", "incident reports (informes de incidencia) of those alarms",
                "SELECT * FROM incident_report WHERE alarm_id IN " + inPeriod + " ORDER BY created_at", alarmParams,
                null);

        // the audit entries about the case: the order, the person, its alarms, reports and documents, and its devices
        // while they were assigned to it
        Set<String> ids = new HashSet<>();
        ids.add(order.toString());
        ids.add(c.order().personId().toString());
        c.alarms().forEach(a -> ids.add(a.id().toString()));
        c.incidents().forEach(i -> ids.add(i.id().toString()));
        documentIds.forEach(d -> ids.add(d.toString()));
        Set<String> deviceIds = new HashSet<>();
        c.assignments().forEach(a -> deviceIds.add(a.deviceId()));
        ids.addAll(deviceIds);
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("ids", ids)
                .addValue("from", CaseRecords.ts(c.from()));
        rows.put("audit.csv", namedQuery(w, "audit.csv", "audit entries about the case since the start of the period, "
                + "with their hash chain values", "SELECT * FROM audit_entry WHERE record_id IN (:ids) AND occurred_at "
                + ">= :from ORDER BY seq", p, rs -> {
                    if (!"Device".equals(rs.getString("record_type"))) {
                        return true;
                    }
                    Instant at = CaseRecords.instant(rs, "occurred_at");
                    String device = rs.getString("record_id");
                    return c.assignments().stream().anyMatch(a -> a.deviceId().equals(device) && !at.isBefore(a.from())
                            && (a.until() == null || at.isBefore(a.until())));
                }));

        Map<String, Object> manifestHeader = new LinkedHashMap<>();
        manifestHeader.put("packageId", packageId.toString());
        manifestHeader.put("orderId", order.toString());
        manifestHeader.put("expediente", c.order().expediente());
        manifestHeader.put("court", c.order().courtCode());
        manifestHeader.put("periodFrom", c.from().toString());
        manifestHeader.put("periodTo", c.to().toString());
        manifestHeader.put("createdAt", createdAt.toString());
        manifestHeader.put("createdBy", createdBy);
        return new Packaged(w.finish(manifestHeader, signer), rows);
    }

    interface RowFilter {
        boolean include(ResultSet rs) throws SQLException;
    }

    private long query(EvidenceWriter w, String name, String description, String sql, Object[] params,
            RowFilter filter) {
        Long n = records.jdbc().query(sql, (ResultSetExtractor<Long>) rs -> copy(w, name, description, rs, filter),
                params);
        return n == null ? 0 : n;
    }

    private long namedQuery(EvidenceWriter w, String name, String description, String sql, MapSqlParameterSource p,
            RowFilter filter) {
        Long n = named.query(sql, p, (ResultSetExtractor<Long>) rs -> copy(w, name, description, rs, filter));
        return n == null ? 0 : n;
    }

    private static long copy(EvidenceWriter w, String name, String description, ResultSet rs, RowFilter filter)
            throws SQLException {
        Columns cols = Columns.of(rs.getMetaData(), name);
        try (EvidenceWriter.Table t = w.table(name, description, cols.names())) {
            while (rs.next()) {
                if (filter == null || filter.include(rs)) {
                    t.row(cols.values(rs));
                }
            }
            return t.rows();
        }
    }

    /** The columns of a result as the export format encodes them. */
    record Columns(List<String> names, ColumnType[] types) {
        static Columns of(ResultSetMetaData md, String where) throws SQLException {
            List<String> names = new ArrayList<>();
            ColumnType[] types = new ColumnType[md.getColumnCount()];
            for (int i = 1; i <= md.getColumnCount(); i++) {
                names.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
                types[i - 1] = ColumnType.of(md.getColumnType(i), md.getColumnTypeName(i), where);
            }
            return new Columns(names, types);
        }

        String[] values(ResultSet rs) throws SQLException {
            String[] v = new String[types.length];
            for (int i = 0; i < types.length; i++) {
                v[i] = types[i].read(rs, i + 1);
            }
            return v;
        }
    }

    private static Map<String, Object> header(CaseRecords.Case c, UUID packageId, Instant createdAt, String createdBy,
            String keyId) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("packageId", packageId.toString());
        h.put("createdAt", createdAt.toString());
        h.put("createdBy", createdBy);
        h.put("installationKeyId", keyId);
        h.put("periodFrom", c.from().toString());
        h.put("periodTo", c.to().toString());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", c.order().id().toString());
        o.put("expediente", c.order().expediente());
        o.put("courtCode", c.order().courtCode());
        o.put("courtName", c.courtName());
        o.put("judge", c.order().judgeName());
        o.put("resolutionNumber", c.order().resolutionNumber());
        o.put("resolutionDate", str(c.order().resolutionDate()));
        o.put("measureType", c.order().measureType() == null ? null : c.order().measureType().name());
        o.put("status", c.order().status().name());
        o.put("personName", c.order().personName());
        o.put("personDni", c.order().personDni());
        o.put("startDate", str(c.order().startDate()));
        o.put("endDate", str(c.order().endDate()));
        o.put("monitoringCentre", c.order().monitoringCentre());
        o.put("prosecutor", c.order().prosecutor());
        o.put("synthetic", c.order().synthetic());
        h.put("order", o);
        h.put("victimPositions", "not included: the positions of the victim's unit are kept for the court and are not "
                + "part of a package that may reach the defence");
        h.put("times", "UTC, ISO-8601");
        return h;
    }

    private static String readme(CaseRecords.Case c, UUID packageId) {
        return """
                ALTERNA — PAQUETE DE EVIDENCIAS / EVIDENCE PACKAGE
                Expediente: %s
                Paquete / package: %s
                Periodo / period (UTC): %s — %s

                ES
                Este archivo ZIP contiene los datos del caso en el periodo: posiciones del dispositivo de la persona
                (con precisión y fuente), eventos del dispositivo, alarmas con cada acción del operador, las versiones
                de las condiciones y las entradas de auditoría sobre el caso. Las horas están en UTC.
                manifest.json lista cada archivo con su SHA-256; manifest.sig es la firma Ed25519 de manifest.json
                con la clave de la instalación (installation-key.pem). Cada fila de los CSV lleva su número y un hash
                encadenado con la fila anterior (row_hash), de modo que una fila alterada, quitada o reordenada se
                detecta y se nombra.
                Verificar: alterna verify ESTE.zip --key CLAVE.pem  (o la página /verificar de la consola, sin cuenta).
                A mano: sha256sum de cada archivo frente a manifest.json, y
                  openssl pkeyutl -verify -pubin -inkey CLAVE.pem -rawin -in manifest.json -sigfile manifest.sig
                Use la clave publicada por la instalación (GET /api/v1/installation-key) o impresa en el informe, no
                solo la incluida en el paquete: esta prueba que el paquete está íntegro, no quién lo hizo.

                EN
                This ZIP holds the case's data for the period: positions of the person's unit (with accuracy and
                source), device events, alarms with every operator action, the versions of the conditions and the
                audit entries about the case. Times are UTC. manifest.json lists every file with its SHA-256;
                manifest.sig is the Ed25519 signature of manifest.json by the installation key. Every CSV row carries
                its number and a hash chained to the previous row (row_hash), so an altered, removed or reordered row
                is detected and named.
                Verify: alterna verify THIS.zip --key KEY.pem  (or the console's /verificar page, no account needed).
                By hand: sha256sum each file against manifest.json, and
                  openssl pkeyutl -verify -pubin -inkey KEY.pem -rawin -in manifest.json -sigfile manifest.sig
                Check with the key the installation publishes (GET /api/v1/installation-key) or the one printed in
                the report, not only the one inside the package: that proves integrity, not origin.
                """.formatted(c.order().expediente(), packageId, c.from(), c.to());
    }

    static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
