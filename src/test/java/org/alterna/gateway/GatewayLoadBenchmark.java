package org.alterna.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.alterna.gateway.TeltonikaClient.Rec;
import org.alterna.testsupport.ServerProcess;
import org.alterna.testsupport.TestPostgres;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Load benchmark of the gateway with supervision (not a test): starts Alterna as a process of its own on H2 (file) or
 * PostgreSQL (embedded, or the server named by ALTERNA_TEST_PG_URL), gives each of N devices an ACTIVE order (a home
 * inclusion zone and an exclusion zone, inserted in bulk) so that the engine evaluates every record, opens N
 * Teltonika connections on loopback from this JVM (the load generator), each sending a packet of R records every I
 * ms (I = 0: the next packet as soon as the previous is acknowledged) and waiting for its acknowledgement; prints
 * acknowledged records/s, p50/p99/max acknowledgement latency, the server's CPU per acknowledged record (its own
 * process; PostgreSQL's beside it), how far the engine lagged behind ingest and where the time went. See
 * docs/benchmarks.md for the commands. Arguments ({@code --help}): {@code h2|postgres [connections=1000] [records=5]
 * [intervalMs=0] [seconds=20] [supervised=true]}. System property {@code jfr=<file>} records the server with Flight Recorder.
 */
public final class GatewayLoadBenchmark {
    private GatewayLoadBenchmark() {
    }

    /** The benchmark's arguments, positional as in docs/benchmarks.md. */
    @Command(name = "GatewayLoadBenchmark", mixinStandardHelpOptions = true,
            description = "Load benchmark of the gateway with supervision (docs/benchmarks.md).")
    static final class Options {
        @Parameters(index = "0", arity = "0..1", defaultValue = "postgres", description = "h2 or postgres")
        String db;
        @Parameters(index = "1", arity = "0..1", defaultValue = "1000", description = "device connections")
        int connections;
        @Parameters(index = "2", arity = "0..1", defaultValue = "5", description = "records per packet")
        int records;
        @Parameters(index = "3", arity = "0..1", defaultValue = "0",
                description = "ms between packets of one device; 0: the next as soon as one is acknowledged")
        int intervalMs;
        @Parameters(index = "4", arity = "0..1", defaultValue = "20", description = "seconds measured")
        int seconds;
        @Parameters(index = "5", arity = "0..1", defaultValue = "true",
                description = "each device on an ACTIVE order the engine supervises")
        boolean supervised;
    }

