package org.alterna.orders;

import static org.alterna.common.Sql.date;
import static org.alterna.common.Sql.doubleOrNull;
import static org.alterna.common.Sql.instant;
import static org.alterna.common.Sql.longOrNull;
import static org.alterna.common.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.alterna.common.ConflictException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Persistence of the order aggregate and everything recorded on it. */
@Repository
class OrderRepository {
    private static final String VIEW = """
            SELECT o.*, p.given_names, p.surnames, p.dni, j.full_name AS judge_name,
                   (SELECT COUNT(*) FROM order_victim v WHERE v.order_id = o.id) AS victims,
                   (SELECT MAX(c.version) FROM order_conditions c WHERE c.order_id = o.id) AS conditions_version
            FROM judicial_order o
            JOIN person p ON p.id = o.person_id
            LEFT JOIN judge j ON j.id = o.judge_id
            """;

    private final JdbcClient jdbc;

    OrderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- aggregate ----

    Optional<JudicialOrder> load(UUID id) {
        return jdbc.sql("SELECT * FROM judicial_order WHERE id = :id").param("id", id)
                .query((rs, n) -> aggregate(rs)).optional();
    }

    void insert(JudicialOrder o) {
        jdbc.sql("""
                INSERT INTO judicial_order (id, expediente, court_code, judge_id, resolution_number, resolution_date,
                    measure_type, person_id, penal_centre_id, region, monitoring_centre, prosecutor_username, start_date,
                    end_date, installation_at, status, synthetic, created_by, created_at, updated_at, row_version)
                VALUES (:id, :exp, :court, :judge, :resno, :resdate, :type, :person, :pc, :region, :centre, :pros,
                    :start, :end, :inst, :status, :syn, :by, :created, :updated, 0)""")
                .param("id", o.id).param("exp", o.expediente).param("court", o.courtCode).param("judge", o.judgeId)
                .param("resno", o.resolutionNumber).param("resdate", o.resolutionDate)
                .param("type", o.measureType.name()).param("person", o.personId).param("pc", o.penalCentreId)
                .param("region", o.region).param("centre", o.monitoringCentre).param("pros", o.prosecutor)
                .param("start", o.startDate).param("end", o.endDate).param("inst", utc(o.installationAt))
                .param("status", o.status.name()).param("syn", o.synthetic).param("by", o.createdBy)
                .param("created", utc(o.createdAt)).param("updated", utc(o.updatedAt)).update();
    }

    /** Saves the aggregate if nobody changed it since it was loaded (optimistic lock), else 409. */
    void update(JudicialOrder o) {
        int n = jdbc.sql("""
                UPDATE judicial_order SET judge_id = :judge, resolution_number = :resno, resolution_date = :resdate,
                    region = :region, monitoring_centre = :centre, prosecutor_username = :pros, start_date = :start,
                    end_date = :end, installation_at = :inst, status = :status, updated_at = :updated,
                    row_version = row_version + 1
                WHERE id = :id AND row_version = :rv""")
                .param("judge", o.judgeId).param("resno", o.resolutionNumber).param("resdate", o.resolutionDate)
                .param("region", o.region).param("centre", o.monitoringCentre).param("pros", o.prosecutor)
                .param("start", o.startDate).param("end", o.endDate).param("inst", utc(o.installationAt))
                .param("status", o.status.name()).param("updated", utc(o.updatedAt)).param("id", o.id)
                .param("rv", o.rowVersion).update();
        if (n != 1) {
            throw new ConflictException(o.name() + " was changed by someone else meanwhile; reload it and retry");
        }
        o.rowVersion++;
    }

    private JudicialOrder aggregate(ResultSet rs) throws SQLException {
        JudicialOrder o = new JudicialOrder(rs.getObject("id", UUID.class));
        o.expediente = rs.getString("expediente");
        o.courtCode = rs.getString("court_code");
        o.judgeId = longOrNull(rs, "judge_id");
        o.resolutionNumber = rs.getString("resolution_number");
        o.resolutionDate = date(rs, "resolution_date");
        o.measureType = MeasureType.valueOf(rs.getString("measure_type"));
        o.personId = rs.getObject("person_id", UUID.class);
        o.penalCentreId = longOrNull(rs, "penal_centre_id");
        o.region = rs.getString("region");
        o.monitoringCentre = rs.getString("monitoring_centre");
        o.prosecutor = rs.getString("prosecutor_username");
        o.startDate = date(rs, "start_date");
        o.endDate = date(rs, "end_date");
        o.installationAt = instant(rs, "installation_at");
        o.status = OrderStatus.valueOf(rs.getString("status"));
        o.synthetic = rs.getBoolean("synthetic");
        o.createdBy = rs.getString("created_by");
        o.createdAt = instant(rs, "created_at");
        o.updatedAt = instant(rs, "updated_at");
        o.rowVersion = rs.getInt("row_version");
        return o;
    }

