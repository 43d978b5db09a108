package org.alterna.simulation.fleet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One simulated device on one connection, driven entirely by its event loop: it takes a record every interval
 * (whether connected or not), logs in, sends its records in order and waits for each acknowledgement, keeps what is
 * unacknowledged and resends it after reconnecting. H02 has no acknowledgement: a record counts as delivered once
 * written. OsmAnd: one HTTP request per record on a kept-alive connection, 200 = acknowledged; the connection is the
 * device's own or a {@link SharedHttpConnection} (then it runs on that connection's event loop).
 */
final class SimDevice extends SimpleChannelInboundHandler<Object> {
    static final int TELTONIKA_MAX_RECORDS = 10;

    private final Simulator sim;
    final Tag tag;
    final String protocol;
    private final int port;
    private final EventLoop loop;
    private final long phaseNanos;
    private final SharedHttpConnection shared;
    private final SplittableRandom rnd;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private Channel channel;
    private boolean loggedIn;
    private boolean stopped;
    private boolean refusedForGood;
    private InFlight inFlight;
    private boolean noSignal;
    private int serial = 1;
    private int ticks;
    private long tickIndex;
    private final ByteBuf acc = Unpooled.buffer(64);
    private ScheduledFuture<?> ackTimeout;
    private boolean connecting;
    private Instant lastTime;

    private static final class Pending {
        final SimFix fix;
        int attempts;

        Pending(SimFix fix) {
            this.fix = fix;
        }
    }

    /** What is awaiting acknowledgement: records (possibly none, for a status message), when and which serial. */
    private record InFlight(List<Pending> records, long sentAt, int serial, int protocolNumber) {
    }

    SimDevice(Simulator sim, Tag tag, String protocol, int port, EventLoop loop, long phaseNanos,
            SharedHttpConnection shared) {
        this.sim = sim;
        this.shared = shared;
        this.tag = tag;
        this.protocol = protocol;
        this.port = port;
        this.loop = loop;
        this.phaseNanos = phaseNanos;
        this.rnd = new SplittableRandom(SimulatedPerson.mix(tag.person.seed, tag.person.index, tag.victimUnit ? 0x61 : 0x60));
    }

    @Override
    public boolean isSharable() {
        return true; // added again to each new connection of this device (one at a time)
    }

    // ------------------------------------------------------------------------------------------ schedule

    void start() {
        loop.schedule(() -> {
            for (SimFix held : tag.backlog(sim.recordTime(0, phaseNanos), sim.config().interval())) {
                queue.add(new Pending(held));
                lastTime = held.time();
                sim.listener().taken(tag.imei, held);
            }
            if (shared == null) {
                connect();
            }
            tick();
        }, phaseNanos, TimeUnit.NANOSECONDS);
    }

