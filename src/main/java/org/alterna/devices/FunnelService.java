package org.alterna.devices;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.alterna.common.InvalidInputException;
import org.alterna.common.LocalTime;
import org.alterna.identity.Actor;
import org.alterna.orders.OrderScope;
import org.alterna.orders.OrderTimeline;
import org.alterna.orders.Orders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Loads what the {@link Funnel} is computed from, only within the caller's scope: the orders they see (with their
 * history), those orders' installations, the devices they see and those devices' recent installations and returns.
 * Nothing is counted by hand: the figures are right after an import or a correction.
 */
@Service
class FunnelService {
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

    private final Orders orders;
    private final InstallationStore installations;
    private final OrderScope scope;
    private final JdbcClient jdbc;
    private final DeviceSettings settings;
    private final LocalTime localTime;
    private final Clock clock;

    FunnelService(Orders orders, InstallationStore installations, OrderScope scope, JdbcClient jdbc,
            DeviceSettings settings, LocalTime localTime, Clock clock) {
        this.orders = orders;
        this.installations = installations;
        this.scope = scope;
        this.jdbc = jdbc;
        this.settings = settings;
        this.localTime = localTime;
        this.clock = clock;
    }

    /**
     * Which cases: requested from {@code from} to {@code to} (local dates, both included; either may be null), of a
     * region, a court, a penal centre; broken down by {@code groupBy}; in stock longer than {@code idleDays} is idle.
     */
    record Query(LocalDate from, LocalDate to, String region, String courtCode, Long penalCentreId,
            Funnel.GroupBy groupBy, Integer idleDays, int oldest) {
    }

    Funnel.Figures figures(Actor actor, Query q) {
        ZoneId zone = localTime.zone();
        if (q.from() != null && q.to() != null && q.to().isBefore(q.from())) {
            throw new InvalidInputException("to", "must not be before from");
        }
        if (q.idleDays() != null && (q.idleDays() < 1 || q.idleDays() > 3650)) {
            throw new InvalidInputException("idleDays", "must be between 1 and 3650");
        }
        Instant from = q.from() == null ? null : q.from().atStartOfDay(zone).toInstant();
        Instant to = q.to() == null ? null : q.to().plusDays(1).atStartOfDay(zone).toInstant();
        List<OrderTimeline> cases = orders.timelines(actor,
                new OrderTimeline.Filter(from, to, blank(q.region()), blank(q.courtCode()), q.penalCentreId()));
        Map<UUID, Funnel.InstallationFacts> inst = new HashMap<>();
        installations.of(cases.stream().map(OrderTimeline::id).toList()).forEach((id, i) -> inst.put(id,
                new Funnel.InstallationFacts(i.installedAt, i.appointmentAt, i.deadline, i.deviceId)));

        Instant now = clock.instant();
        Duration window = settings.forecastWindow();
        OrderScope.SqlPredicate visible = scope.onDevices(actor, "d");
        Map<String, Object> params = new LinkedHashMap<>(visible.params());
        String where = visible.sql();
        if (blank(q.region()) != null) {
            where += " AND d.holding_region = :f_region";
            params.put("f_region", q.region().strip());
        }
        JdbcClient.StatementSpec devs = jdbc.sql("SELECT d.unique_id, d.status, d.status_since, d.holding_region"
                + " FROM device d WHERE " + where);
        for (Map.Entry<String, Object> e : params.entrySet()) {
            devs = devs.param(e.getKey(), e.getValue());
        }
        List<Funnel.DeviceFacts> devices = devs.query((rs, n) -> new Funnel.DeviceFacts(rs.getString("unique_id"),
                DeviceStatus.valueOf(rs.getString("status")), instant(rs.getTimestamp("status_since")),
                rs.getString("holding_region"))).list();
        // installations (into INSTALLED) and returns (back to stock from use, repair or loss) over the window
        JdbcClient.StatementSpec moves = jdbc.sql("SELECT d.holding_region, m.to_status, m.occurred_at"
                + " FROM device_movement m JOIN device d ON d.unique_id = m.device_id WHERE " + where
                + " AND m.occurred_at >= :f_window AND (m.to_status = 'INSTALLED' OR (m.to_status = 'IN_STOCK'"
                + " AND m.from_status IN ('REMOVED', 'IN_REPAIR', 'LOST')))");
        for (Map.Entry<String, Object> e : params.entrySet()) {
            moves = moves.param(e.getKey(), e.getValue());
        }
        List<Funnel.Flow> flows = moves.param("f_window", DeviceRegistry.utc(now.minus(window)))
                .query((rs, n) -> new Funnel.Flow(rs.getString("holding_region"),
                        DeviceStatus.valueOf(rs.getString("to_status")), instant(rs.getTimestamp("occurred_at"))))
                .list();
        Duration idle = q.idleDays() == null ? settings.idleAfter() : Duration.ofDays(q.idleDays());
        return Funnel.compute(cases, inst, devices, flows, now,
                q.groupBy() == null ? Funnel.GroupBy.PENAL_CENTRE : q.groupBy(), idle, window, q.oldest(),
                t -> MONTH.format(t.atZone(zone)));
    }

    private static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
