package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.alterna.gateway.TeltonikaClient;
import org.alterna.gateway.TeltonikaClient.Rec;
import org.alterna.testsupport.ActiveOrders;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.ServerProcess;
import org.alterna.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is lost after the acknowledgement: the server runs as a process of its own and is killed with SIGKILL, then
 * started again on the same database, and the devices resend whatever was not acknowledged.
 * <ul>
 * <li>Mid-stream, while people are inside their exclusion zones: every breach is alarmed exactly once, and the engine's
 * alarm changes are the same as those of a run of the same input without the kill (PostgreSQL).</li>
 * <li>Between a record's commit and its evaluation (the engine held by its test hook), with an alarm open, during
 * audited changes: the held records are evaluated after the restart, the open alarm's CLEARED arrives, a breach
 * stored entirely while held is raised, each reaches the alarm desk once, and every change committed before the kill
 * has its audit entry and no entry lacks its change (H2 file database, the embedded default).</li>
 * </ul>
 */
class SupervisionCrashTest {
    static final int DEVICES = 8;
    static final int FIXES = 60;
    static final double HOME_LAT = -12.10;
    static final double ZONE_NORTH = 0.018; // ~2 km north of home

    @TempDir
    Path dir;

    /** Device i's walk, a fix a minute: at home, to the zone ~2 km north and 55 m past its centre, back, home. */
    static List<Rec> track(int device, Instant base) {
        double lon = lon(device);
        List<Rec> recs = new ArrayList<>();
        for (int k = 0; k < FIXES; k++) {
            double north;
            if (k < 15) {
                north = (k % 3 - 1) * 0.00005; // a few metres of jitter at home
            } else if (k < 30) {
                north = (k - 14) / 15.0 * 0.0185;
            } else if (k < 40) {
                north = 0.0185 + (k % 2) * 0.0001;
            } else if (k < 55) {
                north = 0.0185 * (54 - k) / 15.0;
            } else {
                north = 0;
            }
            recs.add(new Rec(base.plusSeconds(60L * k), HOME_LAT + north, lon, 9, 8));
        }
        return recs;
    }

    static double lon(int device) {
        return -77.05 + device * 0.02;
    }

    static String conditions(int device) {
        return """
                {"zones":[{"id":"colegio","type":"EXCLUSION","geometry":{"type":"Point","coordinates":[%s,%s]},
                  "radiusMeters":150}]}""".formatted(lon(device), HOME_LAT + ZONE_NORTH);
    }

    static String imei(int device) {
        return String.valueOf(357_000_000_000_000L + ProcessHandle.current().pid() % 100_000 * 100 + device);
    }

    // ------------------------------------------------------------------------------------------ (1) mid-stream

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void breachesInProgressAtAKillAreAlarmedOnceWithTheSameAlarmsAsWithoutIt() throws Exception {
        Instant base = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<String> reference = run(base, false);
        List<String> crashed = run(base, true);
        System.out.printf("supervision crash test: %d engine alarm changes without the kill, %d with it%n",
                reference.size(), crashed.size());
        assertThat(reference).as("every device breached once: a raise and a clear each").hasSize(2 * DEVICES);
        assertThat(crashed).containsExactlyElementsOf(reference);
    }

