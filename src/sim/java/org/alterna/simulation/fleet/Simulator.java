package org.alterna.simulation.fleet;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.alterna.gateway.protocol.Protocols;

/**
 * A simulated fleet of tags worn by synthetic people in Lima, speaking a real tracker protocol to a gateway: one
 * connection per device, all on a small shared event loop group (10,000 connections need no more threads). Start
 * it, let it run, stop it; the {@link Report} gives sent, acknowledged, resent and refused records, the rate and
 * the acknowledgement latency percentiles.
 */
public final class Simulator implements AutoCloseable {
    /** The protocols a simulated device can speak; {@code mixed} cycles through them over the fleet. */
    public static final List<String> PROTOCOLS = Protocols.names();
    /** Device model profile registered for each protocol (ankle-tag profiles where the gateway has one). */
    public static final Map<String, String> MODELS = Map.of("teltonika", "teltonika-ankle-tag", "gt06",
            "gt06-ankle-tag", "h02", "h02-default", "osmand", "osmand");

    /**
     * What to simulate.
     *
     * @param protocol     teltonika, gt06, h02, osmand, or mixed
     * @param host         gateway host
     * @param ports        gateway port by protocol
     * @param devices      person units (the victim units of protection orders come on top when victimUnits)
     * @param firstIndex   index of the first simulated person (the same index always gives the same person)
     * @param interval     time between two records of a device
     * @param duration     how long to send; null = until {@link #close()}
     * @param violations   probability per person and day of a real breach
     * @param seed         the fleet's seed: same seed, same people, same records
     * @param start        device time of the first records (then advancing by the interval); null = real time
     * @param victimUnits  also simulate the victim's unit of each protection order
     * @param dropRate     probability that the connection is lost right after a packet is sent (tests resending)
     * @param ackTimeout   how long a device waits for an acknowledgement before reconnecting
     * @param progress     where live progress goes (every {@code progressEvery}), or null
     * @param progressEvery period of the progress lines
     * @param httpConnections OsmAnd only: devices share this many kept-alive HTTP connections (each request names
     *                     its device; requests pipelined), 0 = one connection per device
     * @param breachWindow null = breaches follow the day plans ({@code violations} per person and day); otherwise
     *                     each person breaches with probability {@code violations} once, entering the exclusion zone
     *                     at a random moment within this time from the start (demos and the load benchmark: alarms
     *                     now, not some time today)
     */
    public record Config(String protocol, String host, Map<String, Integer> ports, int devices, int firstIndex,
            Duration interval, Duration duration, double violations, long seed, Instant start, boolean victimUnits,
            double dropRate, Duration ackTimeout, PrintStream progress, Duration progressEvery, int httpConnections,
            Duration breachWindow) {

        public Config {
            if (!protocol.equals("mixed") && !PROTOCOLS.contains(protocol)) {
                throw new IllegalArgumentException("protocol must be one of " + PROTOCOLS + " or mixed: " + protocol);
            }
            if (devices < 0 || interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("devices >= 0 and a positive interval are required");
            }
            if (httpConnections < 0 || httpConnections > 0 && !protocol.equals("osmand")) {
                throw new IllegalArgumentException("shared HTTP connections are for --protocol osmand only");
            }
            if (breachWindow != null && (breachWindow.isZero() || breachWindow.isNegative())) {
                throw new IllegalArgumentException("the breach window must be positive");
            }
            ports = Map.copyOf(ports);
            ackTimeout = ackTimeout == null ? Duration.ofSeconds(30) : ackTimeout;
            progressEvery = progressEvery == null ? Duration.ofSeconds(5) : progressEvery;
        }

        /** One connection per device, breaches by day plan. */
        public Config(String protocol, String host, Map<String, Integer> ports, int devices, int firstIndex,
                Duration interval, Duration duration, double violations, long seed, Instant start, boolean victimUnits,
                double dropRate, Duration ackTimeout, PrintStream progress, Duration progressEvery) {
            this(protocol, host, ports, devices, firstIndex, interval, duration, violations, seed, start, victimUnits,
                    dropRate, ackTimeout, progress, progressEvery, 0, null);
        }

        /** One protocol on one port, real time, no victim units, no drops. */
        public static Config of(String protocol, String host, int port, int devices, Duration interval,
                Duration duration, double violations, long seed) {
            return new Config(protocol, host, Map.of(protocol, port), devices, 0, interval, duration, violations, seed,
                    null, false, 0, null, null, null);
        }

        public Config withStart(Instant start) {
            return new Config(protocol, host, ports, devices, firstIndex, interval, duration, violations, seed, start,
                    victimUnits, dropRate, ackTimeout, progress, progressEvery, httpConnections, breachWindow);
        }

        public Config withDropRate(double rate) {
            return new Config(protocol, host, ports, devices, firstIndex, interval, duration, violations, seed, start,
                    victimUnits, rate, ackTimeout, progress, progressEvery, httpConnections, breachWindow);
        }

        public Config withProgress(PrintStream out, Duration every) {
            return new Config(protocol, host, ports, devices, firstIndex, interval, duration, violations, seed, start,
                    victimUnits, dropRate, ackTimeout, out, every, httpConnections, breachWindow);
        }

        public Config withVictimUnits(boolean on) {
            return new Config(protocol, host, ports, devices, firstIndex, interval, duration, violations, seed, start,
                    on, dropRate, ackTimeout, progress, progressEvery, httpConnections, breachWindow);
        }

        public Config withHttpConnections(int connections) {
            return new Config(protocol, host, ports, devices, firstIndex, interval, duration, violations, seed, start,
                    victimUnits, dropRate, ackTimeout, progress, progressEvery, connections, breachWindow);
        }

        public Config withBreachWindow(Duration window) {
            return new Config(protocol, host, ports, devices, firstIndex, interval, duration, violations, seed, start,
                    victimUnits, dropRate, ackTimeout, progress, progressEvery, httpConnections, window);
        }

        /** The protocol of the device of person {@code index}. */
        public String protocolOf(int index) {
            return protocol.equals("mixed") ? PROTOCOLS.get(Math.floorMod(index, PROTOCOLS.size())) : protocol;
        }
    }

