package org.alterna.alarms;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.alterna.identity.Actor;
import org.alterna.orders.OrderScope;
import org.alterna.orders.OrderView;
import org.alterna.orders.Orders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Figures of the alarm desk for a period, grouped by monitoring centre, device model or alarm type: alarms per
 * person-day, share resolved as FALSE_ALARM, time to acknowledge and to resolve (median and p90), SLA misses.
 *
 * <p><b>Person-days</b> = number of monitored people × length of the period in days, where the monitored people are
 * the orders (visible to the caller) that are ACTIVE now or had at least one alarm raised in the period. By centre,
 * those orders assigned to the centre; by alarm type, all of them (everyone is exposed to every rule); by device
 * model, only the orders with an alarm from that model in the period (the alarm desk does not know the model of
 * devices that raised nothing, so this rate is an upper bound).
 */
@Component
class AlarmFigures {
    private final JdbcClient jdbc;
    private final Orders orders;
    private final OrderScope scope;

    AlarmFigures(JdbcClient jdbc, Orders orders, OrderScope scope) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.scope = scope;
    }

    enum GroupBy { CENTRE, MODEL, TYPE }

    record Row(String group, long alarms, double personDays, Double alarmsPerPersonDay, long resolved,
            long falseAlarms, Double falseAlarmShare, Long medianSecondsToAcknowledge, Long p90SecondsToAcknowledge,
            Long medianSecondsToResolve, Long p90SecondsToResolve, long slaAcknowledgeMissed,
            long slaResolveMissed) {
    }

    record Figures(Instant from, Instant to, double days, String groupBy, String personDaysDefinition,
            List<Row> groups, Row total) {
    }

    private record A(UUID orderId, String type, String model, String centre, Instant created, Instant acked,
            Instant resolved, String code, boolean ackMissed, boolean resolveMissed) {
    }

    Figures compute(Actor actor, Instant from, Instant to, GroupBy groupBy) {
        // figures carry no person and no position: the auditor reads them for every order, as the order metadata
        OrderScope.SqlPredicate p = scope.orderIdIn(actor, "a.order_id");
        // alarms about devices serving no order (inventory) are not about people: not in these figures
        List<A> rows = p.bind(jdbc.sql("SELECT a.* FROM alarm a WHERE " + p.sql()
                + " AND a.order_id IS NOT NULL AND a.created_at >= :from AND a.created_at < :to"))
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new A(rs.getObject("order_id", UUID.class), rs.getString("type"),
                        rs.getString("device_model"), rs.getString("monitoring_centre"),
                        AlarmRepository.instant(rs, "created_at"), AlarmRepository.instant(rs, "acknowledged_at"),
                        AlarmRepository.instant(rs, "resolved_at"), rs.getString("resolution_code"),
                        rs.getBoolean("sla_ack_missed"), rs.getBoolean("sla_resolve_missed")))
                .list();
        double days = Duration.between(from, to).toSeconds() / 86_400.0;
        Map<UUID, String> monitoredCentre = new TreeMap<>();
        for (OrderView o : orders.active(actor)) {
            monitoredCentre.put(o.id(), o.monitoringCentre());
        }
        for (A a : rows) {
            monitoredCentre.putIfAbsent(a.orderId(), a.centre());
        }
        Function<A, String> key = switch (groupBy) {
            case CENTRE -> a -> a.centre() == null ? "(none)" : a.centre();
            case MODEL -> a -> a.model() == null ? "(unknown)" : a.model();
            case TYPE -> A::type;
        };
        Map<String, List<A>> grouped = new TreeMap<>();
        for (A a : rows) {
            grouped.computeIfAbsent(key.apply(a), k -> new ArrayList<>()).add(a);
        }
        if (groupBy == GroupBy.CENTRE) {
            for (String centre : monitoredCentre.values()) {
                grouped.putIfAbsent(centre == null ? "(none)" : centre, new ArrayList<>());
            }
        }
        List<Row> groups = new ArrayList<>();
        for (Map.Entry<String, List<A>> e : grouped.entrySet()) {
            long people = switch (groupBy) {
                case CENTRE -> monitoredCentre.values().stream()
                        .filter(c -> Objects.equals(c == null ? "(none)" : c, e.getKey())).count();
                case TYPE -> monitoredCentre.size();
                case MODEL -> e.getValue().stream().map(A::orderId).distinct().count();
            };
            groups.add(row(e.getKey(), e.getValue(), people * days));
        }
        Row total = row("total", rows, monitoredCentre.size() * days);
        return new Figures(from, to, days, groupBy.name().toLowerCase(), "orders ACTIVE now or with an alarm in the "
                + "period (by model: orders with an alarm of that model) x days in the period", groups, total);
    }

    private static Row row(String group, List<A> alarms, double personDays) {
        long resolved = alarms.stream().filter(a -> a.resolved() != null).count();
        long falseAlarms = alarms.stream().filter(a -> "FALSE_ALARM".equals(a.code())).count();
        List<Long> ack = alarms.stream().filter(a -> a.acked() != null)
                .map(a -> Duration.between(a.created(), a.acked()).toSeconds()).sorted().toList();
        List<Long> res = alarms.stream().filter(a -> a.resolved() != null)
                .map(a -> Duration.between(a.created(), a.resolved()).toSeconds()).sorted().toList();
        return new Row(group, alarms.size(), round(personDays),
                personDays > 0 ? significant(alarms.size() / personDays) : null, resolved, falseAlarms,
                resolved > 0 ? significant((double) falseAlarms / resolved) : null, percentile(ack, 0.5),
                percentile(ack, 0.9), percentile(res, 0.5), percentile(res, 0.9),
                alarms.stream().filter(A::ackMissed).count(), alarms.stream().filter(A::resolveMissed).count());
    }

    /** Nearest-rank percentile of sorted values; null when there are none. */
    static Long percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static double round(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }

    /** Four significant digits: a rate of one alarm in 60,000 person-days stays 1.667E-5, never 0. */
    static double significant(double v) {
        return v == 0 || !Double.isFinite(v) ? v
                : new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }
}
