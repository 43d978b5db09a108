package org.alterna.eligibility;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Rule sets as loaded, re-evaluation runs and the changes each run found. */
@Repository
class RuleSetStore {
    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    RuleSetStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    record StoredRuleSet(int version, String code, String title, LocalDate inForceFrom, String document,
            String sha256, String loadedBy, Instant loadedAt, boolean active, Instant activatedAt) {
    }

    /** A re-evaluation of the register: the rule set before and after, why, and how many changed. */
    record Run(Long id, Integer fromVersion, int toVersion, String cause, int evaluated, int changed,
            Instant startedAt, long durationMs, String byUsername) {
    }

    /** Someone whose status, community-service condition or priority (number of priority groups) changed in a run. */
    record Change(String internalId, long penalCentreId, String region, String courtCode, Status oldStatus,
            Status newStatus, boolean oldCommunityService, boolean newCommunityService, int oldPriority,
            int newPriority, String oldReasons, String newReasons) {
    }

    List<StoredRuleSet> all() {
        return jdbc.sql("SELECT * FROM eligibility_rule_set ORDER BY version").query((rs, n) -> ruleSet(rs)).list();
    }

    Optional<StoredRuleSet> byVersion(int version) {
        return jdbc.sql("SELECT * FROM eligibility_rule_set WHERE version = :v").param("v", version)
                .query((rs, n) -> ruleSet(rs)).optional();
    }

    Optional<StoredRuleSet> byCode(String code) {
        return jdbc.sql("SELECT * FROM eligibility_rule_set WHERE code = :c").param("c", code)
                .query((rs, n) -> ruleSet(rs)).optional();
    }

    Optional<StoredRuleSet> active() {
        return jdbc.sql("SELECT * FROM eligibility_rule_set WHERE active = TRUE").query((rs, n) -> ruleSet(rs))
                .optional();
    }

    int nextVersion() {
        return jdbc.sql("SELECT COALESCE(MAX(version), 0) + 1 FROM eligibility_rule_set").query(Integer.class).single();
    }

    void insert(RuleSet rs, String document, String sha256, String by, Instant at) {
        jdbc.sql("INSERT INTO eligibility_rule_set (version, code, title, in_force_from, document, sha256, loaded_by, "
                + "loaded_at, active) VALUES (:v, :c, :t, :f, :d, :h, :by, :at, FALSE)").param("v", rs.version())
                .param("c", rs.code()).param("t", rs.title().es()).param("f", rs.inForceFrom()).param("d", document)
                .param("h", sha256).param("by", by).param("at", at.atOffset(ZoneOffset.UTC)).update();
    }

    void activate(int version, Instant at) {
        jdbc.sql("UPDATE eligibility_rule_set SET active = FALSE WHERE active = TRUE AND version <> :v")
                .param("v", version).update();
        jdbc.sql("UPDATE eligibility_rule_set SET active = TRUE, activated_at = :at WHERE version = :v")
                .param("v", version).param("at", at.atOffset(ZoneOffset.UTC)).update();
    }

    long insertRun(Run run) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        template.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO eligibility_run (from_version, to_version, cause, "
                    + "evaluated, changed, started_at, duration_ms, by_username) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"});
            ps.setObject(1, run.fromVersion());
            ps.setInt(2, run.toVersion());
            ps.setString(3, run.cause());
            ps.setInt(4, run.evaluated());
            ps.setInt(5, run.changed());
            ps.setObject(6, run.startedAt().atOffset(ZoneOffset.UTC));
            ps.setLong(7, run.durationMs());
            ps.setString(8, run.byUsername());
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    void insertChanges(long runId, List<Change> changes) {
        for (int from = 0; from < changes.size(); from += 1000) {
            List<Change> part = changes.subList(from, Math.min(changes.size(), from + 1000));
            template.batchUpdate("INSERT INTO eligibility_change (run_id, internal_id, penal_centre_id, region, "
                    + "court_code, old_status, new_status, old_community_service, new_community_service, old_priority, "
                    + "new_priority, old_reasons, new_reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", part,
                    part.size(), (ps, c) -> {
                        ps.setLong(1, runId);
                        ps.setString(2, c.internalId());
                        ps.setLong(3, c.penalCentreId());
                        ps.setString(4, c.region());
                        ps.setString(5, c.courtCode());
                        ps.setString(6, c.oldStatus().name());
                        ps.setString(7, c.newStatus().name());
                        ps.setBoolean(8, c.oldCommunityService());
                        ps.setBoolean(9, c.newCommunityService());
                        ps.setInt(10, c.oldPriority());
                        ps.setInt(11, c.newPriority());
                        ps.setString(12, c.oldReasons());
                        ps.setString(13, c.newReasons());
                    });
        }
    }

    List<Run> runs(int limit) {
        return jdbc.sql("SELECT * FROM eligibility_run ORDER BY id DESC LIMIT :l").param("l", limit)
                .query((rs, n) -> run(rs)).list();
    }

    Optional<Run> run(long id) {
        return jdbc.sql("SELECT * FROM eligibility_run WHERE id = :id").param("id", id).query((rs, n) -> run(rs))
                .optional();
    }

    /** Changes of a run in scope ({@code scope} built for alias {@code ch}), by internal id. */
    List<Change> changes(long runId, CandidateScope scope, int limit, long offset) {
        Map<String, Object> params = new HashMap<>(scope.params());
        params.put("run", runId);
        params.put("l", limit);
        params.put("o", offset);
        return jdbc.sql("SELECT * FROM eligibility_change ch WHERE ch.run_id = :run AND " + scope.sql()
                + " ORDER BY ch.internal_id LIMIT :l OFFSET :o").params(params).query((rs, n) -> change(rs)).list();
    }

    long countChanges(long runId, CandidateScope scope) {
        return scope.bind(jdbc.sql("SELECT COUNT(*) FROM eligibility_change ch WHERE ch.run_id = :run AND "
                + scope.sql())).param("run", runId).query(Long.class).single();
    }

    private static Change change(ResultSet rs) throws SQLException {
        return new Change(rs.getString("internal_id"), rs.getLong("penal_centre_id"), rs.getString("region"),
                rs.getString("court_code"), Status.valueOf(rs.getString("old_status")),
                Status.valueOf(rs.getString("new_status")), rs.getBoolean("old_community_service"),
                rs.getBoolean("new_community_service"), rs.getInt("old_priority"), rs.getInt("new_priority"),
                rs.getString("old_reasons"), rs.getString("new_reasons"));
    }

    private static Run run(ResultSet rs) throws SQLException {
        int from = rs.getInt("from_version");
        Integer fromVersion = rs.wasNull() ? null : from;
        return new Run(rs.getLong("id"), fromVersion, rs.getInt("to_version"), rs.getString("cause"),
                rs.getInt("evaluated"), rs.getInt("changed"), instant(rs, "started_at"), rs.getLong("duration_ms"),
                rs.getString("by_username"));
    }

    private static StoredRuleSet ruleSet(ResultSet rs) throws SQLException {
        return new StoredRuleSet(rs.getInt("version"), rs.getString("code"), rs.getString("title"),
                rs.getObject("in_force_from", LocalDate.class), rs.getString("document"), rs.getString("sha256"),
                rs.getString("loaded_by"), instant(rs, "loaded_at"), rs.getBoolean("active"),
                instant(rs, "activated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