    /**
     * The figures of a run.
     *
     * @param devices          simulated devices
     * @param connected        connections open at the time of the report (one per device, unless shared)
     * @param sent             records sent for the first time
     * @param acknowledged     records acknowledged by the server (H02 has no acknowledgement: not counted)
     * @param resent           records sent again after a lost connection or a missing acknowledgement
     * @param refused          devices the server refused (unknown or retired)
     * @param errors           connection failures, timeouts and unexpected replies
     * @param recordsPerSecond acknowledged records per second over the measured window
     * @param p50Millis        acknowledgement latency (packet sent → acknowledgement), 50th percentile
     * @param p95Millis        95th percentile
     * @param p99Millis        99th percentile
     * @param seconds          length of the measured window
     */
    public record Report(int devices, int connected, long sent, long acknowledged, long resent, long refused,
            long errors, double recordsPerSecond, double p50Millis, double p95Millis, double p99Millis,
            double seconds) {

        /** One line, {@code key=value} separated by spaces (also what the benchmark parses). */
        public String line() {
            return String.format(Locale.ROOT, "devices=%d connected=%d sent=%d acknowledged=%d resent=%d refused=%d"
                            + " errors=%d records_per_s=%.1f ack_p50_ms=%.1f ack_p95_ms=%.1f ack_p99_ms=%.1f seconds=%.1f",
                    devices, connected, sent, acknowledged, resent, refused, errors, recordsPerSecond, p50Millis,
                    p95Millis, p99Millis, seconds);
        }
    }

    /** Sees every record a device takes and every record the server acknowledged (tests, demo). */
    interface Listener {
        Listener NONE = new Listener() { };

        default void taken(String imei, SimFix fix) {
        }

        default void delivered(String imei, List<SimFix> fixes) {
        }
    }

    final Stats stats = new Stats();
    private final Config config;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Bootstrap bootstrap;
    private final List<SimDevice> devices = new ArrayList<>();
    private final List<SharedHttpConnection> shared = new ArrayList<>();
    private final long intervalNanos;
    private volatile long wallStart;
    private volatile boolean stopping;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Listener listener = Listener.NONE;
    private ScheduledExecutorService printer;
    private long startedAt;

    public Simulator(Config config) {
        this(config, null);
    }

