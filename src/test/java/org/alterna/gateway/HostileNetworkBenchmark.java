package org.alterna.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.alterna.testsupport.ServerProcess;
import org.alterna.testsupport.TestPostgres;

/**
 * The gateway under attack (not a test): a server process of its own on PostgreSQL (ALTERNA_TEST_PG_URL or the
 * embedded one) with its default limits; 200 real Teltonika devices report a record every second (and reconnect every
 * 10 packets, so admission is exercised under attack) while, from other addresses, 10,000 idle connections are held
 * open (reopened when the identify deadline closes them), 100 slow-loris connections trickle a frame that never
 * completes, and 4 threads flood logins with random IMEIs. Prints the real devices' acknowledgement p50/p99/max, how
 * many of them were refused or cut, and the server's refusal counters. Arguments: {@code [seconds=60] [idle=10000]
 * [loris=100] [floodThreads=4] [real=200]}. Needs the loopback range 127.0.0.0/8 (Linux) and 20,000 descriptors.
 */
public final class HostileNetworkBenchmark {
    private HostileNetworkBenchmark() {
    }

    static final AtomicBoolean running = new AtomicBoolean(true);

    public static void main(String[] a) throws Exception {
        int seconds = a.length > 0 ? Integer.parseInt(a[0]) : 60;
        int idle = a.length > 1 ? Integer.parseInt(a[1]) : 10_000;
        int loris = a.length > 2 ? Integer.parseInt(a[2]) : 100;
        int floodThreads = a.length > 3 ? Integer.parseInt(a[3]) : 4;
        int real = a.length > 4 ? Integer.parseInt(a[4]) : 200;

        Path tmp = Files.createTempDirectory("alterna-hostile");
        String[] jdbc = TestPostgres.newDatabase();
        // ports of the server: -Dhttp=, -Dtcp= (default: free ones)
        int http = Integer.getInteger("http", ServerProcess.freePort());
        int tcp = Integer.getInteger("tcp", ServerProcess.freePort());
        ServerProcess server = new ServerProcess(tmp, http, List.of(tcp), List.of("-Xmx1g"), List.of(
                "--spring.datasource.url=" + jdbc[0], "--spring.datasource.username=" + jdbc[1],
                "--spring.datasource.password=" + jdbc[2], "--alterna.gateway.teltonika.port=" + tcp,
                "--alterna.gateway.gt06.port=-1", "--alterna.gateway.h02.port=-1", "--alterna.gateway.osmand.port=-1",
                "--alterna.identity.initial-admin-password=benchmark-secret", "--alterna.jobs.enabled=false",
                "--alterna.identity.bcrypt-cost=4", "--alterna.identity.demo-accounts=true", "--alterna.demo.enabled=false", "--alterna.demo.fleet.enabled=false",
                "--logging.level.root=WARN", "--alterna.signing.key-dir=" + tmp.resolve("keys")));
        server.start();
        List<String> imeis = new ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbc[0], jdbc[1], jdbc[2]);
                var st = c.prepareStatement("INSERT INTO device (unique_id, model, protocol, status, registered_at,"
                        + " updated_at) VALUES (?, 'teltonika-default', 'teltonika', 'ACTIVE', ?, ?)")) {
            java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
            for (int i = 0; i < real; i++) {
                String imei = String.valueOf(358_000_000_000_000L + i);
                imeis.add(imei);
                st.setString(1, imei);
                st.setTimestamp(2, now);
                st.setTimestamp(3, now);
                st.addBatch();
            }
            st.executeBatch();
        }

        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong realRefused = new AtomicLong();
        AtomicLong realCut = new AtomicLong();
        AtomicLong realPackets = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean(false);
        List<Thread> threads = new ArrayList<>();
        long base = Instant.now().minusSeconds(3600).toEpochMilli() / 1000 * 1000;
        for (int i = 0; i < real; i++) {
            String imei = imeis.get(i);
            String source = "127.0.5." + (1 + i % 8); // 25 devices per address, under the per-address cap of 64
            int n = i;
            Thread t = new Thread(() -> {
                long seq = 0;
                while (running.get()) {
                    try (TeltonikaClient d = new TeltonikaClient("127.0.0.1", tcp, 10_000, source)) {
                        if (d.login(imei) != 1) {
                            realRefused.incrementAndGet();
                            Thread.sleep(1000);
                            continue;
                        }
                        for (int p = 0; p < 10 && running.get(); p++) {
                            long t0 = System.nanoTime();
                            d.send(TeltonikaClient.avlPacket(List.of(TeltonikaClient.Rec.at(base + 1000 * seq++,
                                    -12.0 - n * 1e-4, -77.0))));
                            if (d.readAck() != 1) {
                                realCut.incrementAndGet();
                                break;
                            }
                            long ms = (System.nanoTime() - t0) / 1000;
                            if (measuring.get()) {
                                latencies.add(ms);
                                realPackets.incrementAndGet();
                            }
                            Thread.sleep(Math.max(0, 1000 - ms / 1000));
                        }
                    } catch (IOException e) {
                        if (running.get()) {
                            realCut.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "real-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Thread.sleep(10_000); // warm-up: every real device admitted once
        System.out.printf("%d real devices reporting; starting the attack: %d idle, %d slow-loris, %d flood threads%n",
                real, idle, loris, floodThreads);

        AtomicLong idleOpened = new AtomicLong();
        AtomicLong idleClosedByServer = new AtomicLong();
        Thread idler = new Thread(() -> holdIdle(tcp, idle, idleOpened, idleClosedByServer), "idle");
        idler.setDaemon(true);
        idler.start();
        AtomicLong lorisClosed = new AtomicLong();
        Thread slow = new Thread(() -> slowLoris(tcp, loris, lorisClosed), "loris");
        slow.setDaemon(true);
        slow.start();
        AtomicLong floodLogins = new AtomicLong();
        AtomicLong floodRefused = new AtomicLong();
        AtomicLong floodUnanswered = new AtomicLong();
        for (int f = 0; f < floodThreads; f++) {
            Thread t = new Thread(() -> flood(tcp, floodLogins, floodRefused, floodUnanswered), "flood-" + f);
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep(5_000);
        String before = meters(http);
        latencies.clear();
        long refused0 = realRefused.get();
        long cut0 = realCut.get();
        long flood0 = floodLogins.get();
        measuring.set(true);
        String loadStart = load();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        String after = meters(http);
        List<Long> l = new ArrayList<>(latencies);
        l.sort(null);
        double p50 = l.isEmpty() ? Double.NaN : l.get(l.size() / 2) / 1000.0;
        double p99 = l.isEmpty() ? Double.NaN : l.get((int) Math.min(l.size() - 1, Math.ceil(l.size() * 0.99) - 1)) / 1000.0;
        double max = l.isEmpty() ? Double.NaN : l.get(l.size() - 1) / 1000.0;
        System.out.printf("RESULT %d s under attack: real devices %d packets acknowledged, ack p50 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms; real devices refused %d, cut %d; load %s -> %s%n", seconds, l.size(), p50, p99,
                max, realRefused.get() - refused0, realCut.get() - cut0, loadStart, load());
        System.out.printf("  attack: idle connections opened %d (closed by the server %d), slow-loris closed %d,"
                        + " flood logins %.0f/s (answered refused %d, closed unanswered %d)%n", idleOpened.get(),
                idleClosedByServer.get(), lorisClosed.get(), (floodLogins.get() - flood0) / elapsed, floodRefused.get(),
                floodUnanswered.get());
        for (String m : List.of("alterna_gateway_identify_timeouts_total", "alterna_gateway_idle_closed_total",
                "alterna_gateway_frame_budget_closed_total", "alterna_gateway_connections_refused_per_address_total",
                "alterna_gateway_connections_refused_total", "alterna_gateway_unknown_devices_total",
                "alterna_gateway_unknown_cached_total", "alterna_gateway_probes_refused_total",
                "alterna_gateway_framing_errors_total")) {
            System.out.printf("  server %s: %.0f during the window (%.0f in all)%n", m,
                    GatewayLoadBenchmark.value(after, m, "") - GatewayLoadBenchmark.value(before, m, ""),
                    GatewayLoadBenchmark.value(after, m, ""));
        }
        running.set(false);
        server.stop();
        System.exit(0);
    }

    /** Holds {@code count} connections that never say anything, from 200 addresses; reopens those the server closes. */
    static void holdIdle(int port, int count, AtomicLong opened, AtomicLong closed) {
        try (Selector selector = Selector.open()) {
            int n = 0;
            ByteBuffer sink = ByteBuffer.allocate(64);
            while (running.get()) {
                while (n < count && running.get()) {
                    try {
                        SocketChannel ch = SocketChannel.open();
                        ch.bind(new InetSocketAddress("127.0.1." + (1 + n % 200), 0));
                        ch.connect(new InetSocketAddress("127.0.0.1", port));
                        ch.configureBlocking(false);
                        ch.register(selector, SelectionKey.OP_READ);
                        n++;
                        opened.incrementAndGet();
                    } catch (IOException e) {
                        break;
                    }
                }
                selector.select(200);
                for (SelectionKey k : selector.selectedKeys()) {
                    SocketChannel ch = (SocketChannel) k.channel();
                    sink.clear();
                    int r;
                    try {
                        r = ch.read(sink);
                    } catch (IOException e) {
                        r = -1;
                    }
                    if (r < 0) {
                        k.cancel();
                        try {
                            ch.close();
                        } catch (IOException ignored) {
                            // closing anyway
                        }
                        n--;
                        closed.incrementAndGet();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            e.printStackTrace();
        }
    }

    /** {@code count} connections trickling one byte every 500 ms of an AVL packet that declares 60,000 bytes. */
    static void slowLoris(int port, int count, AtomicLong closed) {
        List<SocketChannel> open = new ArrayList<>();
        while (running.get()) {
            while (open.size() < count) {
                try {
                    SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                    ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xEA, 0x60}));
                    open.add(ch);
                } catch (IOException e) {
                    break;
                }
            }
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).write(ByteBuffer.wrap(new byte[] {0x08}));
                } catch (IOException e) {
                    try {
                        open.get(i).close();
                    } catch (IOException ignored) {
                        // gone
                    }
                    open.remove(i);
                    closed.incrementAndGet();
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Logins with random IMEIs as fast as the server answers, from rotating addresses. */
    static void flood(int port, AtomicLong logins, AtomicLong refused, AtomicLong unanswered) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (running.get()) {
            String source = "127.0.2." + (1 + r.nextInt(250));
            String imei = String.valueOf(100_000_000_000_000L + r.nextLong(899_999_999_999_999L));
            try (TeltonikaClient c = new TeltonikaClient("127.0.0.1", port, 5_000, source)) {
                int answer = c.login(imei);
                logins.incrementAndGet();
                if (answer == 0) {
                    refused.incrementAndGet();
                } else {
                    unanswered.incrementAndGet();
                }
            } catch (IOException e) {
                unanswered.incrementAndGet();
            }
        }
    }

    /** The server's meters, read as the administrator this benchmark starts the server with. */
    static String meters(int port) throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).header("Authorization",
                "Basic " + java.util.Base64.getEncoder().encodeToString("admin:benchmark-secret".getBytes())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            System.out.println("  (meters not readable: HTTP " + r.statusCode() + ")");
        }
        return r.body();
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
