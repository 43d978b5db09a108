package org.alterna.gateway;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.alterna.gateway.protocol.DecodeException;
import org.alterna.gateway.protocol.DeviceMessage;
import org.alterna.gateway.protocol.DeviceModelProfile;
import org.alterna.gateway.protocol.OsmAndDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OsmAnd over HTTP: each GET or POST is one report; 200 only once it is committed, 400 for an undecodable
 * request, 403 "device not accepted" for an unknown, retired or misplaced device (the same answer for each, so the
 * answer reveals no registered id), 503 when it could not be stored or too many requests are being stored (the app
 * retries). Responses keep the order of pipelined requests. A connection that sends no decodable report in time is
 * closed (identify deadline, idle timeout on valid requests).
 */
final class OsmAndHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(OsmAndHttpHandler.class);
    static final String PROTOCOL = "osmand";

    private final OsmAndDecoder decoder;
    private final Gateway gateway;
    private final GatewayMetrics.ProtocolMeters meters;
    private Conversation conversation;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    OsmAndHttpHandler(OsmAndDecoder decoder, Gateway gateway) {
        this.decoder = decoder;
        this.gateway = gateway;
        this.meters = gateway.metrics.of(PROTOCOL);
    }

    private long lastValid = System.nanoTime();

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        conversation = new Conversation(gateway, PROTOCOL, ctx.channel());
        ConnectionWatch.start(ctx, gateway, meters, () -> conversation.identified, () -> lastValid);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            meters.decodeErrors.increment();
            respond(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request", false);
            return;
        }
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.POST.equals(request.method())) {
            enqueue(ctx, CompletableFuture.completedFuture(new Answer(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "use GET or POST", 0)), keepAlive);
            return;
        }
        DeviceMessage.Report report;
        try {
            // the device's own profile is applied once it is admitted (Conversation)
            report = decoder.decode(request.method().name(), request.uri(),
                    request.headers().get(HttpHeaderNames.CONTENT_TYPE), ByteBufUtil.getBytes(request.content()),
                    DeviceModelProfile.NONE);
        } catch (DecodeException | RuntimeException e) {
            meters.decodeErrors.increment();
            enqueue(ctx, CompletableFuture.completedFuture(new Answer(HttpResponseStatus.BAD_REQUEST,
                    "cannot decode the report: " + e.getMessage(), 0)), keepAlive);
            return;
        }
        int records = report.fixes().size();
        meters.decoded.increment(records);
        lastValid = System.nanoTime();
        if (gateway.osmandInFlight.incrementAndGet() > gateway.limits.osmandInFlight()) {
            gateway.osmandInFlight.decrementAndGet();
            gateway.metrics.osmandBusy.increment();
            enqueue(ctx, CompletableFuture.completedFuture(new Answer(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "busy, retry later", 0)), keepAlive);
            return;
        }
        String remote = String.valueOf(ctx.channel().remoteAddress());
        CompletableFuture<Answer> answer = conversation.handle(report).whenComplete((o, e) ->
                gateway.osmandInFlight.decrementAndGet()).handle((outcome, error) -> {
            if (error != null) {
                meters.rejected.increment(records);
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                log.warn("osmand device {}: {} record(s) not stored: {}", report.deviceId(), records, cause.toString());
                return new Answer(HttpResponseStatus.SERVICE_UNAVAILABLE, "not stored, retry later", 0);
            }
            if (outcome instanceof Conversation.Refused refused) {
                meters.rejected.increment(records);
                meters.unknownDevices.increment();
                gateway.admission.refused(refused.deviceId(), remote, PROTOCOL, refused.reason());
                // the same answer for an unknown, retired or misplaced id: a scanner learns nothing about which ids exist
                return new Answer(HttpResponseStatus.FORBIDDEN, "device not accepted", 0);
            }
            return new Answer(HttpResponseStatus.OK, "", ((Conversation.Reply) outcome).acked());
        });
        enqueue(ctx, answer, keepAlive);
    }

    private record Answer(HttpResponseStatus status, String text, int acked) {
    }

    private void enqueue(ChannelHandlerContext ctx, CompletableFuture<Answer> answer, boolean keepAlive) {
        tail = CompletableFuture.allOf(tail, answer).handleAsync((v, e) -> {
            Answer a = answer.join();
            meters.acked.increment(a.acked());
            respond(ctx, a.status(), a.text(), keepAlive);
            return null;
        }, ctx.executor());
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String text, boolean keepAlive) {
        byte[] body = text.isEmpty() ? new byte[0] : (text + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            meters.decodeErrors.increment();
            log.info("osmand connection from {} failed ({}); closing it", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