    public static void main(String[] a) throws Exception {
        Options o = new Options();
        CommandLine cli = new CommandLine(o);
        try {
            cli.parseArgs(a);
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            cli.usage(System.err);
            System.exit(2);
        }
        if (cli.isUsageHelpRequested()) {
            cli.usage(System.out);
            return;
        }
        if (!o.db.equals("h2") && !o.db.equals("postgres")) {
            System.err.println("database must be h2 or postgres, not " + o.db);
            System.exit(2);
        }
        String db = o.db;
        int connections = o.connections;
        int records = o.records;
        int intervalMs = o.intervalMs;
        int seconds = o.seconds;
        boolean supervised = o.supervised;
        int warmup = 10;

        Path tmp = Files.createTempDirectory("alterna-bench");
        String[] jdbc;
        int pgPort = -1;
        if (db.equals("h2")) {
            jdbc = new String[] {"jdbc:h2:file:" + tmp.resolve("alterna")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0"
                    // the server owns the file; AUTO_SERVER lets this process insert the fleet through it
                    + ";AUTO_SERVER=TRUE", "sa", ""};
        } else {
            jdbc = TestPostgres.newDatabase();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("//[^:/]+:(\\d+)/").matcher(jdbc[0]);
            pgPort = m.find() ? Integer.parseInt(m.group(1)) : 5432;
        }
        int http = ServerProcess.freePort();
        int tcp = ServerProcess.freePort();
        List<String> jvm = new ArrayList<>(List.of("-Xmx2g"));
        ServerProcess server = new ServerProcess(tmp, http, List.of(tcp), jvm, List.of(
                "--spring.datasource.url=" + jdbc[0], "--spring.datasource.username=" + jdbc[1],
                "--spring.datasource.password=" + jdbc[2], "--alterna.gateway.teltonika.port=" + tcp,
                "--alterna.gateway.gt06.port=-1", "--alterna.gateway.h02.port=-1", "--alterna.gateway.osmand.port=-1",
                "--alterna.identity.initial-admin-password=benchmark-secret", "--alterna.jobs.enabled=false",
                // the benchmark reads the server's meters every 250 ms as admin: a cheap password hash keeps that out
                // of the server's CPU figure
                "--alterna.identity.bcrypt-cost=4",
                "--alterna.demo.enabled=false", "--alterna.demo.fleet.enabled=false", "--logging.level.root=WARN",
                "--alterna.signing.key-dir=" + tmp.resolve("keys"), "--alterna.supervision.tick=PT2S",
                // server-side percentiles then cover (roughly) the measurement window, not the warm-up
                "--management.metrics.distribution.expiry.alterna=" + seconds + "s",
                "--management.metrics.distribution.buffer-length.alterna=4"));
        server.start();
        long serverPid = server.pid();
        List<String> imeis = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            imeis.add(String.valueOf(359_000_000_000_000L + i));
        }
        long t0 = System.nanoTime();
        insertFleet(jdbc, imeis, supervised);
        double orders = metric(http, "alterna_supervision_orders", "");
        long until = System.currentTimeMillis() + 180_000;
        while (supervised && orders < connections && System.currentTimeMillis() < until) {
            Thread.sleep(500);
            orders = metric(http, "alterna_supervision_orders", "");
        }
        System.out.printf("%s: %d devices%s in %.1f s%n", db, connections, supervised ? ", each on an ACTIVE order the"
                + " engine supervises (" + (long) orders + ")" : " without orders", (System.nanoTime() - t0) / 1e9);