    // ---- views ----

    Optional<OrderView> view(UUID id) {
        return jdbc.sql(VIEW + " WHERE o.id = :id").param("id", id).query((rs, n) -> view(rs)).optional();
    }

    List<OrderView> viewsWithStatus(OrderStatus status) {
        return jdbc.sql(VIEW + " WHERE o.status = :s ORDER BY o.created_at").param("s", status.name())
                .query((rs, n) -> view(rs)).list();
    }

    List<OrderView> viewsWithStatus(OrderStatus status, OrderScope.SqlPredicate visible) {
        return visible.bind(jdbc.sql(VIEW + " WHERE o.status = :s AND " + visible.sql() + " ORDER BY o.created_at")
                .param("s", status.name())).query((rs, n) -> view(rs)).list();
    }

    /** The visible orders matching the filter with their transitions, oldest request first (two queries). */
    List<OrderTimeline> timelines(OrderScope.SqlPredicate visible, OrderTimeline.Filter f) {
        StringBuilder where = new StringBuilder(visible.sql());
        Map<String, Object> params = new LinkedHashMap<>(visible.params());
        if (f.requestedFrom() != null) {
            where.append(" AND o.created_at >= :t_from");
            params.put("t_from", utc(f.requestedFrom()));
        }
        if (f.requestedTo() != null) {
            where.append(" AND o.created_at < :t_to");
            params.put("t_to", utc(f.requestedTo()));
        }
        if (f.region() != null) {
            where.append(" AND o.region = :t_region");
            params.put("t_region", f.region());
        }
        if (f.courtCode() != null) {
            where.append(" AND o.court_code = :t_court");
            params.put("t_court", f.courtCode());
        }
        if (f.penalCentreId() != null) {
            where.append(" AND o.penal_centre_id = :t_centre");
            params.put("t_centre", f.penalCentreId());
        }
        Map<UUID, List<OrderTimeline.Change>> changes = new java.util.HashMap<>();
        JdbcClient.StatementSpec history = jdbc.sql("SELECT t.order_id, t.from_status, t.to_status, t.occurred_at"
                + " FROM order_transition t JOIN judicial_order o ON o.id = t.order_id WHERE " + where
                + " ORDER BY t.order_id, t.occurred_at, t.id");
        for (Map.Entry<String, Object> e : params.entrySet()) {
            history = history.param(e.getKey(), e.getValue());
        }
        history.query((rs, n) -> {
            String from = rs.getString("from_status");
            changes.computeIfAbsent(rs.getObject("order_id", UUID.class), k -> new ArrayList<>())
                    .add(new OrderTimeline.Change(from == null ? null : OrderStatus.valueOf(from),
                            OrderStatus.valueOf(rs.getString("to_status")), instant(rs, "occurred_at")));
            return 0;
        }).list();
        JdbcClient.StatementSpec orders = jdbc.sql("SELECT o.id, o.expediente, o.court_code, o.region,"
                + " o.penal_centre_id, pc.name AS penal_centre_name, o.monitoring_centre, o.measure_type, o.status,"
                + " o.synthetic, o.created_at, (SELECT vr.conclusion FROM viability_report vr WHERE vr.order_id = o.id"
                + " ORDER BY vr.created_at DESC, vr.id DESC LIMIT 1) AS latest_viability"
                + " FROM judicial_order o LEFT JOIN penal_centre pc ON pc.id = o.penal_centre_id WHERE " + where
                + " ORDER BY o.created_at, o.id");
        for (Map.Entry<String, Object> e : params.entrySet()) {
            orders = orders.param(e.getKey(), e.getValue());
        }
        return orders.query((rs, n) -> {
            UUID id = rs.getObject("id", UUID.class);
            return new OrderTimeline(id, rs.getString("expediente"), rs.getString("court_code"),
                    rs.getString("region"), longOrNull(rs, "penal_centre_id"), rs.getString("penal_centre_name"),
                    rs.getString("monitoring_centre"), MeasureType.valueOf(rs.getString("measure_type")),
                    OrderStatus.valueOf(rs.getString("status")), rs.getBoolean("synthetic"),
                    rs.getString("latest_viability"), instant(rs, "created_at"),
                    changes.getOrDefault(id, List.of()));
        }).list();
    }

