package org.alterna.orders;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.alterna.identity.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which orders an actor may see, deny by default: ADMIN, AUDITOR (metadata only) and SYSTEM all; a JUDGE those of
 * their court; an OPERATOR those assigned to their monitoring centre; a SUPERVISOR those of their region; a
 * PROSECUTOR those assigned to them; POLICE none. Callers answer an out-of-scope order as not found (404).
 */
@Component
public class OrderScope {
    private final JdbcClient jdbc;

    OrderScope(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A SQL condition with its named parameters (names start with {@code scope_}). */
    public record SqlPredicate(String sql, Map<String, Object> params) {
        public JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec) {
            params.forEach(spec::param);
            return spec;
        }
    }

    /**
     * The condition "{@code orderIdColumn} is an order {@code actor} may see", e.g.
     * {@code orderIdIn(actor, "a.order_id")} for {@code ... WHERE a.order_id IN (SELECT ...)}.
     */
    public SqlPredicate orderIdIn(Actor actor, String orderIdColumn) {
        SqlPredicate on = onOrders(actor, "so");
        if (on.sql().equals("1=1")) {
            return on;
        }
        if (on.sql().equals("1=0")) {
            return on;
        }
        return new SqlPredicate(orderIdColumn + " IN (SELECT so.id FROM judicial_order so WHERE " + on.sql() + ")",
                on.params());
    }

    /** The condition on the columns of {@code judicial_order} aliased {@code alias}. */
    public SqlPredicate onOrders(Actor actor, String alias) {
        String p = alias == null || alias.isEmpty() ? "" : alias + ".";
        if (actor == null) {
            return new SqlPredicate("1=0", Map.of());
        }
        return switch (actor.role()) {
            case ADMIN, SYSTEM, AUDITOR -> new SqlPredicate("1=1", Map.of());
            case JUDGE -> actor.courtCode() == null ? new SqlPredicate("1=0", Map.of())
                    : new SqlPredicate(p + "court_code = :scope_court", Map.of("scope_court", actor.courtCode()));
            case OPERATOR -> actor.monitoringCentre() == null ? new SqlPredicate("1=0", Map.of())
                    : new SqlPredicate(p + "monitoring_centre = :scope_centre",
                            Map.of("scope_centre", actor.monitoringCentre()));
            case SUPERVISOR -> actor.region() == null ? new SqlPredicate("1=0", Map.of())
                    : new SqlPredicate(p + "region = :scope_region", Map.of("scope_region", actor.region()));
            case PROSECUTOR -> new SqlPredicate(p + "prosecutor_username = :scope_user",
                    Map.of("scope_user", actor.username()));
            case POLICE, ANONYMOUS -> new SqlPredicate("1=0", Map.of());
        };
    }

    /** Whether {@code actor} may see the order (false also when it does not exist). */
    public boolean canSee(Actor actor, UUID orderId) {
        SqlPredicate on = onOrders(actor, "o");
        return on.bind(jdbc.sql("SELECT COUNT(*) FROM judicial_order o WHERE o.id = :id AND " + on.sql())
                .param("id", orderId)).query(Long.class).single() > 0;
    }

    /** The ids of every order {@code actor} may see. */
    public List<UUID> visibleOrderIds(Actor actor) {
        SqlPredicate on = onOrders(actor, "o");
        return on.bind(jdbc.sql("SELECT o.id FROM judicial_order o WHERE " + on.sql() + " ORDER BY o.created_at"))
                .query((rs, n) -> rs.getObject(1, UUID.class)).list();
    }

    /** Whether the order's scope columns match the actor (the same rule as the SQL, for an order already loaded). */
    static boolean matches(Actor actor, String courtCode, String region, String monitoringCentre, String prosecutor) {
        if (actor == null) {
            return false;
        }
        return switch (actor.role()) {
            case ADMIN, SYSTEM, AUDITOR -> true;
            case JUDGE -> actor.courtCode() != null && actor.courtCode().equals(courtCode);
            case OPERATOR -> actor.monitoringCentre() != null && actor.monitoringCentre().equals(monitoringCentre);
            case SUPERVISOR -> actor.region() != null && actor.region().equals(region);
            case PROSECUTOR -> actor.username() != null && actor.username().equals(prosecutor);
            case POLICE, ANONYMOUS -> false;
        };
    }
}