    /** One run on a fresh PostgreSQL database; returns the engine's alarm changes, device by device. */
    private List<String> run(Instant base, boolean kill) throws Exception {
        String[] db = TestPostgres.newDatabase();
        ServerProcess server = server(db[0], db[1], db[2], List.of()).start();
        try {
            List<String> imeis = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                imeis.add(register(server.httpPort(), i));
            }
            int tcp = tcpPort(server);
            AtomicInteger acked = new AtomicInteger();
            List<Thread> devices = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                int d = i;
                Thread t = new Thread(() -> stream(imeis.get(d), tcp, track(d, base), acked, 80), "device-" + d);
                t.setDaemon(true);
                t.start();
                devices.add(t);
                Thread.sleep(400); // staggered: at the kill, devices are at different points of their walk
            }
            if (kill) {
                long deadline = System.currentTimeMillis() + 120_000;
                while (acked.get() < DEVICES * FIXES * 45 / 100 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(10);
                }
                server.kill();
                int open = openAlarms(db);
                System.out.printf("supervision crash test: SIGKILL after %d of %d records acknowledged, %d exclusion"
                        + " zone alarms open%n", acked.get(), DEVICES * FIXES, open);
                assertThat(open).as("breaches in progress at the kill").isPositive();
                server.start();
            }
            for (Thread t : devices) {
                t.join(240_000);
            }
            assertThat(acked.get()).isEqualTo(DEVICES * FIXES);
            awaitEngine(db[0], db[1], db[2]);
            List<String> alarms = alarms(db[0], db[1], db[2]);
            assertDeskHasOneTicketPerBreach(db[0], db[1], db[2]);
            return alarms;
        } finally {
            server.stop();
        }
    }

    private static int openAlarms(String[] db) throws Exception {
        try (Connection c = DriverManager.getConnection(db[0], db[1], db[2]); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM supervision_alarm_event r WHERE kind = 'RAISED'"
                     + " AND NOT EXISTS (SELECT 1 FROM supervision_alarm_event c WHERE c.kind = 'CLEARED'"
                     + " AND c.alarm_id = r.alarm_id AND c.order_id = r.order_id)")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    // ------------------------------------------------------------------------- (2)-(4) held, open, audited

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void recordsHeldBetweenCommitAndEvaluationAnOpenAlarmAndAuditedChangesSurviveAKill() throws Exception {
        // the embedded file database is the server's own while it runs: the test reads it only while it is down
        String url = "jdbc:h2:file:" + dir.resolve("alterna").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
        Path hold = dir.resolve("hold-supervision");
        ServerProcess server = server(url, "sa", "", List.of("--alterna.supervision.hold-file=" + hold)).start();
        Instant base = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        int port = server.httpPort();
        String a = register(port, 0);
        String b = register(port, 1);
        String orderA = orders.get(a);
        String orderB = orders.get(b);
        int tcp = tcpPort(server);
        List<Rec> walkA = track(0, base);
        AtomicInteger acked = new AtomicInteger();
        // A walks into its zone: its alarm is raised and stays open
        stream(a, tcp, walkA.subList(0, 36), acked, 0);
        awaitEngineEvents(port, orderA, List.of("RAISED"));
        // the engine is held: A's return and B's whole walk are committed, not evaluated
        Files.createFile(hold);
        stream(a, tcp, walkA.subList(36, FIXES), acked, 0);
        stream(b, tcp, track(1, base), acked, 0);
        assertThat(acked.get()).isEqualTo(FIXES + FIXES);

        // audited changes under way when the server dies
        AtomicBoolean changing = new AtomicBoolean(true);
        List<String> registered = new CopyOnWriteArrayList<>();
        Thread changes = new Thread(() -> registerUntilStopped(port, changing, registered));
        changes.setDaemon(true);
        changes.start();
        while (registered.size() < 15) {
            Thread.sleep(20);
        }
        server.kill();
        changing.set(false);
        changes.join(30_000);
        long stored;
        long evaluated;
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            stored = single(c, "SELECT MAX(seq) FROM fixes");
            evaluated = single(c, "SELECT position FROM log_cursor WHERE name = 'supervision'");
            assertThat(engineEvents(c, b)).as("B's breach is stored, not yet evaluated").isEmpty();
            assertThat(engineEvents(c, a)).as("A's return is stored, not yet evaluated").containsExactly("RAISED");
        }
        assertThat(evaluated).as("records committed but not evaluated at the kill").isLessThan(stored);
        System.out.printf("supervision crash test: SIGKILL with %d records stored and %d evaluated, A's alarm open,"
                + " %d devices registered through the API so far%n", stored, evaluated, registered.size());

        Files.delete(hold);
        server.start();
        awaitEngineEvents(port, orderA, List.of("RAISED", "CLEARED"));
        awaitEngineEvents(port, orderB, List.of("RAISED", "CLEARED"));
        Api.Response verify = Api.as(port, "auditor").get("/api/v1/audit/verify");
        assertThat(verify.json().get("intact").asBoolean()).as(verify.body()).isTrue();
        server.stop(); // an orderly stop: the test reads the file again

        awaitEngine(url, "sa", "");
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            assertThat(engineEvents(c, a)).as("A's alarm, open at the kill, cleared after it")
                    .containsExactly("RAISED", "CLEARED");
            assertThat(engineEvents(c, b)).as("B's breach, stored before the kill, evaluated after it")
                    .containsExactly("RAISED", "CLEARED");
            // every registration committed before the kill has its audit entry, and every entry its registration
            Map<String, Integer> entries = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT record_id, COUNT(*) FROM audit_entry WHERE action = 'device.register' GROUP BY record_id")) {
                while (rs.next()) {
                    entries.put(rs.getString(1), rs.getInt(2));
                }
            }
            List<String> devices = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT unique_id FROM device")) {
                while (rs.next()) {
                    devices.add(rs.getString(1));
                }
            }
            assertThat(devices).containsAll(registered);
            assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(devices);
            assertThat(entries.values()).allMatch(n -> n == 1);
        }
        assertDeskHasOneTicketPerBreach(url, "sa", "");
    }

    /** Until the engine's record of the order's alarm changes (through the API) is exactly {@code kinds}. */
    private static void awaitEngineEvents(int port, String order, List<String> kinds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        List<String> seen = List.of();
        while (System.currentTimeMillis() < deadline) {
            Api.Response r = Api.as(port, "operator").get("/api/v1/orders/" + order + "/engine-events");
            if (r.status() == 200) {
                List<String> now = new ArrayList<>();
                r.json().forEach(e -> now.add(e.get("kind").stringValue()));
                seen = now;
                if (now.equals(kinds)) {
                    return;
                }
                assertThat(now.size() <= kinds.size() && kinds.subList(0, now.size()).equals(now))
                        .as("so far %s, expected %s", now, kinds).isTrue();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("engine events of " + order + ": " + seen + ", expected " + kinds);
    }

    private static void registerUntilStopped(int port, AtomicBoolean changing, List<String> registered) {
        Api supervisor = Api.as(port, "supervisor");
        for (int i = 0; changing.get(); i++) {
            String id = "35688" + String.format("%010d", ProcessHandle.current().pid() % 100_000 * 10_000 + i);
            try {
                Api.Response r = supervisor.post("/api/v1/devices", Map.of("uniqueId", id, "model", "teltonika-default",
                        "protocol", "teltonika"));
                if (r.status() == 201) {
                    registered.add(id);
                }
            } catch (RuntimeException e) {
                return; // the server died mid-request: that registration may or may not have committed
            }
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private ServerProcess server(String url, String user, String password, List<String> extra) throws IOException {
        int http = ServerProcess.freePort();
        int tcp = ServerProcess.freePort();
        tcpPorts.put(http, tcp);
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + url,
                "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
                "--alterna.gateway.teltonika.port=" + tcp, "--alterna.gateway.gt06.port=-1",
                "--alterna.gateway.h02.port=-1", "--alterna.gateway.osmand.port=-1",
                "--alterna.identity.initial-admin-password=crash-test-admin", "--alterna.identity.demo-accounts=true",
                "--alterna.identity.bcrypt-cost=4", "--alterna.demo.enabled=false", "--alterna.demo.fleet.enabled=false",
                "--alterna.signing.key-dir=" + dir.resolve("keys-" + http),
                // checkpoints every few seconds: the kill lands between two, so the restart replays from one
                "--alterna.supervision.checkpoint-interval=3s"));
        args.addAll(extra);
        return new ServerProcess(dir, http, List.of(tcp), args);
    }

    private final Map<Integer, Integer> tcpPorts = new ConcurrentHashMap<>();

    private int tcpPort(ServerProcess server) {
        return tcpPorts.get(server.httpPort());
    }

    private static final Map<String, String> orders = new ConcurrentHashMap<>();

    /** An ACTIVE order with device i's exclusion zone, and its Teltonika unit (a fixed IMEI per device). */
    private static String register(int port, int device) {
        awaitAccounts(port);
        String order = ActiveOrders.create(port, "HOUSE_ARREST", conditions(device));
        String imei = imei(device);
        orders.put(imei, order);
        Api supervisor = Api.as(port, "supervisor");
        Api.Response r = supervisor.post("/api/v1/devices", Map.of("uniqueId", imei, "model", "teltonika-default",
                "protocol", "teltonika"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        Api.Response a = supervisor.post("/api/v1/devices/" + imei + "/assignment", Map.of("orderId", order,
                "role", "PERSON_UNIT"));
        assertThat(a.status()).as(a.toString()).isIn(200, 201);
        return imei;
    }

    /** The accounts are created once the server is up (an application runner): until the admin gets in. */
    private static void awaitAccounts(int port) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (Api.as(port, "admin").get("/api/v1/courts").status() != 200) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the demo accounts never came");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Sends each record in its own packet until acknowledged, reconnecting and resending after any failure. */
    static void stream(String imei, int port, List<Rec> recs, AtomicInteger acked, long pauseMs) {
        int next = 0;
        TeltonikaClient c = null;
        long deadline = System.currentTimeMillis() + 300_000;
        while (next < recs.size() && System.currentTimeMillis() < deadline) {
            try {
                if (c == null) {
                    c = new TeltonikaClient("127.0.0.1", port, 5000);
                    if (c.login(imei) != 1) {
                        throw new IOException("login refused");
                    }
                }
                c.send(TeltonikaClient.avlPacket(List.of(recs.get(next))));
                if (c.readAck() != 1) {
                    throw new IOException("no ack");
                }
                acked.incrementAndGet();
                next++;
                if (pauseMs > 0) {
                    Thread.sleep(pauseMs);
                }
            } catch (IOException e) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // broken anyway
                    }
                    c = null;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // done
            }
        }
    }

    /** Until the engine evaluated every stored record and the desk took every alarm change (stable for 2 s). */
    private static void awaitEngine(String url, String user, String password) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        long stableSince = -1;
        while (System.currentTimeMillis() < deadline) {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                long stored = single(c, "SELECT COALESCE(MAX(seq), 0) FROM fixes");
                long evaluated = single(c, "SELECT COALESCE(MAX(position), 0) FROM log_cursor WHERE name = 'supervision'");
                long changes = single(c, "SELECT COALESCE(MAX(id), 0) FROM supervision_alarm_event");
                long desk = single(c, "SELECT COALESCE(MAX(position), 0) FROM log_cursor WHERE name = 'alarm-desk'");
                if (evaluated >= stored && desk >= changes) {
                    if (stableSince < 0) {
                        stableSince = System.currentTimeMillis();
                    } else if (System.currentTimeMillis() - stableSince > 2000) {
                        return;
                    }
                } else {
                    stableSince = -1;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the engine did not catch up with the stored records");
    }

    /** The kinds of the engine's alarm changes for the device, in order. */
    private static List<String> engineEvents(Connection c, String imei) throws Exception {
        List<String> kinds = new ArrayList<>();
        try (var ps = c.prepareStatement("SELECT kind FROM supervision_alarm_event WHERE device_id = ? ORDER BY id")) {
            ps.setString(1, imei);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    kinds.add(rs.getString(1));
                }
            }
        }
        return kinds;
    }

    /** Every engine alarm change as "device kind type zone start end", device by device, in order. */
    private static List<String> alarms(String url, String user, String password) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT device_id, kind, type, zone, start_at, end_at FROM"
                     + " supervision_alarm_event ORDER BY device_id, id")) {
            while (rs.next()) {
                out.add(String.join(" ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        String.valueOf(rs.getObject(5, java.time.OffsetDateTime.class).toInstant()),
                        String.valueOf(rs.getObject(6, java.time.OffsetDateTime.class) == null ? null
                                : rs.getObject(6, java.time.OffsetDateTime.class).toInstant())));
            }
        }
        return out;
    }

    /** The desk holds one ticket per breach (order, type, zone), its condition ended. */
    private static void assertDeskHasOneTicketPerBreach(String url, String user, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            long breaches = single(c, "SELECT COUNT(*) FROM (SELECT DISTINCT order_id, type, zone FROM"
                    + " supervision_alarm_event WHERE kind = 'RAISED') b");
            long tickets = single(c, "SELECT COUNT(*) FROM alarm");
            long ended = single(c, "SELECT COUNT(*) FROM alarm WHERE condition_ended_at IS NOT NULL");
            assertThat(tickets).as("one ticket per breach").isEqualTo(breaches);
            assertThat(ended).as("every breach over: its condition ended on the ticket").isEqualTo(tickets);
        }
    }

    private static long single(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