    /** When the order first reached {@code status}, or null. */
    Instant firstReached(UUID orderId, OrderStatus status) {
        return jdbc.sql("SELECT MIN(occurred_at) AS t FROM order_transition WHERE order_id = ? AND to_status = ?")
                .params(orderId, status.name()).query((rs, n) -> instant(rs, "t")).optional().orElse(null);
    }

    /** Re-dates the order's transitions, oldest first, and its creation (demo data). */
    void redate(UUID orderId, List<Instant> at) {
        List<Long> ids = jdbc.sql("SELECT id FROM order_transition WHERE order_id = ? ORDER BY occurred_at, id")
                .param(orderId).query(Long.class).list();
        for (int i = 0; i < Math.min(ids.size(), at.size()); i++) {
            jdbc.sql("UPDATE order_transition SET occurred_at = ? WHERE id = ?").params(utc(at.get(i)), ids.get(i))
                    .update();
        }
        if (!at.isEmpty()) {
            jdbc.sql("UPDATE judicial_order SET created_at = ? WHERE id = ?").params(utc(at.get(0)), orderId).update();
            Instant reported = at.size() > 1 ? at.get(1) : at.get(0);
            jdbc.sql("UPDATE viability_report SET created_at = ? WHERE order_id = ? AND created_at > ?")
                    .params(utc(reported), orderId, utc(reported)).update();
        }
    }

    /** Sets the order's region and court (its judge unset) and, unless null, its penal centre. */
    void relocate(UUID orderId, String region, String courtCode, Long penalCentreId) {
        jdbc.sql("UPDATE judicial_order SET region = ?, court_code = ?, judge_id = NULL WHERE id = ?")
                .params(region, courtCode, orderId).update();
        if (penalCentreId != null) {
            jdbc.sql("UPDATE judicial_order SET penal_centre_id = ? WHERE id = ?").params(penalCentreId, orderId)
                    .update();
        }
    }

    /** Filters of the order list; null means any. */
    record Filter(OrderStatus status, String courtCode, MeasureType measureType, String region, UUID personId) {
    }

    record Page(List<OrderView> items, long total) {
    }

    Page list(OrderScope.SqlPredicate scope, Filter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE ").append(scope.sql());
        Map<String, Object> params = new LinkedHashMap<>(scope.params());
        if (filter.status() != null) {
            where.append(" AND o.status = :f_status");
            params.put("f_status", filter.status().name());
        }
        if (filter.courtCode() != null) {
            where.append(" AND o.court_code = :f_court");
            params.put("f_court", filter.courtCode());
        }
        if (filter.measureType() != null) {
            where.append(" AND o.measure_type = :f_type");
            params.put("f_type", filter.measureType().name());
        }
        if (filter.region() != null) {
            where.append(" AND o.region = :f_region");
            params.put("f_region", filter.region());
        }
        if (filter.personId() != null) {
            where.append(" AND o.person_id = :f_person");
            params.put("f_person", filter.personId());
        }
        JdbcClient.StatementSpec count = jdbc.sql("SELECT COUNT(*) FROM judicial_order o" + where);
        params.forEach(count::param);
        long total = count.query(Long.class).single();
        JdbcClient.StatementSpec select = jdbc.sql(VIEW + where + " ORDER BY o.created_at DESC, o.id LIMIT :lim OFFSET :off");
        params.forEach(select::param);
        select.param("lim", size).param("off", (long) page * size);
        return new Page(select.query((rs, n) -> view(rs)).list(), total);
    }