    /** With a caller's event loop group (not shut down on close), or null for an own one. */
    public Simulator(Config config, EventLoopGroup group) {
        this(config, group, true);
        SplittableRandom phases = new SplittableRandom(SimulatedPerson.mix(config.seed(), -1, 0x70));
        // connections open over the first interval, at most ~2,000 per second, like a fleet waking up
        long rampNanos = Math.max(intervalNanos, (long) (config.devices() / 2000.0 * 1e9));
        // with a breach window the breaches are placed at start(), not by the day plans
        double dailyRate = config.breachWindow() == null ? config.violations() : 0;
        for (int i = 0; i < config.devices(); i++) {
            int index = config.firstIndex() + i;
            SimulatedPerson person = new SimulatedPerson(config.seed(), index);
            String protocol = config.protocolOf(index);
            int port = portOf(protocol);
            long phase = (long) (phases.nextDouble() * rampNanos);
            devices.add(device(new Tag(person, false, dailyRate), protocol, port, phase));
            if (config.victimUnits() && person.victim) {
                devices.add(device(new Tag(person, true, 0), protocol, port, (long) (phases.nextDouble() * rampNanos)));
            }
        }
    }

    /**
     * Simulates the given tags, each speaking its protocol ({@code protocols}, in the same order), instead of the
     * config's fleet of people (its {@code devices} is ignored); they connect over the first interval.
     */
    Simulator(Config config, List<Tag> tags, List<String> protocols) {
        this(config, null, true);
        SplittableRandom phases = new SplittableRandom(SimulatedPerson.mix(config.seed(), -2, 0x70));
        for (int i = 0; i < tags.size(); i++) {
            devices.add(device(tags.get(i), protocols.get(i), portOf(protocols.get(i)),
                    (long) (phases.nextDouble() * intervalNanos)));
        }
    }

