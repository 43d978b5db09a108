package org.alterna.simulation.fleet;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One kept-alive HTTP connection that many OsmAnd devices share, each request naming its device ({@code id=}): lets
 * one machine drive more devices than it may open sockets (50,000 devices would need 50,000 descriptors on each side
 * of loopback). Requests are pipelined; HTTP/1.1 answers them in order, so each answer goes back to the device that
 * sent the oldest unanswered request. Lives on one event loop together with its devices. An answer missing for longer
 * than the acknowledgement timeout closes the connection; the devices resend after it reopens.
 */
final class SharedHttpConnection extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final Simulator sim;
    private final int port;
    final EventLoop loop;
    private final SplittableRandom rnd;
    private final List<SimDevice> devices = new ArrayList<>();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private Channel channel;
    private boolean connecting;
    private boolean stopped;
    private ScheduledFuture<?> watchdog;

    private record Waiting(SimDevice device, long sentAt) {
    }

    SharedHttpConnection(Simulator sim, int port, EventLoop loop, int index) {
        this.sim = sim;
        this.port = port;
        this.loop = loop;
        this.rnd = new SplittableRandom(index * 0x9E3779B97F4A7C15L + 17);
    }

    @Override
    public boolean isSharable() {
        return true; // added again to each new connection (one at a time)
    }

    /** Before {@link #start()} only. */
    void attach(SimDevice d) {
        devices.add(d);
    }

    void start() {
        loop.execute(this::connect);
        watchdog = loop.scheduleAtFixedRate(this::checkAnswers, 1, 1, TimeUnit.SECONDS);
    }

    void stop() {
        loop.execute(() -> {
            stopped = true;
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            if (channel != null) {
                channel.close();
            }
        });
    }

    boolean ready() {
        return channel != null && channel.isActive();
    }

    /** On the loop, when {@link #ready()}: sends the device's request; its answer comes back to {@code d}. */
    void send(SimDevice d, FullHttpRequest request) {
        waiting.add(new Waiting(d, System.nanoTime()));
        channel.writeAndFlush(request);
    }

    private void connect() {
        if (stopped || connecting || ready()) {
            return;
        }
        connecting = true;
        sim.connect(loop, port, true, this, ok -> {
            connecting = false;
            if (!ok) {
                reconnectLater();
            }
        });
    }

    private void reconnectLater() {
        if (!stopped) {
            sim.stats.reconnects.increment();
            loop.schedule(this::connect, 1000 + rnd.nextInt(2000), TimeUnit.MILLISECONDS);
        }
    }

    private void checkAnswers() {
        Waiting oldest = waiting.peek();
        if (oldest != null && channel != null
                && System.nanoTime() - oldest.sentAt() > TimeUnit.MILLISECONDS.toNanos(sim.ackTimeoutMillis())) {
            sim.stats.errors.increment();
            channel.close();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        sim.stats.connected.incrementAndGet();
        for (SimDevice d : devices) {
            d.connectionReady();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        sim.stats.connected.decrementAndGet();
        channel = null;
        List<Waiting> lost = new ArrayList<>(waiting);
        waiting.clear();
        for (Waiting w : lost) {
            w.device().connectionLost();
        }
        reconnectLater();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        Waiting w = waiting.poll();
        if (w == null) {
            sim.stats.errors.increment(); // an answer nobody asked for
            return;
        }
        w.device().osmandReply(response.status().code());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        sim.stats.errors.increment();
        ctx.close();
    }
}
