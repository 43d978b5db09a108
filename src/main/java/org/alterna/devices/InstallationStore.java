package org.alterna.devices;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stores installations and their checklists ({@code installation}, {@code installation_step}). */
@Repository
class InstallationStore {
    private final JdbcClient jdbc;

    InstallationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The installation of the order, its row locked until the transaction ends when {@code lock}. */
    Optional<Installation> load(UUID orderId, boolean lock) {
        Optional<Installation> found = jdbc.sql("SELECT * FROM installation WHERE order_id = ?" + (lock ? " FOR UPDATE" : ""))
                .param(orderId).query(InstallationStore::map).optional();
        found.ifPresent(this::loadSteps);
        return found;
    }

    void insert(Installation i, Instant now) {
        jdbc.sql("""
                INSERT INTO installation (order_id, status, due_since, deadline, appointment_at, place, installer,
                  scheduled_by, scheduled_at, device_id, installed_at, installed_by, activated_at, activation_fix_at,
                  activated_by, overdue_alarm_at, closed_at, close_reason, updated_at)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""")
                .params(values(i, now)).update();
    }

    void update(Installation i, Instant now) {
        List<Object> v = new ArrayList<>(values(i, now).subList(1, 19));
        v.add(i.orderId);
        jdbc.sql("""
                UPDATE installation SET status = ?, due_since = ?, deadline = ?, appointment_at = ?, place = ?,
                  installer = ?, scheduled_by = ?, scheduled_at = ?, device_id = ?, installed_at = ?, installed_by = ?,
                  activated_at = ?, activation_fix_at = ?, activated_by = ?, overdue_alarm_at = ?, closed_at = ?,
                  close_reason = ?, updated_at = ? WHERE order_id = ?""").params(v).update();
    }

    void insertStep(UUID orderId, Installation.Step s) {
        jdbc.sql("INSERT INTO installation_step (order_id, step, done_at, done_by, note) VALUES (?,?,?,?,?)")
                .params(orderId, s.step().name(), DeviceRegistry.utc(s.at()), s.by(), s.note()).update();
    }

    /** The open installations whose deadline passed before {@code now} and that raised no alarm yet. */
    List<UUID> newlyOverdue(Instant now) {
        return jdbc.sql("SELECT order_id FROM installation WHERE status IN ('DUE', 'SCHEDULED', 'INSTALLED')"
                        + " AND deadline < ? AND overdue_alarm_at IS NULL ORDER BY deadline")
                .param(DeviceRegistry.utc(now)).query(UUID.class).list();
    }

    /** The installations of these orders (steps included), by order. */
    Map<UUID, Installation> of(Collection<UUID> orderIds) {
        Map<UUID, Installation> out = new LinkedHashMap<>();
        List<UUID> ids = new ArrayList<>(new HashSet<>(orderIds));
        for (int i = 0; i < ids.size(); i += 500) {
            List<UUID> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
            jdbc.sql("SELECT * FROM installation WHERE order_id IN (:ids)").param("ids", chunk)
                    .query(InstallationStore::map).list().forEach(x -> out.put(x.orderId, x));
            jdbc.sql("SELECT * FROM installation_step WHERE order_id IN (:ids) ORDER BY done_at").param("ids", chunk)
                    .query((rs, n) -> {
                        Installation x = out.get(rs.getObject("order_id", UUID.class));
                        Installation.Step s = step(rs);
                        if (x != null) {
                            x.steps.put(s.step(), s);
                        }
                        return s;
                    }).list();
        }
        return out;
    }

    /** The installations {@code where} selects (a condition on alias {@code i} with named parameters). */
    List<Installation> where(String where, Map<String, Object> params, int limit) {
        JdbcClient.StatementSpec spec = jdbc.sql("SELECT i.* FROM installation i WHERE " + where
                + " ORDER BY i.deadline, i.order_id LIMIT :lim");
        for (Map.Entry<String, Object> e : params.entrySet()) {
            spec = spec.param(e.getKey(), e.getValue());
        }
        List<Installation> list = spec.param("lim", limit).query(InstallationStore::map).list();
        Map<UUID, Installation> withSteps = of(list.stream().map(x -> x.orderId).toList());
        return list.stream().map(x -> withSteps.getOrDefault(x.orderId, x)).toList();
    }

    private void loadSteps(Installation i) {
        jdbc.sql("SELECT * FROM installation_step WHERE order_id = ? ORDER BY done_at").param(i.orderId)
                .query((rs, n) -> step(rs)).list().forEach(s -> i.steps.put(s.step(), s));
    }

    private static Installation.Step step(ResultSet rs) throws SQLException {
        return new Installation.Step(ChecklistStep.valueOf(rs.getString("step")), DeviceRegistry.instant(rs, "done_at"),
                rs.getString("done_by"), rs.getString("note"));
    }

    private static List<Object> values(Installation i, Instant now) {
        List<Object> v = new ArrayList<>();
        v.add(i.orderId);
        v.add(i.status.name());
        v.add(DeviceRegistry.utc(i.dueSince));
        v.add(DeviceRegistry.utc(i.deadline));
        v.add(DeviceRegistry.utc(i.appointmentAt));
        v.add(i.place);
        v.add(i.installer);
        v.add(i.scheduledBy);
        v.add(DeviceRegistry.utc(i.scheduledAt));
        v.add(i.deviceId);
        v.add(DeviceRegistry.utc(i.installedAt));
        v.add(i.installedBy);
        v.add(DeviceRegistry.utc(i.activatedAt));
        v.add(DeviceRegistry.utc(i.activationFixAt));
        v.add(i.activatedBy);
        v.add(DeviceRegistry.utc(i.overdueAlarmAt));
        v.add(DeviceRegistry.utc(i.closedAt));
        v.add(i.closeReason);
        v.add(DeviceRegistry.utc(now));
        return v;
    }

    static Installation map(ResultSet rs, int n) throws SQLException {
        Installation i = new Installation(rs.getObject("order_id", UUID.class));
        i.status = InstallationStatus.valueOf(rs.getString("status"));
        i.dueSince = DeviceRegistry.instant(rs, "due_since");
        i.deadline = DeviceRegistry.instant(rs, "deadline");
        i.appointmentAt = DeviceRegistry.instant(rs, "appointment_at");
        i.place = rs.getString("place");
        i.installer = rs.getString("installer");
        i.scheduledBy = rs.getString("scheduled_by");
        i.scheduledAt = DeviceRegistry.instant(rs, "scheduled_at");
        i.deviceId = rs.getString("device_id");
        i.installedAt = DeviceRegistry.instant(rs, "installed_at");
        i.installedBy = rs.getString("installed_by");
        i.activatedAt = DeviceRegistry.instant(rs, "activated_at");
        i.activationFixAt = DeviceRegistry.instant(rs, "activation_fix_at");
        i.activatedBy = rs.getString("activated_by");
        i.overdueAlarmAt = DeviceRegistry.instant(rs, "overdue_alarm_at");
        i.closedAt = DeviceRegistry.instant(rs, "closed_at");
        i.closeReason = rs.getString("close_reason");
        return i;
    }
}
