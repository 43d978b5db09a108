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
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.alterna.AlternaApplication;
import org.alterna.devices.DeviceRegistry;
import org.alterna.gateway.TeltonikaClient.Rec;
import org.alterna.testsupport.TestPostgres;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Load benchmark of the gateway (not a test): starts Alterna in this JVM on H2 (file) or PostgreSQL (embedded, or
 * the server named by ALTERNA_TEST_PG_URL), opens N Teltonika connections on loopback, each sending a packet of R
 * records every I ms (I = 0: next packet as soon as the previous is acknowledged) and waiting for its
 * acknowledgement; prints acknowledged records/s and p50/p99/max acknowledgement latency. See docs/benchmarks.md
 * for the command. Arguments: {@code h2|postgres [connections=1000] [records=10] [intervalMs=500] [seconds=20]}.
 */
public final class GatewayLoadBenchmark {
    private GatewayLoadBenchmark() {
    }

    public static void main(String[] a) throws Exception {
        String db = a.length > 0 ? a[0] : "postgres";
        int connections = a.length > 1 ? Integer.parseInt(a[1]) : 1000;
        int records = a.length > 2 ? Integer.parseInt(a[2]) : 10;
        int intervalMs = a.length > 3 ? Integer.parseInt(a[3]) : 500;
        int seconds = a.length > 4 ? Integer.parseInt(a[4]) : 20;
        int warmup = 5;

        List<String> args = new ArrayList<>(List.of("--server.port=0", "--alterna.gateway.teltonika.port=0",
                "--alterna.gateway.gt06.port=-1", "--alterna.gateway.h02.port=-1", "--alterna.gateway.osmand.port=-1",
                "--alterna.identity.initial-admin-password=benchmark-secret", "--alterna.jobs.enabled=false",
                "--alterna.demo.enabled=false", "--alterna.demo.fleet.enabled=false", "--logging.level.root=WARN",
                "--spring.datasource.hikari.maximum-pool-size=8",
                // server-side percentiles then cover (roughly) the measurement window, not the warm-up
                "--management.metrics.distribution.expiry.alterna=" + seconds + "s",
                "--management.metrics.distribution.buffer-length.alterna=4"));
        Path tmp = Files.createTempDirectory("alterna-bench");
        int pgPort = -1;
        if (db.equals("h2")) {
            args.add("--spring.datasource.url=jdbc:h2:file:" + tmp.resolve("alterna")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
        } else {
            String[] pg = TestPostgres.newDatabase();
            args.add("--spring.datasource.url=" + pg[0]);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("//[^:/]+:(\\d+)/").matcher(pg[0]);
            pgPort = m.find() ? Integer.parseInt(m.group(1)) : 5432;
            args.add("--spring.datasource.username=" + pg[1]);
            args.add("--spring.datasource.password=" + pg[2]);
        }
        ConfigurableApplicationContext app = AlternaApplication.start(args.toArray(String[]::new));
        int port = app.getBean(GatewayPorts.class).port("teltonika");
        DeviceRegistry registry = app.getBean(DeviceRegistry.class);
        List<String> imeis = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            String imei = String.valueOf(359_000_000_000_000L + i);
            registry.register(imei, "teltonika-default", "teltonika");
            imeis.add(imei);
        }

        Stats stats = new Stats();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        long base = Instant.now().minusSeconds(30L * 86_400).toEpochMilli() / 1000 * 1000;
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Device device = new Device(imeis.get(i), records, intervalMs, base, stats);
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(device);
                        }
                    }).connect("127.0.0.1", port).sync().channel();
            channels.add(ch);
        }
        System.out.printf("%s: %d connections, %d records per packet, interval %d ms; warming up %d s%n", db,
                connections, records, intervalMs, warmup);
        Thread.sleep(warmup * 1000L);
        LoopLag lag = new LoopLag();
        group.next().scheduleAtFixedRate(lag::tick, 0, LoopLag.PERIOD_MS, TimeUnit.MILLISECONDS);
        Thread.sleep(100);
        stats.reset();
        lag.reset();
        long gcCount0 = gcCount();
        long gcMs0 = gcMillis();
        long cpu0 = processCpuNanos();
        long childCpu0 = postgresCpuNanos(pgPort);
        javax.sql.DataSource ds = app.getBean(javax.sql.DataSource.class);
        long checkpoints0 = db.equals("h2") ? 0 : pgCheckpoints(ds);
        long clientThread = group.next().submit(() -> Thread.currentThread().getId()).get();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long clientCpu0 = threads.getThreadCpuTime(clientThread);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long elapsed = System.nanoTime() - start;
        Stats.Snapshot s = stats.snapshot();
        long cpu = processCpuNanos() - cpu0;
        long childCpu = postgresCpuNanos(pgPort) - childCpu0;
        long clientCpu = threads.getThreadCpuTime(clientThread) - clientCpu0;
        long gcs = gcCount() - gcCount0;
        long gcMs = gcMillis() - gcMs0;
        double[] loopLag = lag.snapshot();
        double rate = s.records() * 1e9 / elapsed;
        System.out.printf("RESULT %s connections=%d records/packet=%d interval=%dms: %.0f acknowledged records/s"
                        + " (%d packets), ack latency p50 %.1f ms, p99 %.1f ms, max %.1f ms, skipped sends %d, errors %d%n",
                db, connections, records, intervalMs, rate, s.packets(), s.p50(), s.p99(), s.max(), s.skipped(),
                stats.errors.get());
        System.out.printf("  client event loop lag p50 %.1f ms, p99 %.1f ms, max %.1f ms; GC %d collections, %d ms;"
                        + " CPU: client thread %.2f cores, JVM (server + client) %.2f cores, PostgreSQL server %.2f"
                        + " cores; load average %.2f%n",
                loopLag[0], loopLag[1], loopLag[2], gcs, gcMs, clientCpu / (double) elapsed, cpu / (double) elapsed,
                childCpu / (double) elapsed,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        printServerMeters(app.getBean(MeterRegistry.class));
        if (!db.equals("h2")) {
            System.out.printf("  PostgreSQL: %d checkpoint(s) during the run; autovacuum/autoanalyze since start: %s%n",
                    pgCheckpoints(ds) - checkpoints0, pgAutovacuum(ds));
        }
        for (Channel ch : channels) {
            ch.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        app.close();
        System.exit(0);
    }

    private static long pgCheckpoints(javax.sql.DataSource ds) throws java.sql.SQLException {
        try (var c = ds.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Tables the background vacuum/analyze worked on (they compete with the writers for CPU and I/O). */
    private static String pgAutovacuum(javax.sql.DataSource ds) throws java.sql.SQLException {
        StringBuilder b = new StringBuilder();
        try (var c = ds.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT relname, autovacuum_count, autoanalyze_count FROM pg_stat_user_tables"
                     + " WHERE autovacuum_count + autoanalyze_count > 0 ORDER BY relname")) {
            while (rs.next()) {
                b.append(String.format("%s %d/%d ", rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        return b.length() == 0 ? "none" : b.toString().trim();
    }

    /** Server-side breakdown of the acknowledgement latency (Micrometer, over about the measured window). */
    private static void printServerMeters(MeterRegistry r) {
        for (Timer t : r.find("alterna.gateway.ack.latency").timers()) {
            printTimer("server decode-to-ack", t);
        }
        r.find("alterna.telemetry.batch.wait").timers().forEach(t -> printTimer("queue wait before batch", t));
        r.find("alterna.telemetry.batch.commit").timers().forEach(t -> printTimer("batch store (total)", t));
        for (Timer t : r.find("alterna.telemetry.batch.phase").timers()) {
            printTimer("  phase " + t.getId().getTag("phase"), t);
        }
        for (Timer t : r.find("alterna.telemetry.state.update").timers()) {
            printTimer("latest-state update (off the ack path)", t);
        }
        for (DistributionSummary d : r.find("alterna.telemetry.batch.size").summaries()) {
            System.out.printf("  batch size: mean %.0f fixes, max %.0f, %d batches (whole run)%n", d.mean(), d.max(),
                    d.count());
        }
    }

    private static void printTimer(String label, Timer t) {
        HistogramSnapshot h = t.takeSnapshot();
        StringBuilder b = new StringBuilder();
        for (ValueAtPercentile v : h.percentileValues()) {
            b.append(String.format(" p%.0f %.1f ms,", v.percentile() * 100, v.value(TimeUnit.MILLISECONDS)));
        }
        System.out.printf("  %s:%s mean %.1f ms (whole run), max %.1f ms%n", label, b, t.mean(TimeUnit.MILLISECONDS),
                h.max(TimeUnit.MILLISECONDS));
    }

    private static long gcCount() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
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

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** How late a task scheduled every few ms runs on the client event loop: the client's own queueing delay. */
    static final class LoopLag {
        static final int PERIOD_MS = 2;
        private long[] lags = new long[1 << 16];
        private int n;
        private long last;

        synchronized void tick() {
            long now = System.nanoTime();
            if (last != 0) {
                if (n == lags.length) {
                    lags = Arrays.copyOf(lags, n * 2);
                }
                lags[n++] = Math.max(0, now - last - PERIOD_MS * 1_000_000L);
            }
            last = now;
        }

        synchronized void reset() {
            n = 0;
        }

        synchronized double[] snapshot() {
            long[] l = Arrays.copyOf(lags, n);
            Arrays.sort(l);
            return new double[] {Stats.pct(l, 0.5), Stats.pct(l, 0.99), n == 0 ? 0 : l[n - 1] / 1e6};
        }
    }

    /** Latencies and counts, recorded on the client event loop. */
    static final class Stats {
        private long[] latencies = new long[1 << 20];
        private int n;
        private long recordsAcked;
        final AtomicLong skipped = new AtomicLong();
        final AtomicInteger errors = new AtomicInteger();

        synchronized void acked(long nanos, int records) {
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = nanos;
            recordsAcked += records;
        }

        synchronized void reset() {
            n = 0;
            recordsAcked = 0;
            skipped.set(0);
        }

        record Snapshot(long records, int packets, double p50, double p99, double max, long skipped) {
        }

        synchronized Snapshot snapshot() {
            long[] l = Arrays.copyOf(latencies, n);
            Arrays.sort(l);
            return new Snapshot(recordsAcked, n, pct(l, 0.50), pct(l, 0.99), n == 0 ? 0 : l[n - 1] / 1e6, skipped.get());
        }

        private static double pct(long[] l, double p) {
            return l.length == 0 ? 0 : l[Math.min(l.length - 1, (int) Math.ceil(p * l.length) - 1)] / 1e6;
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

        Device(String imei, int records, int intervalMs, long base, Stats stats) {
            this.imei = imei;
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
                recs.add(Rec.at(nextTime, -12.0 - (nextTime % 100_000) * 1e-6, -77.0));
            }
            waiting = true;
            sentAt = System.nanoTime();
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TeltonikaClient.avlPacket(recs)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            stats.errors.incrementAndGet();
            ctx.close();
        }
    }
}
