package org.alterna.telemetry;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL fast path: a whole batch of fixes in one statement (arrays unnested server-side), with
 * {@code ON CONFLICT DO NOTHING RETURNING} telling which fixes were new. One round trip instead of one per fix.
 */
final class PgBulk {
    /** Times travel as microseconds since the epoch (binary int8 arrays; no text to format and parse). */
    private static final String INSERT = "INSERT INTO fixes (seq, " + FixRows.FIX_COLUMNS + ") SELECT u.seq, u.d,"
            + " timestamptz 'epoch' + u.t * interval '1 microsecond', timestamptz 'epoch' + u.st * interval '1 microsecond',"
            + " u.lat, u.lon, u.alt, u.speed, u.course, u.sats, u.hdop, u.acc, u.valid, u.source, u.battery, u.power,"
            + " u.charging, u.strap, u.alarms, u.io FROM unnest(?::int8[], ?::varchar[], ?::int8[], ?::int8[],"
            + " ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::int4[], ?::float8[], ?::float8[],"
            + " ?::bool[], ?::varchar[], ?::int4[], ?::bool[], ?::bool[], ?::varchar[], ?::varchar[], ?::text[])"
            + " AS u(seq, d, t, st, lat, lon, alt, speed, course, sats, hdop, acc, valid, source, battery, power,"
            + " charging, strap, alarms, io) ON CONFLICT DO NOTHING RETURNING seq";

    private PgBulk() {
    }

    /** Inserts the fixes (seq[i] is fixes[i]'s log number); returns which were stored for the first time. */
    static boolean[] insertFixes(Connection c, List<Fix> fixes, long[] seq) throws SQLException {
        int n = fixes.size();
        Long[] seqs = new Long[n];
        String[] device = new String[n];
        Long[] time = new Long[n];
        Long[] server = new Long[n];
        Double[] lat = new Double[n];
        Double[] lon = new Double[n];
        Double[] alt = new Double[n];
        Double[] speed = new Double[n];
        Double[] course = new Double[n];
        Integer[] sats = new Integer[n];
        Double[] hdop = new Double[n];
        Double[] acc = new Double[n];
        Boolean[] valid = new Boolean[n];
        String[] source = new String[n];
        Integer[] battery = new Integer[n];
        Boolean[] power = new Boolean[n];
        Boolean[] charging = new Boolean[n];
        String[] strap = new String[n];
        String[] alarms = new String[n];
        String[] io = new String[n];
        for (int i = 0; i < n; i++) {
            Fix f = fixes.get(i);
            seqs[i] = seq[i];
            device[i] = f.deviceId();
            time[i] = micros(f.deviceTime());
            server[i] = micros(f.serverTime());
            lat[i] = f.latitude();
            lon[i] = f.longitude();
            alt[i] = f.altitude();
            speed[i] = f.speedKmh();
            course[i] = f.course();
            sats[i] = f.satellites();
            hdop[i] = f.hdop();
            acc[i] = f.accuracyMeters();
            valid[i] = f.valid();
            source[i] = f.source() == null ? null : f.source().name();
            battery[i] = f.batteryPercent();
            power[i] = f.externalPower();
            charging[i] = f.charging();
            strap[i] = f.strap() == null ? null : f.strap().name();
            alarms[i] = FixRows.alarms(f.alarms());
            io[i] = f.io().isEmpty() ? null : FixRows.JSON.writeValueAsString(f.io());
        }
        java.util.Set<Long> stored = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            Object[][] columns = {seqs, device, time, server, lat, lon, alt, speed, course, sats, hdop, acc, valid, source,
                    battery, power, charging, strap, alarms, io};
            String[] types = {"int8", "varchar", "int8", "int8", "float8", "float8", "float8", "float8", "float8", "int4",
                    "float8", "float8", "bool", "varchar", "int4", "bool", "bool", "varchar", "varchar", "text"};
            Array[] arrays = new Array[columns.length];
            for (int i = 0; i < columns.length; i++) {
                arrays[i] = c.createArrayOf(types[i], columns[i]);
                ps.setArray(i + 1, arrays[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getLong(1));
                }
            }
            for (Array a : arrays) {
                a.free();
            }
        }
        boolean[] inserted = new boolean[n];
        for (int i = 0; i < n; i++) {
            inserted[i] = stored.contains(seq[i]);
        }
        return inserted;
    }

    /** Microseconds since the epoch: the precision PostgreSQL stores (finer digits are dropped). */
    static long micros(java.time.Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }
}
