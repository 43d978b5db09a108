package org.alterna.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.alterna.gateway.TeltonikaClient.Rec;
import org.alterna.testsupport.ServerProcess;
import org.alterna.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 in the middle of a stream: 50 Teltonika devices stream records to a separate server process; the
 * server is killed with SIGKILL, restarted on the same database, the devices resend whatever was not
 * acknowledged. The database must then hold every acknowledged record, and none twice.
 */
class GatewayCrashTest {
    static final int DEVICES = 50;
    static final int PACKETS = 40;
    static final int RECORDS = 5;

    @TempDir
    Path dir;

    /** Every server this test started: killed after each test, whether it passed, failed or timed out. */
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killServers() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void everyAcknowledgedRecordSurvivesAKillOnPostgres() throws Exception {
        String[] db = TestPostgres.newDatabase();
        run(db[0], db[1], db[2]);
    }

    /**
     * The embedded default: an H2 file database inside the server process, killed with it. WRITE_DELAY=0 makes
     * H2 write each commit to the file before returning (the default delays writes by up to 500 ms).
     */
    @Test
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void everyAcknowledgedRecordSurvivesAKillOnAnH2File() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("alterna").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
        run(url, "sa", "");
    }

    private void run(String url, String user, String password) throws Exception {
        int httpPort = freePort();
        int tcpPort = freePort();
        List<String> args = List.of("--server.port=" + httpPort, "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
                "--alterna.gateway.teltonika.port=" + tcpPort, "--alterna.gateway.gt06.port=-1",
                "--alterna.gateway.h02.port=-1", "--alterna.gateway.osmand.port=-1",
                "--alterna.identity.initial-admin-password=crash-test-secret", "--alterna.jobs.enabled=false",
                "--alterna.demo.enabled=false", "--alterna.demo.fleet.enabled=false");
        Process server = start(args, "first");
        List<String> imeis = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            imeis.add(String.valueOf(358_000_000_000_000L + ProcessHandle.current().pid() * 1000 + i));
        }
        registerAll(httpPort, imeis);

        long base = Instant.now().minusSeconds(86_400).toEpochMilli() / 1000 * 1000;
        Map<String, Set<Long>> acked = new ConcurrentHashMap<>();
        AtomicInteger ackedRecords = new AtomicInteger();
        AtomicInteger resends = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(DEVICES);
        long deadline = System.currentTimeMillis() + 100_000;
        List<Thread> clients = new ArrayList<>();
        for (String imei : imeis) {
            Set<Long> mine = ConcurrentHashMap.newKeySet();
            acked.put(imei, mine);
            Thread t = new Thread(() -> {
                try {
                    stream(imei, tcpPort, base, mine, ackedRecords, resends, deadline);
                } finally {
                    done.countDown();
                }
            }, "device-" + imei);
            t.setDaemon(true);
            t.start();
            clients.add(t);
        }
        int total = DEVICES * PACKETS * RECORDS;
        while (ackedRecords.get() < total / 4 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        int beforeKill = ackedRecords.get();
        server.destroyForcibly();
        server.waitFor(20, TimeUnit.SECONDS);
        int atKill = ackedRecords.get();
        System.out.printf("crash test: SIGKILL after %d of %d records acknowledged (%d at the moment of the kill)%n",
                beforeKill, total, atKill);
        server = start(args, "second");
        try {
            assertThat(done.await(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS))
                    .as("all devices finished").isTrue();
        } finally {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }

        int missing = 0;
        int duplicates;
        long stored;
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            Map<String, Set<Long>> inDb = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT device_id, device_time FROM fixes WHERE device_id LIKE '358%'")) {
                while (rs.next()) {
                    inDb.computeIfAbsent(rs.getString(1), k -> new HashSet<>())
                            .add(rs.getObject(2, java.time.OffsetDateTime.class).toInstant().toEpochMilli());
                }
            }
            for (Map.Entry<String, Set<Long>> e : acked.entrySet()) {
                Set<Long> have = inDb.getOrDefault(e.getKey(), Set.of());
                for (Long t : e.getValue()) {
                    if (!have.contains(t)) {
                        missing++;
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM (SELECT device_id, device_time FROM fixes"
                    + " GROUP BY device_id, device_time HAVING COUNT(*) > 1) d")) {
                rs.next();
                duplicates = rs.getInt(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM fixes WHERE device_id LIKE '358%'")) {
                rs.next();
                stored = rs.getLong(1);
            }
        }
        int ackedTotal = acked.values().stream().mapToInt(Set::size).sum();
        System.out.printf("crash test: %d records acknowledged, %d stored, %d packets resent after no ack,"
                + " %d acknowledged but missing, %d stored twice%n", ackedTotal, stored, resends.get(), missing, duplicates);
        assertThat(ackedTotal).isEqualTo(total);
        assertThat(missing).isZero();
        assertThat(duplicates).isZero();
        assertThat(stored).isEqualTo(total);
    }

    /** One device: sends its packets in order, each until acknowledged, reconnecting after any failure. */
    private static void stream(String imei, int port, long base, Set<Long> acked, AtomicInteger ackedRecords,
            AtomicInteger resends, long deadline) {
        int next = 0;
        TeltonikaClient c = null;
        boolean retry = false;
        while (next < PACKETS && System.currentTimeMillis() < deadline) {
            try {
                if (c == null) {
                    c = new TeltonikaClient("127.0.0.1", port, 5000);
                    if (c.login(imei) != 1) {
                        throw new IOException("login refused");
                    }
                }
                List<Rec> recs = new ArrayList<>();
                for (int r = 0; r < RECORDS; r++) {
                    long t = base + (next * RECORDS + r) * 1000L;
                    recs.add(Rec.at(t, -12.0 - (next * RECORDS + r) * 1e-5, -77.0));
                }
                if (retry) {
                    resends.incrementAndGet();
                }
                c.send(TeltonikaClient.avlPacket(recs));
                int ack = c.readAck();
                if (ack != RECORDS) {
                    throw new IOException("no ack (" + ack + ")");
                }
                for (Rec r : recs) {
                    acked.add(r.time().toEpochMilli());
                }
                ackedRecords.addAndGet(RECORDS);
                next++;
                retry = false;
                Thread.sleep(30);
            } catch (IOException e) {
                retry = true;
                if (c != null) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // already broken
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

    private Process start(List<String> args, String name) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp, "org.alterna.AlternaApplication"));
        cmd.addAll(args);
        File log = dir.resolve(name + ".log").toFile();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        started.add(p);
        ServerProcess.killOnExit(p);
        int port = Integer.parseInt(args.get(0).substring("--server.port=".length()));
        long until = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < until) {
            if (!p.isAlive()) {
                throw new IllegalStateException("server exited:\n" + Files.readString(log.toPath()));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                String tcp = args.stream().filter(a -> a.startsWith("--alterna.gateway.teltonika.port=")).findFirst()
                        .orElseThrow();
                try (Socket t = new Socket("127.0.0.1", Integer.parseInt(tcp.substring(tcp.indexOf('=') + 1)))) {
                    return p;
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("server did not start:\n" + Files.readString(log.toPath()));
    }

    private static void registerAll(int port, List<String> imeis) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString("admin:crash-test-secret".getBytes(StandardCharsets.UTF_8));
        for (String imei : imeis) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/devices"))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"uniqueId\":\"" + imei
                            + "\",\"model\":\"teltonika-default\",\"protocol\":\"teltonika\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
