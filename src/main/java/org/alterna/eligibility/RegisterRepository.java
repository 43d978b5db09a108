package org.alterna.eligibility;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The register table: bulk writes for imports and re-evaluations, scoped reads for lists and projections. */
@Repository
class RegisterRepository {
    static final String[] COLUMNS = {"internal_id", "dni", "given_names", "surnames", "birth_date", "sex",
        "penal_centre_id", "region", "court_code", "expediente", "legal_status", "sentence_stage", "penalty_months",
        "served_days", "offences", "prior_convictions", "recidivist", "pregnant", "child_under_3", "serious_illness",
        "permanent_disability", "synthetic", "status", "priority", "community_service", "imported_at",
        "evaluated_at"};
    /** Rows per multi-row INSERT: 250 × 27 parameters stays far below PostgreSQL's 65,535. */
    private static final int CHUNK = 250;
    /** Candidate lists: eligible first, more priority groups first, then the larger share of the penalty served. */
    static final String ORDER = "CASE r.status WHEN 'ELIGIBLE' THEN 0 WHEN 'NEEDS_REVIEW' THEN 1 ELSE 2 END, "
            + "r.priority DESC, CASE WHEN r.penalty_months IS NULL THEN 0 ELSE r.served_days * 1.0 / "
            + "(r.penalty_months * 30.4375) END DESC, r.internal_id";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    RegisterRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** A register entry with its stored evaluation (outcome only; the reasons are redone when shown). */
    record Stored(RegisterEntry entry, Status status, int priority, boolean communityService, Instant evaluatedAt) {
        Stored with(Evaluation e, Instant at) {
            return new Stored(entry, e.status(), e.priority(), e.communityService(), at);
        }

        /** Whether a new evaluation changes what is stored. */
        boolean differs(Evaluation e) {
            return e.status() != status || e.priority() != priority || e.communityService() != communityService;
        }
    }

    /** A row of a candidate list: the stored entry, when it was evaluated, its EM request if any, its rank. */
    record Row(Stored stored, Instant evaluatedAt, UUID orderId, long rank) {
    }

    /** Filters of candidate lists; null means any. */
    record Filter(Long penalCentreId, String courtCode, String region, Status status, LegalStatus legalStatus,
            Boolean priorityOnly, Boolean communityService, String text) {
        static Filter none() {
            return new Filter(null, null, null, null, null, null, null, null);
        }

        Filter withoutStatus() {
            return new Filter(penalCentreId, courtCode, region, null, legalStatus, priorityOnly, communityService, text);
        }
    }

    // ------------------------------------------------------------------------------------------------ writes

    /** Deletes the entries in scope ({@code region} null: all of them). */
    int deleteAll(String region) {
        return region == null ? jdbc.sql("DELETE FROM register_person").update()
                : jdbc.sql("DELETE FROM register_person WHERE region = :r").param("r", region).update();
    }

