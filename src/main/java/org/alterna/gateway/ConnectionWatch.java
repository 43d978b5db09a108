package org.alterna.gateway;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Closes a connection that does not identify a registered device within the identify deadline, or that sends no
 * valid frame for the idle timeout. Bytes alone do not count: a slow-loris trickling a frame that never completes, or
 * garbage that never decodes, is closed like a silent connection. One timer per connection, re-armed for the next
 * moment something could expire, on the connection's event loop.
 */
final class ConnectionWatch {
    private ConnectionWatch() {
    }

    /**
     * @param identified whether the connection has identified a registered device
     * @param lastValid  {@link System#nanoTime()} of the last valid frame (the connection's start before any)
     */
    static void start(ChannelHandlerContext ctx, Gateway gateway, GatewayMetrics.ProtocolMeters meters,
            BooleanSupplier identified, LongSupplier lastValid) {
        long started = System.nanoTime();
        long deadline = gateway.limits.identifyDeadline().toNanos();
        long idle = gateway.idleTimeout.toNanos();
        arm(ctx, gateway, meters, identified, lastValid, started, deadline, idle, Math.min(deadline, idle));
    }

    private static void arm(ChannelHandlerContext ctx, Gateway gateway, GatewayMetrics.ProtocolMeters meters,
            BooleanSupplier identified, LongSupplier lastValid, long started, long deadline, long idle, long delay) {
        ctx.executor().schedule(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            long now = System.nanoTime();
            boolean id = identified.getAsBoolean();
            if (!id && now - started >= deadline) {
                gateway.metrics.identifyTimeouts.increment();
                ctx.close();
                return;
            }
            long quiet = now - Math.max(lastValid.getAsLong(), started);
            if (quiet >= idle) {
                meters.idleClosed.increment();
                ctx.close();
                return;
            }
            long next = idle - quiet;
            if (!id) {
                next = Math.min(next, started + deadline - now);
            }
            arm(ctx, gateway, meters, identified, lastValid, started, deadline, idle, Math.max(next, 1_000_000));
        }, delay, TimeUnit.NANOSECONDS);
    }
}
