package org.alterna.eligibility;

import java.util.Map;
import org.alterna.identity.Actor;
import org.alterna.orders.OrderScope;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Which register entries an actor may see, as SQL over the register's tables. The rule itself is the scope policy's
 * ({@link OrderScope#onRegister}): deny by default, out of scope answers as not found.
 */
record CandidateScope(String sql, Map<String, Object> params) {

    static CandidateScope of(Actor actor, String alias) {
        OrderScope.SqlPredicate on = OrderScope.onRegister(actor, alias);
        return new CandidateScope(on.sql(), on.params());
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
        return OrderScope.seesRegisterEntry(actor, region, courtCode);
    }
}