    private OrderView view(ResultSet rs) throws SQLException {
        int version = rs.getInt("conditions_version");
        Integer conditionsVersion = rs.wasNull() || version == 0 ? null : version;
        return new OrderView(rs.getObject("id", UUID.class), rs.getString("expediente"), rs.getString("court_code"),
                longOrNull(rs, "judge_id"), rs.getString("judge_name"), rs.getString("resolution_number"),
                date(rs, "resolution_date"), MeasureType.valueOf(rs.getString("measure_type")),
                rs.getObject("person_id", UUID.class), rs.getString("given_names") + " " + rs.getString("surnames"),
                rs.getString("dni"), rs.getLong("victims") > 0, longOrNull(rs, "penal_centre_id"),
                rs.getString("region"), rs.getString("monitoring_centre"), rs.getString("prosecutor_username"),
                date(rs, "start_date"), date(rs, "end_date"), instant(rs, "installation_at"),
                OrderStatus.valueOf(rs.getString("status")), rs.getBoolean("synthetic"), rs.getString("created_by"),
                instant(rs, "created_at"), instant(rs, "updated_at"), conditionsVersion);
    }

    // ---- conditions ----

    void insertConditions(ConditionsVersion v) {
        jdbc.sql("""
                INSERT INTO order_conditions (order_id, version, resolution_number, resolution_date, effective_from,
                    conditions_json, author, created_at)
                VALUES (:o, :v, :rn, :rd, :ef, :json, :author, :at)""")
                .param("o", v.orderId()).param("v", v.version()).param("rn", v.resolutionNumber())
                .param("rd", v.resolutionDate()).param("ef", utc(v.effectiveFrom())).param("json", v.conditions().toJson())
                .param("author", v.author()).param("at", utc(v.createdAt())).update();
    }

    int latestVersion(UUID orderId) {
        Integer v = jdbc.sql("SELECT MAX(version) FROM order_conditions WHERE order_id = :o").param("o", orderId)
                .query(Integer.class).optional().orElse(null);
        return v == null ? 0 : v;
    }

    List<ConditionsVersion> versions(UUID orderId) {
        return jdbc.sql("SELECT * FROM order_conditions WHERE order_id = :o ORDER BY version").param("o", orderId)
                .query((rs, n) -> version(rs)).list();
    }

    Optional<ConditionsVersion> version(UUID orderId, int version) {
        return jdbc.sql("SELECT * FROM order_conditions WHERE order_id = :o AND version = :v").param("o", orderId)
                .param("v", version).query((rs, n) -> version(rs)).optional();
    }

    /** The version in force at {@code at}: the latest-numbered one whose effective-from is not after it. */
    Optional<ConditionsVersion> versionAsOf(UUID orderId, Instant at) {
        return jdbc.sql("""
                SELECT * FROM order_conditions WHERE order_id = :o AND effective_from <= :at
                ORDER BY effective_from DESC, version DESC LIMIT 1""")
                .param("o", orderId).param("at", utc(at)).query((rs, n) -> version(rs)).optional();
    }

    private ConditionsVersion version(ResultSet rs) throws SQLException {
        return new ConditionsVersion(rs.getObject("order_id", UUID.class), rs.getInt("version"),
                rs.getString("resolution_number"), date(rs, "resolution_date"), instant(rs, "effective_from"),
                rs.getString("author"), instant(rs, "created_at"),
                Conditions.parse(rs.getString("conditions_json"), "conditions"));
    }

    // ---- history ----

    /** One recorded transition. */
    record HistoryEntry(OrderStatus from, OrderStatus to, Instant at, String by, String resolutionNumber,
            LocalDate resolutionDate, String note) {
    }

    void insertTransition(UUID orderId, JudicialOrder.Transition t, Instant at, String by) {
        jdbc.sql("""
                INSERT INTO order_transition (order_id, from_status, to_status, occurred_at, by_username,
                    resolution_number, resolution_date, note)
                VALUES (:o, :f, :t, :at, :by, :rn, :rd, :note)""")
                .param("o", orderId).param("f", t.from() == null ? null : t.from().name()).param("t", t.to().name())
                .param("at", utc(at)).param("by", by)
                .param("rn", t.resolution() == null ? null : t.resolution().number())
                .param("rd", t.resolution() == null ? null : t.resolution().date())
                .param("note", t.note()).update();
    }

    List<HistoryEntry> history(UUID orderId) {
        return jdbc.sql("SELECT * FROM order_transition WHERE order_id = :o ORDER BY occurred_at, id")
                .param("o", orderId).query((rs, n) -> new HistoryEntry(
                        rs.getString("from_status") == null ? null : OrderStatus.valueOf(rs.getString("from_status")),
                        OrderStatus.valueOf(rs.getString("to_status")), instant(rs, "occurred_at"),
                        rs.getString("by_username"), rs.getString("resolution_number"), date(rs, "resolution_date"),
                        rs.getString("note"))).list();
    }

