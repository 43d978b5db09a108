package org.alterna.alarms;

import java.util.List;
import java.util.UUID;
import org.alterna.identity.Actor;
import org.alterna.orders.OrderScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Scoped alarm lists: most severe first, then the least SLA time left; resolved alarms last. */
@Component
class AlarmQueries {
    private final JdbcClient jdbc;
    private final OrderScope scope;

    AlarmQueries(JdbcClient jdbc, OrderScope scope) {
        this.jdbc = jdbc;
        this.scope = scope;
    }

    record Filter(AlarmStatus status, Severity severity, String type, UUID orderId, int limit) {
    }

    /** The scope condition on {@code alarm a} (see {@link OrderScope#onAlarms}). */
    OrderScope.SqlPredicate scopeOf(Actor actor) {
        return scope.onAlarms(actor, "a");
    }

    List<Alarm> list(Actor actor, Filter f) {
        OrderScope.SqlPredicate p = scopeOf(actor);
        StringBuilder sql = new StringBuilder("SELECT a.* FROM alarm a WHERE ").append(p.sql());
        if (f.status() != null) {
            sql.append(" AND a.status = :status");
        }
        if (f.severity() != null) {
            sql.append(" AND a.severity = :severity");
        }
        if (f.type() != null) {
            sql.append(" AND a.type = :type");
        }
        if (f.orderId() != null) {
            sql.append(" AND a.order_id = :orderId");
        }
        sql.append(" ").append("""
                 ORDER BY CASE WHEN a.status = 'RESOLVED' THEN 1 ELSE 0 END,
                   CASE a.severity WHEN 'CRITICAL' THEN 0 WHEN 'SERIOUS' THEN 1 ELSE 2 END,
                   CASE WHEN a.acknowledged_at IS NULL THEN a.ack_due_at ELSE a.resolve_due_at END,
                   a.created_at DESC
                 FETCH FIRST %d ROWS ONLY""".formatted(f.limit()));
        JdbcClient.StatementSpec spec = p.bind(jdbc.sql(sql.toString()));
        if (f.status() != null) {
            spec = spec.param("status", f.status().name());
        }
        if (f.severity() != null) {
            spec = spec.param("severity", f.severity().name());
        }
        if (f.type() != null) {
            spec = spec.param("type", f.type());
        }
        if (f.orderId() != null) {
            spec = spec.param("orderId", f.orderId());
        }
        return spec.query(AlarmRepository::map).list();
    }
}
