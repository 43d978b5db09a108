package org.alterna.telemetry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.alterna.common.Sql;
import org.alterna.orders.OrderScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reads stored fixes and the latest state of devices. Writes go through {@link BatchWriter}. This is the
 * raw store: callers that read a person's track or location on behalf of a user publish the
 * {@code track.read} / {@code location.read} audit event (the REST API here does).
 */
@Service
public class FixStore {
    private final JdbcClient jdbc;

    FixStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Fixes of the device with {@code from <= deviceTime < to}, in device-time order. */
    public List<Fix> track(String deviceId, Instant from, Instant to) {
        return jdbc.sql("SELECT * FROM fixes WHERE device_id = ? AND device_time >= ? AND device_time < ? ORDER BY device_time")
                .params(deviceId, Sql.utc(from), Sql.utc(to)).query((rs, n) -> FixRows.readFix(rs)).list();
    }

    /**
     * Fixes of the device with {@code from <= deviceTime < to} that also satisfy {@code visible} (a condition on the
     * columns {@code f.device_id} and {@code f.device_time}, from {@link OrderScope#onPositions}), in device-time order.
     */
    public List<Fix> track(String deviceId, Instant from, Instant to, OrderScope.SqlPredicate visible) {
        return visible.bind(jdbc.sql("SELECT f.* FROM fixes f WHERE f.device_id = :dev AND f.device_time >= :from"
                        + " AND f.device_time < :to AND " + visible.sql() + " ORDER BY f.device_time")
                .param("dev", deviceId).param("from", Sql.utc(from)).param("to", Sql.utc(to)))
                .query((rs, n) -> FixRows.readFix(rs)).list();
    }

    /**
     * The latest state of the device, its position kept only when it satisfies {@code visible} (a condition on
     * {@code ds.device_id} and {@code ds.fix_device_time}); battery and contact times stay.
     */
    public Optional<DeviceLatest> latest(String deviceId, OrderScope.SqlPredicate visible) {
        Optional<DeviceLatest> latest = latest(deviceId);
        if (latest.isEmpty() || latest.get().lastFix() == null) {
            return latest;
        }
        boolean shown = visible.bind(jdbc.sql("SELECT COUNT(*) FROM device_state ds WHERE ds.device_id = :dev AND "
                + visible.sql()).param("dev", deviceId)).query(Long.class).single() > 0;
        DeviceLatest l = latest.get();
        return Optional.of(shown ? l : new DeviceLatest(l.deviceId(), null, l.lastContact(), l.batteryPercent(),
                l.externalPower(), l.charging(), l.strap()));
    }

    /** The latest state of the device, if it ever contacted the gateway. */
    public Optional<DeviceLatest> latest(String deviceId) {
        return jdbc.sql("SELECT * FROM device_state WHERE device_id = ?").param(deviceId)
                .query(FixStore::latest).optional();
    }

    /** The latest state of every device that ever contacted the gateway, by device id. */
    public List<DeviceLatest> latestAll() {
        return jdbc.sql("SELECT * FROM device_state ORDER BY device_id").query(FixStore::latest).list();
    }

    /** Number of stored fixes of the device (all time). */
    public long count(String deviceId) {
        return jdbc.sql("SELECT COUNT(*) FROM fixes WHERE device_id = ?").param(deviceId).query(Long.class).single();
    }

    private static DeviceLatest latest(ResultSet rs, int n) throws SQLException {
        Instant fixTime = Sql.instant(rs, "fix_device_time");
        Fix fix = null;
        String source = rs.getString("source");
        String strap = rs.getString("strap");
        Fix.StrapState strapState = strap == null ? null : Fix.StrapState.valueOf(strap);
        if (fixTime != null) {
            fix = new Fix(rs.getString("device_id"), fixTime, Sql.instant(rs, "fix_server_time"),
                    rs.getDouble("latitude"), rs.getDouble("longitude"), Sql.doubleOrNull(rs, "altitude"),
                    Sql.doubleOrNull(rs, "speed_kmh"), Sql.doubleOrNull(rs, "course"), Sql.intOrNull(rs, "satellites"),
                    Sql.doubleOrNull(rs, "hdop"), Sql.doubleOrNull(rs, "accuracy_m"), Boolean.TRUE.equals(Sql.boolOrNull(rs, "valid")),
                    source == null ? null : Fix.PositionSource.valueOf(source), Sql.intOrNull(rs, "battery_percent"),
                    Sql.boolOrNull(rs, "external_power"), Sql.boolOrNull(rs, "charging"), strapState,
                    FixRows.alarms(rs.getString("alarms")), null);
        }
        return new DeviceLatest(rs.getString("device_id"), fix, Sql.instant(rs, "last_contact"),
                Sql.intOrNull(rs, "battery_percent"), Sql.boolOrNull(rs, "external_power"), Sql.boolOrNull(rs, "charging"),
                strapState);
    }
}