    /** Takes a record now and schedules the next tick on the fixed-rate timeline of this device. */
    private void tick() {
        if (stopped || sim.stopping()) {
            return;
        }
        Instant time = sim.recordTime(tickIndex, phaseNanos);
        if (lastTime != null && !time.isAfter(lastTime)) {
            time = lastTime.plusSeconds(1); // device clocks have whole seconds; two records never share one
        }
        lastTime = time;
        tickIndex++;
        SimFix fix = tag.take(time);
        ticks++;
        if (fix != null) {
            queue.add(new Pending(fix));
            noSignal = fix.held();
            sim.listener().taken(tag.imei, fix);
        } else {
            sim.stats.dead.increment();
        }
        trySend();
        long next = sim.wallStart() + phaseNanos + tickIndex * sim.intervalNanos();
        loop.schedule(this::tick, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    void stop() {
        loop.execute(() -> {
            stopped = true;
            if (channel != null) {
                channel.close();
            }
        });
    }

    boolean drained() {
        return queue.isEmpty() || refusedForGood;
    }

    // ------------------------------------------------------------------------------------------ connection

    private void connect() {
        if (stopped || refusedForGood || connecting || channel != null && channel.isActive()) {
            return;
        }
        connecting = true;
        sim.connect(loop, port, protocol.equals("osmand"), this, ok -> {
            connecting = false;
            if (!ok) {
                reconnectLater();
            }
        });
    }

    private void reconnectLater() {
        if (stopped || refusedForGood) {
            return;
        }
        sim.stats.reconnects.increment();
        loop.schedule(this::connect, 1000 + rnd.nextInt(2000), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        sim.stats.connected.incrementAndGet();
        acc.clear();
        switch (protocol) {
            case "teltonika" -> write(Encoders.teltonikaLogin(tag.imei));
            case "gt06" -> {
                int s = nextSerial();
                inFlight = new InFlight(List.of(), System.nanoTime(), s, 0x01);
                write(Encoders.gt06Login(tag.imei, s));
                armTimeout();
            }
            default -> { // H02 and OsmAnd: the first message identifies the device
                loggedIn = true;
                trySend();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        sim.stats.connected.decrementAndGet();
        channel = null;
        if (protocol.equals("gt06") && !loggedIn && inFlight != null && inFlight.protocolNumber() == 0x01) {
            refused(); // GT06 answers an unknown device with silence and a closed connection
        }
        loggedIn = false;
        inFlight = null; // its records are still at the head of the queue: they are resent after reconnecting
        cancelTimeout();
        reconnectLater();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        sim.stats.errors.increment();
        ctx.close();
    }

    // ------------------------------------------------------------------------------------------ sending

    private void trySend() {
        boolean up = shared != null ? shared.ready() : channel != null && channel.isActive() && loggedIn;
        if (!up || inFlight != null || refusedForGood) {
            return;
        }
        if (protocol.equals("h02")) {
            sendH02();
            return;
        }
        if (queue.isEmpty() || noSignal) {
            if (protocol.equals("gt06") && ticks >= 10 && !noSignal && lastFix() != null) {
                ticks = 0; // GT06 status (battery level, charging) about every ten records
                int s = nextSerial();
                inFlight = new InFlight(List.of(), System.nanoTime(), s, 0x13);
                write(Encoders.gt06Heartbeat(lastFix(), s));
                armTimeout();
            }
            return;
        }
        List<Pending> batch = new ArrayList<>();
        int max = protocol.equals("teltonika") ? TELTONIKA_MAX_RECORDS : 1;
        for (Pending p : queue) {
            if (batch.size() == max) {
                break;
            }
            batch.add(p);
        }
        for (Pending p : batch) {
            if (p.attempts++ == 0) {
                sim.stats.sent.increment();
            } else {
                sim.stats.resent.increment();
            }
        }
        long now = System.nanoTime();
        switch (protocol) {
            case "teltonika" -> {
                inFlight = new InFlight(batch, now, 0, 0);
                write(Encoders.teltonikaAvl(batch.stream().map(p -> p.fix).toList()));
            }
            case "gt06" -> {
                SimFix f = batch.get(0).fix;
                int s = nextSerial();
                boolean reupload = queue.size() > 1;
                int cell = 0x3000 + Math.floorMod(tag.person.index * 7, 4096);
                inFlight = new InFlight(batch, now, s, f.strapOpen() ? 0x16 : 0x22);
                write(f.strapOpen() ? Encoders.gt06Alarm(f, 0x18, s, cell)
                        : Encoders.gt06Location(f, s, false, reupload, cell));
            }
            default -> { // osmand
                SimFix f = batch.get(0).fix;
                FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                        Encoders.osmandQuery(tag.imei, f), Unpooled.EMPTY_BUFFER);
                req.headers().set(HttpHeaderNames.HOST, sim.host() + ":" + port);
                req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                req.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                inFlight = new InFlight(batch, now, 0, 0);
                if (shared != null) {
                    shared.send(this, req);
                    return; // the shared connection watches for answers that do not come
                }
                channel.writeAndFlush(req);
            }
        }
        armTimeout();
        maybeDrop();
    }

    /** The shared connection is (again) open: send what is waiting. */
    void connectionReady() {
        trySend();
    }

    /** The shared connection closed before answering this device: its records stay queued and are resent. */
    void connectionLost() {
        inFlight = null;
    }

    private void sendH02() {
        if (noSignal) {
            return;
        }
        while (!queue.isEmpty()) {
            Pending p = queue.poll();
            sim.stats.sent.increment();
            write(Encoders.h02Position(tag.imei, p.fix));
            sim.listener().delivered(tag.imei, List.of(p.fix));
        }
        if (ticks >= 10 && lastFix() != null) {
            ticks = 0;
            write(Encoders.h02Link(tag.imei, lastFix()));
        }
    }

    private SimFix last;

    private SimFix lastFix() {
        Pending p = queue.peekLast();
        if (p != null) {
            last = p.fix;
        }
        return last;
    }

    /** Simulated loss of signal right after sending: the acknowledgement never arrives on this connection. */
    private void maybeDrop() {
        if (sim.dropRate() > 0 && rnd.nextDouble() < sim.dropRate() && channel != null) {
            channel.close();
        }
    }

    private void write(byte[] frame) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(frame));
    }

    private int nextSerial() {
        serial = serial == 0xFFFF ? 1 : serial + 1;
        return serial;
    }

    private void armTimeout() {
        cancelTimeout();
        Channel ch = channel;
        ackTimeout = loop.schedule(() -> {
            if (ch != null && ch == channel) {
                sim.stats.errors.increment();
                ch.close(); // no acknowledgement in time: reconnect and resend
            }
        }, sim.ackTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelTimeout() {
        if (ackTimeout != null) {
            ackTimeout.cancel(false);
            ackTimeout = null;
        }
    }

    // ------------------------------------------------------------------------------------------ replies

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpResponse response) {
            osmandReply(response.status().code());
            return;
        }
        acc.writeBytes((ByteBuf) msg);
        switch (protocol) {
            case "teltonika" -> teltonikaReplies();
            case "gt06" -> gt06Replies();
            default -> acc.clear(); // H02: nothing is expected
        }
        acc.discardReadBytes();
    }

    private void teltonikaReplies() {
        if (!loggedIn) {
            if (!acc.isReadable()) {
                return;
            }
            if (acc.readByte() == 0x01) {
                loggedIn = true;
                trySend();
            } else {
                refused();
            }
        }
        while (acc.readableBytes() >= 4) {
            if (acc.getInt(acc.readerIndex()) == 0) {
                // a Codec 12 command (an acknowledgement is never 0 records): skip it whole and answer it
                if (acc.readableBytes() < 8) {
                    return;
                }
                long size = acc.getUnsignedInt(acc.readerIndex() + 4);
                if (acc.readableBytes() < 8 + size + 4) {
                    return;
                }
                acc.skipBytes((int) (8 + size + 4));
                write(Encoders.teltonikaCommandAnswer("Command received"));
                continue;
            }
            long count = acc.readUnsignedInt();
            if (inFlight == null || count != inFlight.records().size()) {
                sim.stats.errors.increment();
                continue;
            }
            acknowledged();
        }
    }

    private void gt06Replies() {
        while (acc.readableBytes() >= 5) {
            int r = acc.readerIndex();
            if (acc.getUnsignedShort(r) != 0x7878) {
                sim.stats.errors.increment();
                acc.skipBytes(acc.readableBytes());
                channel.close();
                return;
            }
            int total = acc.getUnsignedByte(r + 2) + 5;
            if (acc.readableBytes() < total) {
                return;
            }
            int proto = acc.getUnsignedByte(r + 3);
            int s = acc.getUnsignedShort(r + 4);
            if (proto == 0x80 && total >= 15) {
                // an online command: answer it, echoing its server flag
                long flag = acc.getUnsignedInt(r + 5);
                acc.skipBytes(total);
                write(Encoders.gt06CommandAnswer(flag, "OK", 1));
                continue;
            }
            acc.skipBytes(total);
            if (inFlight == null || inFlight.serial() != s || inFlight.protocolNumber() != proto) {
                continue; // e.g. an answer to a message we no longer wait for
            }
            if (proto == 0x01) {
                inFlight = null;
                cancelTimeout();
                loggedIn = true;
                trySend();
            } else {
                acknowledged();
            }
        }
    }

    void osmandReply(int status) {
        if (inFlight == null) {
            return;
        }
        switch (status) {
            case 200 -> acknowledged();
            case 403 -> refused();
            case 400 -> { // undecodable: a device would drop it
                sim.stats.errors.increment();
                for (Pending p : inFlight.records()) {
                    queue.remove(p);
                }
                inFlight = null;
                cancelTimeout();
                trySend();
            }
            default -> { // 503 and others: retry a little later on the same connection
                sim.stats.errors.increment();
                inFlight = null;
                cancelTimeout();
                loop.schedule(this::trySend, 2, TimeUnit.SECONDS);
            }
        }
    }

    private void acknowledged() {
        InFlight done = inFlight;
        inFlight = null;
        cancelTimeout();
        if (!done.records().isEmpty()) {
            sim.stats.latency.record(System.nanoTime() - done.sentAt());
            sim.stats.acked.add(done.records().size());
            List<SimFix> fixes = new ArrayList<>(done.records().size());
            for (Pending p : done.records()) {
                queue.remove(p);
                fixes.add(p.fix);
            }
            sim.listener().delivered(tag.imei, fixes);
        }
        trySend();
    }

    private void refused() {
        sim.stats.refused.increment();
        refusedForGood = true;
        if (channel != null) {
            channel.close();
        }
    }
}