    // ---- viability reports ----

    void insertViabilityReport(UUID orderId, ViabilityReport r) {
        jdbc.sql("""
                INSERT INTO viability_report (order_id, gps_coverage, gsm_coverage, address_verified, observations,
                    conclusion, report_date, author, created_at)
                VALUES (:o, :gps, :gsm, :addr, :obs, :concl, :date, :author, :at)""")
                .param("o", orderId).param("gps", r.gpsCoverage().name()).param("gsm", r.gsmCoverage().name())
                .param("addr", r.addressVerified()).param("obs", r.observations()).param("concl", r.conclusion().name())
                .param("date", r.reportDate()).param("author", r.author()).param("at", utc(r.createdAt())).update();
    }

    List<ViabilityReport> viabilityReports(UUID orderId) {
        return jdbc.sql("SELECT * FROM viability_report WHERE order_id = :o ORDER BY created_at, id")
                .param("o", orderId).query((rs, n) -> new ViabilityReport(rs.getLong("id"),
                        ViabilityReport.Coverage.valueOf(rs.getString("gps_coverage")),
                        ViabilityReport.Coverage.valueOf(rs.getString("gsm_coverage")), rs.getBoolean("address_verified"),
                        rs.getString("observations"), ViabilityReport.Conclusion.valueOf(rs.getString("conclusion")),
                        date(rs, "report_date"), rs.getString("author"), instant(rs, "created_at"))).list();
    }

    Optional<ViabilityReport> latestViabilityReport(UUID orderId) {
        List<ViabilityReport> all = viabilityReports(orderId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    // ---- warnings ----

    /** An amonestación. */
    record Warning(Long id, String resolutionNumber, LocalDate resolutionDate, String text, String author,
            Instant createdAt) {
    }

    void insertWarning(UUID orderId, Warning w) {
        jdbc.sql("""
                INSERT INTO order_warning (order_id, resolution_number, resolution_date, warning_text, author, created_at)
                VALUES (:o, :rn, :rd, :text, :author, :at)""")
                .param("o", orderId).param("rn", w.resolutionNumber()).param("rd", w.resolutionDate())
                .param("text", w.text()).param("author", w.author()).param("at", utc(w.createdAt())).update();
    }

    List<Warning> warnings(UUID orderId) {
        return jdbc.sql("SELECT * FROM order_warning WHERE order_id = :o ORDER BY created_at, id").param("o", orderId)
                .query((rs, n) -> new Warning(rs.getLong("id"), rs.getString("resolution_number"),
                        date(rs, "resolution_date"), rs.getString("warning_text"), rs.getString("author"),
                        instant(rs, "created_at"))).list();
    }

    // ---- victim ----

    void insertVictim(UUID orderId, Victim v) {
        jdbc.sql("""
                INSERT INTO order_victim (order_id, full_name, dni, phone, contact, address, home_lat, home_lon,
                    device_id, synthetic)
                VALUES (:o, :name, :dni, :phone, :contact, :addr, :lat, :lon, :dev, :syn)""")
                .param("o", orderId).param("name", v.fullName()).param("dni", v.dni()).param("phone", v.phone())
                .param("contact", v.contact()).param("addr", v.address()).param("lat", v.lat()).param("lon", v.lon())
                .param("dev", v.deviceId()).param("syn", v.synthetic()).update();
    }

    Optional<Victim> victim(UUID orderId) {
        return jdbc.sql("SELECT * FROM order_victim WHERE order_id = :o").param("o", orderId)
                .query((rs, n) -> new Victim(rs.getString("full_name"), rs.getString("dni"), rs.getString("phone"),
                        rs.getString("contact"), rs.getString("address"), doubleOrNull(rs, "home_lat"),
                        doubleOrNull(rs, "home_lon"), rs.getString("device_id"), rs.getBoolean("synthetic")))
                .optional();
    }

    long countAll() {
        return jdbc.sql("SELECT COUNT(*) FROM judicial_order").query(Long.class).single();
    }

    List<UUID> ids() {
        return new ArrayList<>(jdbc.sql("SELECT id FROM judicial_order").query((rs, n) -> rs.getObject(1, UUID.class)).list());
    }
}