    /** Deletes the entries with these internal ids (an import that merges replaces them). */
    void deleteIds(List<String> ids) {
        for (int from = 0; from < ids.size(); from += 1000) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + 1000));
            jdbc.sql("DELETE FROM register_person WHERE internal_id IN (:ids)").param("ids", part).update();
        }
    }

    /**
     * Inserts the rows; {@code progress} gets the rows written so far. On PostgreSQL, 5,000 rows a statement as
     * arrays unnested server-side (one parse, one round trip); elsewhere (H2) multi-row VALUES statements.
     */
    void insert(List<Stored> rows, Instant importedAt, IntConsumer progress) {
        template.execute((Connection c) -> {
            if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                insertUnnest(c, rows, importedAt, progress);
                return null;
            }
            String full = insertSql(CHUNK);
            try (PreparedStatement ps = c.prepareStatement(full)) {
                int i = 0;
                for (; i + CHUNK <= rows.size(); i += CHUNK) {
                    bindChunk(ps, rows.subList(i, i + CHUNK), importedAt);
                    ps.executeUpdate();
                    progress.accept(i + CHUNK);
                }
                if (i < rows.size()) {
                    List<Stored> rest = rows.subList(i, rows.size());
                    try (PreparedStatement last = c.prepareStatement(insertSql(rest.size()))) {
                        bindChunk(last, rest, importedAt);
                        last.executeUpdate();
                    }
                    progress.accept(rows.size());
                }
            }
            return null;
        });
    }

    private static final int UNNEST_CHUNK = 5_000;
    private static final String UNNEST = "INSERT INTO register_person (" + String.join(",", COLUMNS) + ") "
            + "SELECT u.*, ?::timestamptz, ?::timestamptz FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], "
            + "?::varchar[], ?::date[], ?::varchar[], ?::int8[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], "
            + "?::varchar[], ?::int4[], ?::int4[], ?::varchar[], ?::int4[], ?::bool[], ?::bool[], ?::bool[], ?::bool[], "
            + "?::bool[], ?::bool[], ?::varchar[], ?::int4[], ?::bool[]) AS u";

    private static void insertUnnest(Connection c, List<Stored> rows, Instant importedAt, IntConsumer progress)
            throws SQLException {
        OffsetDateTime at = importedAt.atOffset(ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement(UNNEST)) {
            for (int from = 0; from < rows.size(); from += UNNEST_CHUNK) {
                List<Stored> part = rows.subList(from, Math.min(rows.size(), from + UNNEST_CHUNK));
                int n = part.size();
                Object[][] cols = new Object[25][n];
                for (int i = 0; i < n; i++) {
                    Stored s = part.get(i);
                    RegisterEntry e = s.entry();
                    cols[0][i] = e.internalId();
                    cols[1][i] = e.dni();
                    cols[2][i] = e.givenNames();
                    cols[3][i] = e.surnames();
                    cols[4][i] = e.birthDate().toString();
                    cols[5][i] = e.sex();
                    cols[6][i] = e.penalCentreId();
                    cols[7][i] = e.region();
                    cols[8][i] = e.courtCode();
                    cols[9][i] = e.expediente();
                    cols[10][i] = e.legalStatus().name();
                    cols[11][i] = e.stage() == null ? null : e.stage().name();
                    cols[12][i] = e.penaltyMonths();
                    cols[13][i] = e.servedDays();
                    cols[14][i] = String.join(";", e.offences());
                    cols[15][i] = e.priorConvictions();
                    cols[16][i] = e.recidivist();
                    cols[17][i] = e.pregnant();
                    cols[18][i] = e.childUnder3();
                    cols[19][i] = e.seriousIllness();
                    cols[20][i] = e.permanentDisability();
                    cols[21][i] = e.synthetic();
                    cols[22][i] = s.status().name();
                    cols[23][i] = s.priority();
                    cols[24][i] = s.communityService();
                }
                String[] types = {"varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "int8", "varchar",
                    "varchar", "varchar", "varchar", "varchar", "int4", "int4", "varchar", "int4", "bool", "bool", "bool",
                    "bool", "bool", "bool", "varchar", "int4", "bool"};
                ps.setObject(1, at);
                ps.setObject(2, at);
                for (int k = 0; k < 25; k++) {
                    ps.setArray(k + 3, c.createArrayOf(types[k], cols[k]));
                }
                ps.executeUpdate();
                progress.accept(from + n);
            }
        }
    }

    private static String insertSql(int rows) {
        String one = "(" + String.join(",", java.util.Collections.nCopies(COLUMNS.length, "?")) + ")";
        return "INSERT INTO register_person (" + String.join(",", COLUMNS) + ") VALUES "
                + String.join(",", java.util.Collections.nCopies(rows, one));
    }

    private static void bindChunk(PreparedStatement ps, List<Stored> rows, Instant importedAt) throws SQLException {
        OffsetDateTime at = importedAt.atOffset(ZoneOffset.UTC);
        int k = 1;
        for (Stored s : rows) {
            RegisterEntry e = s.entry();
            ps.setString(k++, e.internalId());
            ps.setString(k++, e.dni());
            ps.setString(k++, e.givenNames());
            ps.setString(k++, e.surnames());
            ps.setObject(k++, e.birthDate());
            ps.setString(k++, e.sex());
            ps.setLong(k++, e.penalCentreId());
            ps.setString(k++, e.region());
            setString(ps, k++, e.courtCode());
            setString(ps, k++, e.expediente());
            ps.setString(k++, e.legalStatus().name());
            setString(ps, k++, e.stage() == null ? null : e.stage().name());
            if (e.penaltyMonths() == null) {
                ps.setNull(k++, Types.INTEGER);
            } else {
                ps.setInt(k++, e.penaltyMonths());
            }
            ps.setInt(k++, e.servedDays());
            ps.setString(k++, String.join(";", e.offences()));
            ps.setInt(k++, e.priorConvictions());
            if (e.recidivist() == null) {
                ps.setNull(k++, Types.BOOLEAN);
            } else {
                ps.setBoolean(k++, e.recidivist());
            }
            ps.setBoolean(k++, e.pregnant());
            ps.setBoolean(k++, e.childUnder3());
            ps.setBoolean(k++, e.seriousIllness());
            ps.setBoolean(k++, e.permanentDisability());
            ps.setBoolean(k++, e.synthetic());
            ps.setString(k++, s.status().name());
            ps.setInt(k++, s.priority());
            ps.setBoolean(k++, s.communityService());
            ps.setObject(k++, at);
            ps.setObject(k++, at);
        }
    }

    private static void setString(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    /** Stores new evaluations (only rows whose evaluation differs are passed in). */
    void updateEvaluations(List<Stored> rows, Instant at) {
        OffsetDateTime t = at.atOffset(ZoneOffset.UTC);
        for (int from = 0; from < rows.size(); from += 1000) {
            List<Stored> part = rows.subList(from, Math.min(rows.size(), from + 1000));
            template.batchUpdate("UPDATE register_person SET status = ?, priority = ?, community_service = ?, "
                    + "evaluated_at = ? WHERE internal_id = ?", part, part.size(), (ps, s) -> {
                        ps.setString(1, s.status().name());
                        ps.setInt(2, s.priority());
                        ps.setBoolean(3, s.communityService());
                        ps.setObject(4, t);
                        ps.setString(5, s.entry().internalId());
                    });
        }
    }

    // ------------------------------------------------------------------------------------------------ reads

    /** Every entry (for a re-evaluation), streamed. */
    void forEach(Consumer<Stored> sink) {
        template.query(con -> {
            PreparedStatement ps = con.prepareStatement("SELECT * FROM register_person", ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(5000);
            return ps;
        }, rs -> {
            sink.accept(stored(rs));
        });
    }

    /** Who is stored, by the keys an import must not collide with: internal id, DNI and region. */
    record Key(String internalId, String dni, String region) {
    }

    /** Every stored entry's keys (an import that merges, or a supervisor's, checks its lines against them). */
    void forEachKey(Consumer<Key> sink) {
        template.query(con -> {
            PreparedStatement ps = con.prepareStatement("SELECT internal_id, dni, region FROM register_person",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(5000);
            return ps;
        }, rs -> {
            sink.accept(new Key(rs.getString(1), rs.getString(2), rs.getString(3)));
        });
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM register_person").query(Long.class).single();
    }

    Optional<Row> find(String internalId, CandidateScope scope) {
        return scope.bind(jdbc.sql("SELECT r.*, q.order_id, 0 AS rank FROM register_person r LEFT JOIN "
                + "eligibility_em_request q ON q.internal_id = r.internal_id WHERE r.internal_id = :id AND " + scope.sql()))
                .param("id", internalId).query((rs, n) -> row(rs)).optional();
    }

    /** A page of candidates in scope, ranked within the filtered list. */
    List<Row> list(CandidateScope scope, Filter f, int limit, long offset) {
        Map<String, Object> params = new HashMap<>(scope.params());
        String where = where(scope, f, params);
        String sql = "SELECT * FROM (SELECT r.*, q.order_id, ROW_NUMBER() OVER (ORDER BY " + ORDER + ") AS rank "
                + "FROM register_person r LEFT JOIN eligibility_em_request q ON q.internal_id = r.internal_id WHERE "
                + where + ") t ORDER BY rank LIMIT :limit OFFSET :offset";
        params.put("limit", limit);
        params.put("offset", offset);
        return jdbc.sql(sql).params(params).query((rs, n) -> row(rs)).list();
    }

    /** Every candidate in scope, in list order (exports), streamed. */
    void forEachInList(CandidateScope scope, Filter f, int limit, Consumer<Row> sink) {
        Map<String, Object> params = new HashMap<>(scope.params());
        String where = where(scope, f, params);
        params.put("limit", limit);
        long[] rank = {0};
        jdbc.sql("SELECT r.*, q.order_id, 0 AS rank FROM register_person r LEFT JOIN eligibility_em_request q "
                + "ON q.internal_id = r.internal_id WHERE " + where + " ORDER BY " + ORDER + " LIMIT :limit")
                .params(params).query(rs -> {
                    Row r = row(rs);
                    sink.accept(new Row(r.stored(), r.evaluatedAt(), r.orderId(), ++rank[0]));
                });
    }

    /** How many candidates in scope match the filter, by status (the filter's own status is ignored). */
    Map<Status, Long> countByStatus(CandidateScope scope, Filter f) {
        Map<String, Object> params = new HashMap<>(scope.params());
        String where = where(scope, f.withoutStatus(), params);
        Map<Status, Long> out = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            out.put(s, 0L);
        }
        jdbc.sql("SELECT r.status, COUNT(*) AS n FROM register_person r WHERE " + where + " GROUP BY r.status")
                .params(params).query(rs -> {
                    out.put(Status.valueOf(rs.getString("status")), rs.getLong("n"));
                });
        return out;
    }

    /** Per establishment: people registered, eligible, eligible in a priority group, needing review. */
    record CentreCounts(long penalCentreId, long registered, long eligible, long eligiblePriority, long needsReview) {
    }

    Map<Long, CentreCounts> countsByCentre(CandidateScope scope) {
        Map<Long, CentreCounts> out = new HashMap<>();
        scope.bind(jdbc.sql("SELECT r.penal_centre_id, COUNT(*) AS registered, "
                + "SUM(CASE WHEN r.status = 'ELIGIBLE' THEN 1 ELSE 0 END) AS eligible, "
                + "SUM(CASE WHEN r.status = 'ELIGIBLE' AND r.priority > 0 THEN 1 ELSE 0 END) AS eligible_priority, "
                + "SUM(CASE WHEN r.status = 'NEEDS_REVIEW' THEN 1 ELSE 0 END) AS needs_review "
                + "FROM register_person r WHERE " + scope.sql() + " GROUP BY r.penal_centre_id")).query(rs -> {
                    long id = rs.getLong("penal_centre_id");
                    out.put(id, new CentreCounts(id, rs.getLong("registered"), rs.getLong("eligible"),
                            rs.getLong("eligible_priority"), rs.getLong("needs_review")));
                });
        return out;
    }

    private static String where(CandidateScope scope, Filter f, Map<String, Object> params) {
        List<String> c = new ArrayList<>();
        c.add(scope.sql()); // built for alias r
        if (f.penalCentreId() != null) {
            c.add("r.penal_centre_id = :f_centre");
            params.put("f_centre", f.penalCentreId());
        }
        if (f.courtCode() != null) {
            c.add("r.court_code = :f_court");
            params.put("f_court", f.courtCode());
        }
        if (f.region() != null) {
            c.add("r.region = :f_region");
            params.put("f_region", f.region());
        }
        if (f.status() != null) {
            c.add("r.status = :f_status");
            params.put("f_status", f.status().name());
        }
        if (f.legalStatus() != null) {
            c.add("r.legal_status = :f_legal");
            params.put("f_legal", f.legalStatus().name());
        }
        if (Boolean.TRUE.equals(f.priorityOnly())) {
            c.add("r.priority > 0");
        }
        if (f.communityService() != null) {
            c.add("r.community_service = :f_cs");
            params.put("f_cs", f.communityService());
        }
        if (f.text() != null) {
            c.add("(LOWER(r.surnames) LIKE :f_text OR LOWER(r.given_names) LIKE :f_text OR r.dni = :f_exact "
                    + "OR r.internal_id = :f_exact)");
            params.put("f_text", "%" + f.text().toLowerCase(java.util.Locale.ROOT).replace("%", "").replace("_", "") + "%");
            params.put("f_exact", f.text());
        }
        return String.join(" AND ", c);
    }

    private static Row row(ResultSet rs) throws SQLException {
        Object order = rs.getObject("order_id");
        Stored stored = stored(rs);
        return new Row(stored, stored.evaluatedAt(),
                order == null ? null : order instanceof UUID u ? u : UUID.fromString(order.toString()),
                rs.getLong("rank"));
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        String stage = rs.getString("sentence_stage");
        int penalty = rs.getInt("penalty_months");
        Integer penaltyMonths = rs.wasNull() ? null : penalty;
        boolean recidivist = rs.getBoolean("recidivist");
        Boolean rec = rs.wasNull() ? null : recidivist;
        String offences = rs.getString("offences");
        RegisterEntry e = new RegisterEntry(rs.getString("internal_id"), rs.getString("dni"),
                rs.getString("given_names"), rs.getString("surnames"), rs.getObject("birth_date", LocalDate.class),
                rs.getString("sex"), rs.getLong("penal_centre_id"), rs.getString("region"), rs.getString("court_code"),
                rs.getString("expediente"), LegalStatus.valueOf(rs.getString("legal_status")),
                stage == null ? null : SentenceStage.valueOf(stage), penaltyMonths, rs.getInt("served_days"),
                offences.isEmpty() ? List.of() : Arrays.asList(offences.split(";")), rs.getInt("prior_convictions"),
                rec, rs.getBoolean("pregnant"), rs.getBoolean("child_under_3"), rs.getBoolean("serious_illness"),
                rs.getBoolean("permanent_disability"), rs.getBoolean("synthetic"));
        OffsetDateTime at = rs.getObject("evaluated_at", OffsetDateTime.class);
        return new Stored(e, Status.valueOf(rs.getString("status")), rs.getInt("priority"),
                rs.getBoolean("community_service"), at == null ? null : at.toInstant());
    }

    // ------------------------------------------------------------------------------------------------ EM requests

    Optional<UUID> requestOf(String internalId) {
        return jdbc.sql("SELECT order_id FROM eligibility_em_request WHERE internal_id = :id").param("id", internalId)
                .query((rs, n) -> rs.getObject(1, UUID.class)).optional();
    }

    void insertRequest(String internalId, UUID orderId, String by, Instant at) {
        jdbc.sql("INSERT INTO eligibility_em_request (internal_id, order_id, created_by, created_at) VALUES "
                + "(:id, :o, :by, :at)").param("id", internalId).param("o", orderId).param("by", by)
                .param("at", at.atOffset(ZoneOffset.UTC)).update();
    }
}
