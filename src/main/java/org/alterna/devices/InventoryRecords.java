package org.alterna.devices;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.alterna.identity.Actor;
import org.alterna.orders.OrderScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@link InventoryFacts} read from the inventory's tables, scoped by {@link OrderScope}. */
@Component
class InventoryRecords implements InventoryFacts {
    private final JdbcClient jdbc;
    private final InstallationStore store;
    private final OrderScope scope;
    private final DeviceSettings settings;

    InventoryRecords(JdbcClient jdbc, InstallationStore store, OrderScope scope, DeviceSettings settings) {
        this.jdbc = jdbc;
        this.store = store;
        this.scope = scope;
        this.settings = settings;
    }

    @Override
    public Map<UUID, InstallationFact> installations(Collection<UUID> orderIds) {
        Map<UUID, Installation> found = store.of(orderIds);
        Map<UUID, Instant> firstUnit = new HashMap<>();
        List<UUID> ids = new ArrayList<>(new HashSet<>(orderIds));
        for (int i = 0; i < ids.size(); i += 500) {
            List<UUID> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
            jdbc.sql("SELECT order_id, MIN(valid_from) AS first_from FROM device_assignment WHERE role = 'PERSON_UNIT'"
                            + " AND order_id IN (:ids) GROUP BY order_id").param("ids", chunk)
                    .query((rs, n) -> firstUnit.put(rs.getObject("order_id", UUID.class),
                            DeviceRegistry.instant(rs, "first_from"))).list();
        }
        Map<UUID, InstallationFact> out = new LinkedHashMap<>();
        for (Installation x : found.values()) {
            out.put(x.orderId, new InstallationFact(x.orderId, x.status, x.dueSince, x.deadline, x.appointmentAt,
                    x.installedAt, x.activatedAt, x.deviceId, firstUnit.get(x.orderId)));
        }
        return out;
    }

    @Override
    public List<DeviceFact> devices(Actor actor) {
        OrderScope.SqlPredicate visible = scope.onDevices(actor, "d");
        return visible.bind(jdbc.sql("SELECT d.* FROM device d WHERE " + visible.sql() + " ORDER BY d.unique_id"))
                .query(DeviceRegistry::device).list().stream()
                .map(d -> new DeviceFact(d.uniqueId(), d.kind(), d.status(), d.statusSince(), d.holdingRegion(),
                        d.locationType(), d.locationRef(), d.orderId()))
                .toList();
    }

    @Override
    public List<Movement> movements(Actor actor, Instant since) {
        OrderScope.SqlPredicate visible = scope.onDevices(actor, "d");
        return visible.bind(jdbc.sql("SELECT m.* FROM device_movement m JOIN device d ON d.unique_id = m.device_id"
                        + " WHERE m.occurred_at >= :since AND " + visible.sql() + " ORDER BY m.occurred_at, m.id")
                        .param("since", DeviceRegistry.utc(since)))
                .query(DeviceRegistry::movement).list();
    }

    @Override
    public DeviceSettings settings() {
        return settings;
    }
}
