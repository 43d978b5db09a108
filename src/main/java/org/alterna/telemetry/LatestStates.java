package org.alterna.telemetry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.alterna.common.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The latest state of each device ({@code device_state}, for the live view), kept by following the record log: at
 * most one row update per device per {@link TelemetrySettings#latestFlush()} however often it reports, written off the
 * acknowledging path together with how far in the log it got ({@link LogCursor} {@code device-state}), so a restart
 * repairs it from the records stored since. Contacts without anything to store (a heartbeat without flags) only
 * update it in memory until the next write: the latest contact is a hint, not evidence.
 */
@Component
class LatestStates implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(LatestStates.class);
    static final String CURSOR = "device-state";
    private static final String UPSERT_STATE_ROW = "INSERT INTO device_state (device_id, last_contact) VALUES (?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String UPDATE_STATE_FIX = "UPDATE device_state SET fix_device_time = ?, fix_server_time = ?,"
            + " latitude = ?, longitude = ?, altitude = ?, speed_kmh = ?, course = ?, satellites = ?, hdop = ?,"
            + " accuracy_m = ?, valid = ?, source = ?, alarms = ?, battery_percent = COALESCE(?, battery_percent),"
            + " external_power = COALESCE(?, external_power), charging = COALESCE(?, charging),"
            + " strap = COALESCE(?, strap) WHERE device_id = ?"
            + " AND (fix_device_time IS NULL OR fix_device_time < ?)";
    private static final String UPDATE_STATE_CONTACT = "UPDATE device_state SET last_contact = GREATEST(last_contact, ?),"
            + " battery_percent = COALESCE(?, battery_percent), external_power = COALESCE(?, external_power),"
            + " charging = COALESCE(?, charging), strap = COALESCE(?, strap) WHERE device_id = ?";

    private final RecordLog recordLog;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final long flushNanos;
    private final RecordLog.Subscription subscription;
    private final ConcurrentLinkedQueue<Contact> contacts = new ConcurrentLinkedQueue<>();
    /** What the records and contacts since the last write say, by device (touched by the follower thread only). */
    private final Map<String, State> states = new HashMap<>();
    private long position;
    private long saved = Long.MIN_VALUE;
    private volatile Thread thread;
    private volatile boolean running;

    private record Contact(String deviceId, Instant at, Integer battery, Boolean externalPower, Boolean charging,
            Fix.StrapState strap) {
    }

    LatestStates(RecordLog recordLog, DataSource dataSource, JdbcClient jdbc, Clock clock, TelemetrySettings settings) {
        this.recordLog = recordLog;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.clock = clock;
        this.flushNanos = settings.latestFlush().toNanos();
        // subscribed before the store writes anything of this process
        this.subscription = recordLog.subscribe(CURSOR, 200_000);
    }

    /** A contact (and any status it reported; nulls keep known values) to show until the device says more. */
    void contact(String deviceId, Instant at, Integer battery, Boolean externalPower, Boolean charging,
            Fix.StrapState strap) {
        if (contacts.size() < 100_000) {
            contacts.add(new Contact(deviceId, at, battery, externalPower, charging, strap));
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread t = new Thread(this::follow, "latest-device-state");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100; // before the gateway's servers start, after they stop
    }

    private void follow() {
        try {
            position = LogCursor.read(jdbc, CURSOR).orElse(0L);
            // records stored by earlier runs after the last write
            long upTo = recordLog.startSeq() - 1;
            while (position < upTo && running) {
                RecordLog.Delivery d = recordLog.read(position, upTo, 10_000);
                merge(d.records());
                position = d.upTo();
                if (states.size() > 50_000) {
                    flush();
                }
            }
            flush();
            long next = System.nanoTime() + flushNanos;
            while (running) {
                long wait = next - System.nanoTime();
                RecordLog.Delivery d = wait > 0 ? subscription.poll(wait, TimeUnit.NANOSECONDS) : null;
                if (d != null) {
                    merge(d.records());
                    position = d.upTo();
                }
                if (System.nanoTime() >= next) {
                    flushSafely();
                    next = System.nanoTime() + flushNanos;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("latest device state stopped following the record log; a restart repairs it", e);
        } finally {
            flushSafely();
        }
    }

    private void merge(List<LoggedRecord> records) {
        for (LoggedRecord r : records) {
            Fix f = r.fix();
            State s = states.computeIfAbsent(f.deviceId(), State::new);
            if (f.hasPosition()) {
                s.fix(f);
            } else {
                s.status(f.serverTime(), f.batteryPercent(), f.externalPower(), f.charging(), f.strap());
            }
        }
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("cannot write the latest device states (retrying): {}", e.toString());
        }
    }

    private void flush() {
        Contact c;
        while ((c = contacts.poll()) != null) {
            states.computeIfAbsent(c.deviceId(), State::new).status(c.at(), c.battery(), c.externalPower(),
                    c.charging(), c.strap());
        }
        if (states.isEmpty() && position == saved) {
            return;
        }
        try (Connection con = dataSource.getConnection()) {
            boolean autoCommit = con.getAutoCommit();
            con.setAutoCommit(false);
            try {
                write(con, new TreeMap<>(states).values());
                try (PreparedStatement ps = con.prepareStatement(
                        "UPDATE log_cursor SET position = ?, updated_at = ? WHERE name = ?")) {
                    ps.setLong(1, position);
                    ps.setObject(2, Sql.utc(clock.instant()));
                    ps.setString(3, CURSOR);
                    if (ps.executeUpdate() == 0) {
                        try (PreparedStatement ins = con.prepareStatement(
                                "INSERT INTO log_cursor (name, position, updated_at) VALUES (?, ?, ?)")) {
                            ins.setString(1, CURSOR);
                            ins.setLong(2, position);
                            ins.setObject(3, Sql.utc(clock.instant()));
                            ins.executeUpdate();
                        }
                    }
                }
                con.commit();
                states.clear();
                saved = position;
            } catch (SQLException | RuntimeException e) {
                con.rollback();
                throw e;
            } finally {
                con.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows are locked in device order (the map is sorted), so this never deadlocks with anything else. */
    private static void write(Connection c, Iterable<State> states) throws SQLException {
        try (PreparedStatement row = c.prepareStatement(UPSERT_STATE_ROW);
             PreparedStatement fix = c.prepareStatement(UPDATE_STATE_FIX);
             PreparedStatement contact = c.prepareStatement(UPDATE_STATE_CONTACT)) {
            boolean any = false;
            boolean anyFix = false;
            for (State s : states) {
                any = true;
                row.setString(1, s.deviceId);
                row.setObject(2, Sql.utc(s.lastContact));
                row.addBatch();
                if (s.newest != null) {
                    Fix f = s.newest;
                    fix.setObject(1, Sql.utc(f.deviceTime()));
                    fix.setObject(2, Sql.utc(f.serverTime()));
                    fix.setDouble(3, f.latitude());
                    fix.setDouble(4, f.longitude());
                    Sql.setDouble(fix, 5, f.altitude());
                    Sql.setDouble(fix, 6, f.speedKmh());
                    Sql.setDouble(fix, 7, f.course());
                    Sql.setInt(fix, 8, f.satellites());
                    Sql.setDouble(fix, 9, f.hdop());
                    Sql.setDouble(fix, 10, f.accuracyMeters());
                    fix.setBoolean(11, f.valid());
                    fix.setString(12, f.source() == null ? null : f.source().name());
                    fix.setString(13, FixRows.alarms(f.alarms()));
                    Sql.setInt(fix, 14, f.batteryPercent());
                    Sql.setBool(fix, 15, f.externalPower());
                    Sql.setBool(fix, 16, f.charging());
                    fix.setString(17, f.strap() == null ? null : f.strap().name());
                    fix.setString(18, s.deviceId);
                    fix.setObject(19, Sql.utc(f.deviceTime()));
                    fix.addBatch();
                    anyFix = true;
                }
                contact.setObject(1, Sql.utc(s.lastContact));
                Sql.setInt(contact, 2, s.battery);
                Sql.setBool(contact, 3, s.externalPower);
                Sql.setBool(contact, 4, s.charging);
                contact.setString(5, s.strap == null ? null : s.strap.name());
                contact.setString(6, s.deviceId);
                contact.addBatch();
            }
            if (!any) {
                return;
            }
            row.executeBatch();
            if (anyFix) {
                fix.executeBatch();
            }
            contact.executeBatch();
        }
    }

    /**
     * What the records since the last write say about one device: the fix with the latest device time (its readings
     * count only if it is newer than the stored one), the latest contact, and the readings of device events and
     * contacts as last reported.
     */
    private static final class State {
        final String deviceId;
        Instant lastContact;
        Fix newest;
        Integer battery;
        Boolean externalPower;
        Boolean charging;
        Fix.StrapState strap;

        State(String deviceId) {
            this.deviceId = deviceId;
        }

        void fix(Fix f) {
            if (newest == null || f.deviceTime().isAfter(newest.deviceTime())) {
                newest = f;
            }
            status(f.serverTime(), null, null, null, null);
        }

        void status(Instant at, Integer b, Boolean p, Boolean c, Fix.StrapState st) {
            if (at != null && (lastContact == null || at.isAfter(lastContact))) {
                lastContact = at;
            }
            battery = b != null ? b : battery;
            externalPower = p != null ? p : externalPower;
            charging = c != null ? c : charging;
            strap = st != null ? st : strap;
        }
    }
}