        Stats stats = new Stats();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        // an hour back: records advance one second each, so even 40 records/s per device stay in the past
        long base = Instant.now().minusSeconds(3600).toEpochMilli() / 1000 * 1000;
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Device device = new Device(imeis.get(i), i, records, intervalMs, base, stats);
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(device);
                        }
                    })
                    // real trackers arrive from many addresses; the gateway caps connections per address (64 by
                    // default), so the simulated devices are spread over loopback addresses, 50 per address
                    .connect(new java.net.InetSocketAddress("127.0.0.1", tcp),
                            new java.net.InetSocketAddress("127.3." + (i / 50) + "." + (1 + i % 50), 0))
                    .sync().channel();
            channels.add(ch);
        }
        System.out.printf("%s: %d connections, %d records per packet, %s; warming up %d s%n", db, connections, records,
                intervalMs == 0 ? "closed loop" : "a packet every " + intervalMs + " ms", warmup);
        Thread.sleep(warmup * 1000L);
        if (stats.loggedIn.get() < connections) {
            // a figure for fewer devices than asked would be mislabelled
            System.err.printf("only %d of %d devices logged in (refused or closed by the gateway)%n",
                    stats.loggedIn.get(), connections);
            server.stop();
            System.exit(1);
        }
        LoopLag lag = new LoopLag();
        group.next().scheduleAtFixedRate(lag::tick, 0, LoopLag.PERIOD_MS, TimeUnit.MILLISECONDS);
        Thread.sleep(100);
        stats.reset();
        lag.reset();
        long serverCpu0 = processCpuNanos(serverPid);
        long childCpu0 = postgresCpuNanos(pgPort);
        long clientCpu0 = selfCpuNanos();
        double evaluated0 = metric(http, "alterna_supervision_fixes_evaluated_total", "");
        double acked0 = metric(http, "alterna_gateway_records_acked_total", "");
        long checkpoints0 = db.equals("h2") ? 0 : pgCheckpoints(jdbc);
        String loadStart = load();
        if (System.getProperty("jfr") != null) {
            new ProcessBuilder("jcmd", Long.toString(serverPid), "JFR.start", "settings=profile", "duration=" + seconds
                    + "s", "filename=" + System.getProperty("jfr")).inheritIO().start().waitFor();
        }
        long start = System.nanoTime();
        long maxBacklog = 0;
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            Thread.sleep(2000);
            maxBacklog = Math.max(maxBacklog, (long) metric(http, "alterna_supervision_backlog", ""));
        }
        long elapsed = System.nanoTime() - start;
        Stats.Snapshot s = stats.snapshot();
        long serverCpu = processCpuNanos(serverPid) - serverCpu0;
        long childCpu = postgresCpuNanos(pgPort) - childCpu0;
        long clientCpu = selfCpuNanos() - clientCpu0;
        double serverAcked = metric(http, "alterna_gateway_records_acked_total", "") - acked0;
        String prometheus = prometheus(http);
        // the engine catches up with what was acknowledged during the window
        double evaluated = metric(http, "alterna_supervision_fixes_evaluated_total", "") - evaluated0;
        double[] loopLag = lag.snapshot();
        double rate = s.records() * 1e9 / elapsed;
        System.out.printf("RESULT %s connections=%d records/packet=%d interval=%dms supervised=%s: %.0f acknowledged"
                        + " records/s (%d packets), ack latency p50 %.1f ms, p99 %.1f ms, max %.1f ms, skipped sends %d,"
                        + " errors %d; server CPU %.1f us per acknowledged record (PostgreSQL %.1f us); engine lag"
                        + " p99 %.0f ms, max %.0f ms, backlog max %d records; load %s -> %s%n",
                db, connections, records, intervalMs, supervised, rate, s.packets(), s.p50(), s.p99(), s.max(),
                s.skipped(), stats.errors.get(), serverCpu / 1e3 / Math.max(1, serverAcked),
                childCpu / 1e3 / Math.max(1, serverAcked), 1000 * value(prometheus, "alterna_supervision_lag_seconds",
                        "quantile=\"0.99\""), 1000 * value(prometheus, "alterna_supervision_lag_seconds_max", ""),
                maxBacklog, loadStart, load());
        System.out.printf("  CPU: server process %.2f cores, PostgreSQL %.2f cores, load generator %.2f cores;"
                        + " records evaluated by the engine during the window %.0f (acknowledged %.0f); client event loop"
                        + " lag p50 %.1f ms, p99 %.1f ms%n", serverCpu / (double) elapsed, childCpu / (double) elapsed,
                clientCpu / (double) elapsed, evaluated, serverAcked, loopLag[0], loopLag[1]);
        printServerMeters(prometheus);
        if (!db.equals("h2")) {
            System.out.printf("  PostgreSQL: %d checkpoint(s) during the run; autovacuum/autoanalyze since start: %s%n",
                    pgCheckpoints(jdbc) - checkpoints0, pgAutovacuum(jdbc));
        }
        for (Channel ch : channels) {
            ch.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        server.stop();
        System.exit(0);
    }

    /** Devices, and for each an ACTIVE order with its zones and the device's assignment, in bulk (no audit trail). */
    private static void insertFleet(String[] jdbc, List<String> imeis, boolean supervised) throws Exception {
        java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbc[0], jdbc[1], jdbc[2])) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.executeUpdate("INSERT INTO court (code, name, judicial_district, region, created_at) SELECT"
                        + " 'JIP-BENCH', 'Juzgado de prueba', 'Lima', 'Lima', CURRENT_TIMESTAMP WHERE NOT EXISTS"
                        + " (SELECT 1 FROM court WHERE code = 'JIP-BENCH')");
            }
            var device = c.prepareStatement("INSERT INTO device (unique_id, model, protocol, status, registered_at,"
                    + " updated_at) VALUES (?, 'teltonika-default', 'teltonika', 'ACTIVE', ?, ?)");
            var person = c.prepareStatement("INSERT INTO person (id, dni, given_names, surnames, synthetic, created_by,"
                    + " created_at, updated_at) VALUES (?, ?, 'Persona', ?, TRUE, 'benchmark', ?, ?)");
            var order = c.prepareStatement("INSERT INTO judicial_order (id, expediente, court_code, measure_type,"
                    + " person_id, region, monitoring_centre, status, synthetic, created_by, created_at, updated_at)"
                    + " VALUES (?, ?, 'JIP-BENCH', 'HOUSE_ARREST', ?, 'Lima', 'CM-LIMA', 'ACTIVE', TRUE, 'benchmark', ?, ?)");
            var conditions = c.prepareStatement("INSERT INTO order_conditions (order_id, version, resolution_number,"
                    + " resolution_date, effective_from, conditions_json, author, created_at) VALUES (?, 1, 'RES-BENCH',"
                    + " CURRENT_DATE, ?, ?, 'benchmark', ?)");
            var assignment = c.prepareStatement("INSERT INTO device_assignment (device_id, order_id, role, valid_from)"
                    + " VALUES (?, ?, 'PERSON_UNIT', ?)");
            for (int i = 0; i < imeis.size(); i++) {
                String imei = imeis.get(i);
                device.setString(1, imei);
                device.setTimestamp(2, now);
                device.setTimestamp(3, now);
                device.addBatch();
                if (!supervised) {
                    continue;
                }
                java.util.UUID personId = java.util.UUID.nameUUIDFromBytes(("person " + imei).getBytes());
                java.util.UUID orderId = java.util.UUID.nameUUIDFromBytes(("order " + imei).getBytes());
                person.setObject(1, personId);
                person.setString(2, String.format("%08d", 10_000_000 + i));
                person.setString(3, "Sintética " + i);
                person.setTimestamp(4, now);
                person.setTimestamp(5, now);
                person.addBatch();
                order.setObject(1, orderId);
                order.setString(2, String.format("%05d-2026-1-1801-JR-PE-01", i + 1));
                order.setObject(3, personId);
                order.setTimestamp(4, now);
                order.setTimestamp(5, now);
                order.addBatch();
                conditions.setObject(1, orderId);
                conditions.setTimestamp(2, java.sql.Timestamp.from(Instant.parse("2020-01-01T00:00:00Z")));
                conditions.setString(3, String.format(java.util.Locale.ROOT, "{\"zones\":[{\"id\":\"home\","
                        + "\"type\":\"INCLUSION\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]},"
                        + "\"radiusMeters\":300},{\"id\":\"colegio\",\"type\":\"EXCLUSION\",\"geometry\":"
                        + "{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]},\"radiusMeters\":150}],"
                        + "\"noCommunicationMinutes\":30,\"lowBatteryPercent\":15}", Device.homeLon(i),
                        Device.homeLat(i), Device.homeLon(i) + 0.02, Device.homeLat(i)));
                conditions.setTimestamp(4, now);
                conditions.addBatch();
                assignment.setString(1, imei);
                assignment.setObject(2, orderId);
                assignment.setTimestamp(3, java.sql.Timestamp.from(Instant.now().minusSeconds(3600)));
                assignment.addBatch();
            }
            device.executeBatch();
            if (supervised) {
                person.executeBatch();
                order.executeBatch();
                conditions.executeBatch();
                assignment.executeBatch();
            }
            c.commit();
        }
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    static String prometheus(int port) throws Exception {
        var r = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                        + "/actuator/prometheus")).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("admin:benchmark-secret".getBytes())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            // every figure read from the server would silently be 0
            throw new IllegalStateException("the server's meters answered HTTP " + r.statusCode());
        }
        return r.body();
    }

    static double metric(int port, String name, String labels) throws Exception {
        return value(prometheus(port), name, labels);
    }

    /** The sum of the samples of {@code name} whose labels contain {@code labels} (0 if none). */
    static double value(String prometheus, String name, String labels) {
        double sum = 0;
        for (String line : prometheus.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                String rest = line.substring(name.length());
                if (rest.startsWith("{") && !rest.substring(0, rest.indexOf('}')).contains(labels)) {
                    continue;
                }
                if (!labels.isEmpty() && !rest.startsWith("{")) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                sum += Double.parseDouble(f[f.length - 1]);
            }
        }
        return sum;
    }

    /** Server-side breakdown of the acknowledgement latency (Micrometer, over about the measured window). */
    private static void printServerMeters(String p) {
        printTimer(p, "server decode-to-ack", "alterna_gateway_ack_latency_seconds");
        printTimer(p, "queue wait before batch", "alterna_telemetry_batch_wait_seconds");
        printTimer(p, "batch store (total)", "alterna_telemetry_batch_commit_seconds");
        printTimer(p, "engine lag (arrival to evaluation, oldest record of each delivery)", "alterna_supervision_lag_seconds");
        double n = value(p, "alterna_telemetry_batch_size_records_count", "");
        double sum = value(p, "alterna_telemetry_batch_size_records_sum", "");
        System.out.printf("  batch size: mean %.0f records, %,.0f batches (whole run)%n", n == 0 ? 0 : sum / n, n);
    }

    private static void printTimer(String p, String label, String name) {
        System.out.printf("  %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", label,
                1000 * value(p, name, "quantile=\"0.5\""), 1000 * value(p, name, "quantile=\"0.99\""),
                1000 * value(p, name + "_max", ""));
    }

    private static long pgCheckpoints(String[] jdbc) throws java.sql.SQLException {
        try (var c = java.sql.DriverManager.getConnection(jdbc[0], jdbc[1], jdbc[2]); var st = c.createStatement();
             var rs = st.executeQuery("SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Tables the background vacuum/analyze worked on (they compete with the writers for CPU and I/O). */
    private static String pgAutovacuum(String[] jdbc) throws java.sql.SQLException {
        StringBuilder b = new StringBuilder();
        try (var c = java.sql.DriverManager.getConnection(jdbc[0], jdbc[1], jdbc[2]); var st = c.createStatement();
             var rs = st.executeQuery("SELECT relname, autovacuum_count, autoanalyze_count FROM pg_stat_user_tables"
                     + " WHERE autovacuum_count + autoanalyze_count > 0 ORDER BY relname")) {
            while (rs.next()) {
                b.append(String.format("%s %d/%d ", rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        return b.length() == 0 ? "none" : b.toString().trim();
    }

    /**
     * CPU used so far by the PostgreSQL server listening on {@code port} of this machine (postmaster and every
     * backend), found by the port in the postmaster's arguments; 0 if not found (remote server).
     */
    private static long postgresCpuNanos(int port) {
        if (port <= 0) {
            return 0;
        }
        String p = String.valueOf(port);
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().command().orElse("").endsWith("postgres")
                        && java.util.Arrays.asList(h.info().arguments().orElse(new String[0])).contains(p))
                .flatMap(h -> java.util.stream.Stream.concat(java.util.stream.Stream.of(h), h.descendants()))
                .mapToLong(h -> h.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L)).sum();
    }

    private static long selfCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU (user + system) used so far by the process, from /proc. */
    private static long processCpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(java.time.Duration::toNanos)
                .orElse(0L);
    }

    /** How late a task scheduled every few ms runs on the client event loop: the client's own queueing delay. */
    static final class LoopLag {
        static final int PERIOD_MS = 2;
        private final Histogram lags = Stats.nanos();
        private long last;

        synchronized void tick() {
            long now = System.nanoTime();
            if (last != 0) {
                lags.recordValue(Math.max(0, now - last - PERIOD_MS * 1_000_000L));
            }
            last = now;
        }

        synchronized void reset() {
            lags.reset();
        }

        synchronized double[] snapshot() {
            return new double[] {Stats.millis(lags, 50), Stats.millis(lags, 99), lags.getMaxValue() / 1e6};
        }
    }

    /** Latencies and counts, recorded on the client event loop. */
    static final class Stats {
        private final Histogram latencies = nanos();
        private long recordsAcked;
        final AtomicLong skipped = new AtomicLong();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger loggedIn = new AtomicInteger();

        synchronized void acked(long nanos, int records) {
            latencies.recordValue(nanos);
            recordsAcked += records;
        }

        synchronized void reset() {
            latencies.reset();
            recordsAcked = 0;
            skipped.set(0);
        }

        record Snapshot(long records, int packets, double p50, double p99, double max, long skipped) {
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(recordsAcked, (int) latencies.getTotalCount(), millis(latencies, 50),
                    millis(latencies, 99), latencies.getMaxValue() / 1e6, skipped.get());
        }

        /** Nanoseconds to 3 significant digits, the range growing as needed. */
        static Histogram nanos() {
            return new Histogram(3);
        }

        static double millis(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
        }
    }

    /** One simulated device: login, then a packet every interval (or right after each ack when interval is 0). */
    static final class Device extends ChannelInboundHandlerAdapter {
        private final String imei;
        private final int records;
        private final int intervalMs;
        private final Stats stats;
        private long nextTime;
        private boolean loggedIn;
        private long sentAt;
        private boolean waiting;
        private final ByteBuf acc = Unpooled.buffer(64);

        private final int index;

        static double homeLat(int i) {
            return -12.2 + (i % 40) * 0.005;
        }

        static double homeLon(int i) {
            return -77.1 + (i / 40) * 0.005;
        }

        Device(String imei, int index, int records, int intervalMs, long base, Stats stats) {
            this.imei = imei;
            this.index = index;
            this.records = records;
            this.intervalMs = intervalMs;
            this.stats = stats;
            this.nextTime = base + ThreadLocalRandom.current().nextInt(1000) * 1000L;
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TeltonikaClient.imeiFrame(imei)));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            acc.writeBytes(in);
            in.release();
            if (!loggedIn && acc.isReadable()) {
                if (acc.readByte() != 1) {
                    stats.errors.incrementAndGet();
                    ctx.close();
                    return;
                }
                loggedIn = true;
                stats.loggedIn.incrementAndGet();
                if (intervalMs > 0) {
                    ctx.executor().schedule(() -> tick(ctx), ThreadLocalRandom.current().nextInt(intervalMs),
                            TimeUnit.MILLISECONDS);
                } else {
                    send(ctx);
                }
            }
            while (acc.readableBytes() >= 4) {
                int n = acc.readInt();
                if (n != records || !waiting) {
                    stats.errors.incrementAndGet();
                }
                waiting = false;
                stats.acked(System.nanoTime() - sentAt, n);
                if (intervalMs == 0) {
                    send(ctx);
                }
            }
            acc.discardReadBytes();
        }

        private void tick(ChannelHandlerContext ctx) {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (waiting) {
                stats.skipped.incrementAndGet();
            } else {
                send(ctx);
            }
            ctx.executor().schedule(() -> tick(ctx), intervalMs, TimeUnit.MILLISECONDS);
        }

        private void send(ChannelHandlerContext ctx) {
            List<Rec> recs = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                nextTime += 1000;
                // pacing around the home, within ~60 m of it
                double a = (nextTime / 1000 % 360) * Math.PI / 180;
                recs.add(Rec.at(nextTime, homeLat(index) + 0.0005 * Math.sin(a), homeLon(index) + 0.0005 * Math.cos(a)));
            }
            waiting = true;
            sentAt = System.nanoTime();
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TeltonikaClient.avlPacket(recs, true)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            stats.errors.incrementAndGet();
            ctx.close();
        }
    }
}