    private Simulator(Config config, EventLoopGroup group, boolean unused) {
        this.config = config;
        this.ownsGroup = group == null;
        this.group = group != null ? group
                : new MultiThreadIoEventLoopGroup(Math.min(4, Math.max(1, Runtime.getRuntime().availableProcessors())),
                        NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(this.group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        this.intervalNanos = config.interval().toNanos();
        for (int i = 0; i < config.httpConnections(); i++) {
            shared.add(new SharedHttpConnection(this, portOf("osmand"), this.group.next(), i));
        }
    }

    private SimDevice device(Tag tag, String protocol, int port, long phase) {
        if (shared.isEmpty()) {
            return new SimDevice(this, tag, protocol, port, group.next(), phase, null);
        }
        SharedHttpConnection c = shared.get(devices.size() % shared.size());
        SimDevice d = new SimDevice(this, tag, protocol, port, c.loop, phase, c);
        c.attach(d);
        return d;
    }

    private int portOf(String protocol) {
        Integer port = config.ports().get(protocol);
        if (port == null) {
            throw new IllegalArgumentException("no port given for protocol " + protocol);
        }
        return port;
    }

    /** The IMEIs of the simulated devices, in order (person units, each followed by its victim unit if any). */
    public List<String> imeis() {
        return devices.stream().map(d -> d.tag.imei).toList();
    }

    /** The simulated people (one per person unit). */
    List<Tag> tags() {
        return devices.stream().map(d -> d.tag).toList();
    }

    void listener(Listener l) {
        this.listener = l == null ? Listener.NONE : l;
    }

    /** Opens the connections (spread over the first interval) and starts sending. */
    public Simulator start() {
        wallStart = System.nanoTime();
        startedAt = wallStart;
        stats.resetWindow();
        placeBreaches();
        for (SharedHttpConnection c : shared) {
            c.start();
        }
        for (SimDevice d : devices) {
            d.start();
        }
        if (config.progress() != null) {
            printer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "simulate-progress");
                t.setDaemon(true);
                return t;
            });
            long every = config.progressEvery().toMillis();
            printer.scheduleAtFixedRate(this::printProgress, every, every, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** With a breach window: each person breaches with probability {@code violations}, at a random moment in it. */
    private void placeBreaches() {
        if (config.breachWindow() == null) {
            return;
        }
        Instant base = config.start() != null ? config.start() : Instant.now();
        long window = config.breachWindow().toMillis();
        for (SimDevice d : devices) {
            if (d.tag.victimUnit) {
                continue;
            }
            SplittableRandom r = new SplittableRandom(SimulatedPerson.mix(config.seed(), d.tag.person.index, 0xB4));
            boolean breaches = r.nextDouble() < config.violations();
            long at = (long) (r.nextDouble() * window);
            if (breaches) {
                d.tag.forceBreach(base.plusMillis(at));
            }
        }
    }

    /** The moments of the breaches placed in the breach window (empty without one), in device order. */
    public List<Instant> placedBreaches() {
        return devices.stream().map(d -> d.tag.forcedBreach()).filter(java.util.Objects::nonNull).toList();
    }

    private long lastPrintAcked;
    private long lastPrintAt;

    private void printProgress() {
        long now = System.nanoTime();
        long acked = stats.acked.sum();
        double rate = lastPrintAt == 0 ? 0 : (acked - lastPrintAcked) * 1e9 / (now - lastPrintAt);
        lastPrintAcked = acked;
        lastPrintAt = now;
        config.progress().printf(Locale.ROOT, "[%5.0fs] connected %d/%d  sent %d  acknowledged %d  resent %d"
                        + "  refused %d  errors %d  %.0f records/s  ack p99 %.1f ms%n", (now - startedAt) / 1e9,
                stats.connected.get(), shared.isEmpty() ? devices.size() : shared.size(), stats.sent.sum(), acked,
                stats.resent.sum(),
                stats.refused.sum(), stats.errors.sum(), rate, stats.latency.percentileMillis(0.99));
    }

    /** Starts a new measuring window for the rate and the latency percentiles (after a warm-up). */
    public void resetWindow() {
        stats.resetWindow();
    }

    /** The figures so far (rate and percentiles over the current window). */
    public Report report() {
        double seconds = (System.nanoTime() - stats.windowStart) / 1e9;
        long acked = stats.acked.sum();
        return new Report(devices.size(), stats.connected.get(), stats.sent.sum(), acked, stats.resent.sum(),
                stats.refused.sum(), stats.errors.sum(), seconds <= 0 ? 0 : (acked - stats.windowAcked) / seconds,
                stats.latency.percentileMillis(0.50), stats.latency.percentileMillis(0.95),
                stats.latency.percentileMillis(0.99), seconds);
    }

    /**
     * Runs for the configured duration, then stops taking records, waits up to {@code drain} for the
     * unacknowledged ones, and closes. Returns the figures measured over the sending period.
     */
    public Report run(Duration drain) throws InterruptedException {
        if (config.duration() == null) {
            throw new IllegalStateException("run() needs a duration");
        }
        start();
        Thread.sleep(config.duration().toMillis());
        Report measured = report();
        stopping = true;
        long deadline = System.nanoTime() + drain.toNanos();
        while (System.nanoTime() < deadline && !devices.stream().allMatch(SimDevice::drained)) {
            Thread.sleep(100);
        }
        Report end = report();
        close();
        return new Report(end.devices(), measured.connected(), end.sent(), end.acknowledged(), end.resent(),
                end.refused(), end.errors(), measured.recordsPerSecond(), end.p50Millis(), end.p95Millis(),
                end.p99Millis(), measured.seconds());
    }

    /** Whether every device has delivered all it took. */
    public boolean drained() {
        return devices.stream().allMatch(SimDevice::drained);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        if (printer != null) {
            printer.shutdownNow();
        }
        for (SimDevice d : devices) {
            d.stop();
        }
        for (SharedHttpConnection c : shared) {
            c.stop();
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------------------------------ for the devices

    boolean stopping() {
        return stopping;
    }

    Listener listener() {
        return listener;
    }

    /**
     * Opens a simulated tag's connection on its event loop: the HTTP client codec first when {@code http}, then
     * {@code handler}; a failure is counted as an error. {@code connected} learns whether it succeeded.
     */
    void connect(EventLoop loop, int port, boolean http, ChannelHandler handler, Consumer<Boolean> connected) {
        Bootstrap b = bootstrap.clone(loop).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (http) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536));
                }
                ch.pipeline().addLast(handler);
            }
        });
        b.connect(config.host(), port).addListener(done -> {
            if (!done.isSuccess()) {
                stats.errors.increment();
            }
            connected.accept(done.isSuccess());
        });
    }

    String host() {
        return config.host();
    }

    long wallStart() {
        return wallStart;
    }

    long intervalNanos() {
        return intervalNanos;
    }

    double dropRate() {
        return config.dropRate();
    }

    long ackTimeoutMillis() {
        return config.ackTimeout().toMillis();
    }

    /** Device time of tick {@code k}: real time, or the configured start + phase + k intervals. */
    Instant recordTime(long k, long phaseNanos) {
        if (config.start() == null) {
            return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        }
        return config.start().plusNanos(phaseNanos + k * intervalNanos).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    Config config() {
        return config;
    }
}
