package org.alterna.telemetry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.alterna.common.Sql;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Column mapping of fixes, shared by the writer and the readers, and the durability of commits on PostgreSQL
 * ("acknowledged means stored").
 */
final class FixRows {
    static final JsonMapper JSON = org.alterna.common.Json.MAPPER;
    static final String FIX_COLUMNS = "device_id, device_time, server_time, latitude, longitude, altitude, speed_kmh,"
            + " course, satellites, hdop, accuracy_m, valid, source, battery_percent, external_power, charging, strap,"
            + " alarms, io";
    static final String INSERT_FIX = "INSERT INTO fixes (seq, " + FIX_COLUMNS + ")"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING";

    private FixRows() {
    }

    /**
     * PostgreSQL: whether a commit returns only once it is on disk. {@code synchronous_commit = off} (a default
     * of some embedded/test servers) acknowledges first and may lose the last commits in a server crash, which
     * would break "acknowledged means stored"; the writer then asks for synchronous commits itself.
     * {@code fsync = off} cannot be overridden per transaction, so it is only reported.
     */
    static boolean commitsAreDurable(DataSource ds) {
        try (Connection c = ds.getConnection(); java.sql.Statement s = c.createStatement()) {
            String sync;
            try (ResultSet rs = s.executeQuery("SELECT current_setting('synchronous_commit')")) {
                rs.next();
                sync = rs.getString(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT current_setting('fsync')")) {
                rs.next();
                if ("off".equalsIgnoreCase(rs.getString(1))) {
                    org.slf4j.LoggerFactory.getLogger(FixRows.class).warn("PostgreSQL runs with fsync = off:"
                            + " acknowledged records can be lost if the database server crashes");
                }
            }
            return !"off".equalsIgnoreCase(sync);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database", e);
        }
    }

    static void bindFix(PreparedStatement ps, long seq, Fix f) throws SQLException {
        ps.setLong(1, seq);
        ps.setString(2, f.deviceId());
        ps.setObject(3, Sql.utc(f.deviceTime()));
        ps.setObject(4, Sql.utc(f.serverTime()));
        ps.setDouble(5, f.latitude());
        ps.setDouble(6, f.longitude());
        Sql.setDouble(ps, 7, f.altitude());
        Sql.setDouble(ps, 8, f.speedKmh());
        Sql.setDouble(ps, 9, f.course());
        Sql.setInt(ps, 10, f.satellites());
        Sql.setDouble(ps, 11, f.hdop());
        Sql.setDouble(ps, 12, f.accuracyMeters());
        ps.setBoolean(13, f.valid());
        ps.setString(14, f.source() == null ? null : f.source().name());
        Sql.setInt(ps, 15, f.batteryPercent());
        Sql.setBool(ps, 16, f.externalPower());
        Sql.setBool(ps, 17, f.charging());
        ps.setString(18, f.strap() == null ? null : f.strap().name());
        ps.setString(19, alarms(f.alarms()));
        ps.setString(20, f.io().isEmpty() ? null : JSON.writeValueAsString(f.io()));
    }

    static Fix readFix(ResultSet rs) throws SQLException {
        String io = rs.getString("io");
        Map<String, Object> ioMap = io == null ? Map.of() : JSON.readValue(io, new TypeReference<LinkedHashMap<String, Object>>() { });
        ioMap.values().removeIf(java.util.Objects::isNull);
        String source = rs.getString("source");
        String strap = rs.getString("strap");
        return new Fix(rs.getString("device_id"), Sql.instant(rs, "device_time"), Sql.instant(rs, "server_time"),
                rs.getDouble("latitude"), rs.getDouble("longitude"), Sql.doubleOrNull(rs, "altitude"),
                Sql.doubleOrNull(rs, "speed_kmh"), Sql.doubleOrNull(rs, "course"), Sql.intOrNull(rs, "satellites"),
                Sql.doubleOrNull(rs, "hdop"), Sql.doubleOrNull(rs, "accuracy_m"), rs.getBoolean("valid"),
                source == null ? null : Fix.PositionSource.valueOf(source), Sql.intOrNull(rs, "battery_percent"),
                Sql.boolOrNull(rs, "external_power"), Sql.boolOrNull(rs, "charging"),
                strap == null ? null : Fix.StrapState.valueOf(strap), alarms(rs.getString("alarms")), ioMap);
    }

    static String alarms(Set<Fix.DeviceAlarm> alarms) {
        return alarms == null || alarms.isEmpty() ? null
                : alarms.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    static Set<Fix.DeviceAlarm> alarms(String s) {
        if (s == null || s.isBlank()) {
            return Set.of();
        }
        EnumSet<Fix.DeviceAlarm> set = EnumSet.noneOf(Fix.DeviceAlarm.class);
        for (String a : s.split(",")) {
            set.add(Fix.DeviceAlarm.valueOf(a.trim()));
        }
        return set;
    }
}
