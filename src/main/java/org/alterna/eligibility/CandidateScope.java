package org.alterna.eligibility;

import java.util.Map;
import org.alterna.identity.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Which register entries an actor may see, deny by default, following the scope of orders: ADMIN and SYSTEM all; a
 * SUPERVISOR those held in an establishment of their INPE region; a JUDGE or PROSECUTOR those whose case is before
 * their court (the court of the candidate's case); everyone else none. Out of scope answers as not found.
 */
record CandidateScope(String sql, Map<String, Object> params) {

    static CandidateScope of(Actor actor, String alias) {
        String p = alias == null || alias.isEmpty() ? "" : alias + ".";
        if (actor == null) {
            return none();
        }
        return switch (actor.role()) {
            case ADMIN, SYSTEM -> new CandidateScope("1=1", Map.of());
            case SUPERVISOR -> actor.region() == null ? none()
                    : new CandidateScope(p + "region = :scope_region", Map.of("scope_region", actor.region()));
            case JUDGE, PROSECUTOR -> actor.courtCode() == null ? none()
                    : new CandidateScope(p + "court_code = :scope_court", Map.of("scope_court", actor.courtCode()));
            case OPERATOR, POLICE, AUDITOR, ANONYMOUS -> none();
        };
    }

    static CandidateScope none() {
        return new CandidateScope("1=0", Map.of());
    }

    boolean all() {
        return sql.equals("1=1");
    }

    JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec) {
        params.forEach(spec::param);
        return spec;
    }

    /** Whether an entry of this region and court is in scope (the same rule as the SQL). */
    static boolean allows(Actor actor, String region, String courtCode) {
        if (actor == null) {
            return false;
        }
        return switch (actor.role()) {
            case ADMIN, SYSTEM -> true;
            case SUPERVISOR -> actor.region() != null && actor.region().equals(region);
            case JUDGE, PROSECUTOR -> actor.courtCode() != null && actor.courtCode().equals(courtCode);
            case OPERATOR, POLICE, AUDITOR, ANONYMOUS -> false;
        };
    }
}
