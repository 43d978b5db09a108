package org.alterna.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.alterna.gateway.protocol.DecodeException;
import org.alterna.gateway.protocol.DeviceMessage;
import org.alterna.gateway.protocol.TrackerProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP device connection: decodes each frame with the protocol's pure decoder and writes each reply in the
 * order the frames arrived, an acknowledgement only once its records are committed. Runs on the connection's
 * event loop and never blocks it; stops reading while too many replies are pending or the store is saturated.
 */
final class TrackerConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TrackerConnectionHandler.class);
    static final int MAX_IN_FLIGHT = 16;
    static final int RESUME_IN_FLIGHT = 4;

    private final TrackerProtocol protocol;
    private final Gateway gateway;
    private final GatewayMetrics.ProtocolMeters meters;
    private Conversation conversation;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private int inFlight;
    private boolean paused;
    private boolean closing;
    private long lastValid = System.nanoTime();
    /** Whether an acknowledgement of stored records was written on this connection (Teltonika takes commands after). */
    private boolean acked;
    /** Commands waiting for the first acknowledgement (Teltonika). */
    private final java.util.ArrayDeque<Object[]> held = new java.util.ArrayDeque<>();
    /** Commands written that the device answers with a record: the next stored reports answer them. */
    private int awaitingRecord;

    TrackerConnectionHandler(TrackerProtocol protocol, Gateway gateway) {
        this.protocol = protocol;
        this.gateway = gateway;
        this.meters = gateway.metrics.of(protocol.name());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        conversation = new Conversation(gateway, protocol.name(), ctx.channel());
        ConnectionWatch.start(ctx, gateway, meters, () -> conversation.identified, () -> lastValid);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseHeld();
        super.channelInactive(ctx);
    }

    /** Writes a command on the event loop (see {@link DeviceLink#send}). */
    @SuppressWarnings("unchecked")
    void outbound(io.netty.channel.Channel ch, byte[] bytes, boolean answeredByRecord,
            CompletableFuture<Boolean> written) {
        if (closing || !ch.isActive()) {
            written.complete(false);
            return;
        }
        if (protocol.name().equals("teltonika") && !acked) {
            held.add(new Object[] {bytes, written, answeredByRecord});
            return;
        }
        write(ch, bytes, answeredByRecord, written);
    }

    private void write(io.netty.channel.Channel ch, byte[] bytes, boolean answeredByRecord,
            CompletableFuture<Boolean> written) {
        if (answeredByRecord) {
            awaitingRecord++;
        }
        ch.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(f -> written.complete(f.isSuccess()));
    }

    @SuppressWarnings("unchecked")
    private void flushHeld(ChannelHandlerContext ctx) {
        while (!held.isEmpty()) {
            Object[] h = held.poll();
            write(ctx.channel(), (byte[]) h[0], (Boolean) h[2], (CompletableFuture<Boolean>) h[1]);
        }
    }

    @SuppressWarnings("unchecked")
    private void releaseHeld() {
        while (!held.isEmpty()) {
            ((CompletableFuture<Boolean>) held.poll()[1]).complete(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        byte[] frame;
        ByteBuf buf = (ByteBuf) msg;
        try {
            frame = ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
        if (closing) {
            return;
        }
        List<DeviceMessage> messages;
        try {
            messages = protocol.decode(frame, conversation.session);
        } catch (DecodeException e) {
            meters.decodeErrors.increment();
            log.debug("{} frame from {} not decoded, no ack: {}", protocol.name(), ctx.channel().remoteAddress(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            meters.decodeErrors.increment();
            log.warn("{} decoder failed on a frame from {}; no ack", protocol.name(), ctx.channel().remoteAddress(), e);
            return;
        }
        long decodedAt = System.nanoTime();
        lastValid = decodedAt;
        for (DeviceMessage m : messages) {
            if (m instanceof DeviceMessage.Report r) {
                meters.decoded.increment(r.fixes().size());
            }
            CompletableFuture<Conversation.Outcome> outcome = conversation.handle(m);
            enqueue(ctx, m, outcome, decodedAt);
        }
    }

    /** Applies the outcome after every earlier one, on the event loop: replies keep the order of arrival. */
    private void enqueue(ChannelHandlerContext ctx, DeviceMessage m, CompletableFuture<Conversation.Outcome> outcome,
            long decodedAt) {
        inFlight++;
        if (inFlight >= MAX_IN_FLIGHT) {
            pause(ctx);
        }
        if (gateway.writer.saturated()) {
            pause(ctx);
            gateway.writer.onDrained(() -> ctx.executor().execute(() -> maybeResume(ctx)));
        }
        tail = CompletableFuture.allOf(tail, outcome).handleAsync((v, ignored) -> {
            inFlight--;
            apply(ctx, m, outcome, decodedAt);
            maybeResume(ctx);
            return null;
        }, ctx.executor());
    }

    private void apply(ChannelHandlerContext ctx, DeviceMessage m, CompletableFuture<Conversation.Outcome> outcome,
            long decodedAt) {
        int records = m instanceof DeviceMessage.Report r ? r.fixes().size() : 0;
        if (closing) {
            meters.rejected.increment(records);
            return;
        }
        Conversation.Outcome result;
        try {
            result = outcome.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof java.util.concurrent.RejectedExecutionException) {
                // admission's probe lane is full (a flood of ids never seen): close unanswered, the device reconnects
                closing = true;
                ctx.close();
                return;
            }
            // store failed or overloaded: no ack; close so that the device reconnects and resends
            meters.rejected.increment(records);
            log.warn("{} device {}: {} record(s) not stored, closing without ack: {}", protocol.name(), m.deviceId(),
                    records, e.getCause() == null ? e.toString() : e.getCause().toString());
            closing = true;
            ctx.close();
            return;
        }
        if (result instanceof Conversation.Reply reply) {
            if (reply.bytes().length > 0) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(reply.bytes()));
            }
            meters.acked.increment(reply.acked());
            if (reply.acked() > 0) {
                meters.ackLatency.record(System.nanoTime() - decodedAt, TimeUnit.NANOSECONDS);
                if (awaitingRecord > 0 && m instanceof DeviceMessage.Report) {
                    awaitingRecord--;
                    gateway.publish(new DeviceAnswered(m.deviceId(), protocol.name(), null, "record", true, false));
                }
                if (!acked) {
                    acked = true;
                    flushHeld(ctx);
                }
            }
            answered(m);
        } else if (result instanceof Conversation.Refused refused) {
            closing = true;
            meters.rejected.increment(records);
            meters.unknownDevices.increment();
            gateway.admission.refused(refused.deviceId(), String.valueOf(ctx.channel().remoteAddress()), protocol.name(),
                    refused.reason());
            if (refused.bytes().length > 0) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(refused.bytes())).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
        }
    }

    /** A command response, once what came with it is stored, goes to whoever sent the command. */
    private void answered(DeviceMessage m) {
        java.util.Map<String, Object> values;
        boolean position = false;
        if (m instanceof DeviceMessage.Status st) {
            values = st.status();
            if (!"commandResponse".equals(values.get("type"))) {
                return;
            }
        } else if (m instanceof DeviceMessage.Report r && r.fixes().size() == 1
                && r.fixes().get(0).io().containsKey("response")) {
            values = r.fixes().get(0).io();
            position = true;
        } else {
            return;
        }
        Object flag = values.get("serverFlag");
        Object type = values.get("responseType");
        gateway.publish(new DeviceAnswered(m.deviceId(), protocol.name(),
                flag instanceof Number n ? n.longValue() : null, String.valueOf(values.getOrDefault("response", "")),
                position, type instanceof Number t && t.intValue() == 0x11));
    }

    private void pause(ChannelHandlerContext ctx) {
        if (!paused) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void maybeResume(ChannelHandlerContext ctx) {
        if (!paused || inFlight > RESUME_IN_FLIGHT) {
            return;
        }
        if (gateway.writer.saturated()) {
            gateway.writer.onDrained(() -> ctx.executor().execute(() -> maybeResume(ctx)));
            return;
        }
        paused = false;
        ctx.channel().config().setAutoRead(true);
        ctx.read();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            meters.idleClosed.increment();
            log.debug("{} connection from {} idle, closing", protocol.name(), ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof DecodeException d
                && FrameDecoderMessages.budgetExhausted(d)) {
            gateway.metrics.frameBudgetClosed.increment();
            log.debug("{} connection from {} closed: {}", protocol.name(), ctx.channel().remoteAddress(), d.getMessage());
        } else if (cause instanceof DecoderException && cause.getCause() instanceof DecodeException d) {
            meters.decodeErrors.increment();
            meters.framingErrors.increment();
            log.info("{} stream from {} cannot be framed ({}); closing this connection", protocol.name(),
                    ctx.channel().remoteAddress(), d.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("{} connection from {}: {}", protocol.name(), ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("{} connection from {} failed; closing it", protocol.name(), ctx.channel().remoteAddress(), cause);
        }
        closing = true;
        ctx.close();
    }
}
