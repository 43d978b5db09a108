package org.alterna.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.alterna.gateway.protocol.OsmAndDecoder;
import org.alterna.gateway.protocol.TrackerProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * The gateway's Netty servers: one TCP server per tracker protocol plus the OsmAnd HTTP server, on Traccar's
 * ports unless {@code alterna.gateway.<protocol>.port} says otherwise (0 = ephemeral; see {@link GatewayPorts}).
 * Pipeline: connection caps (overall and per address), protocol framing (partial frames charged to a
 * gateway-wide budget), connection handler (identify deadline, idle timeout counted on valid frames). Starts with the application
 * context and stops (closing connections, then the event loops) before the store shuts down.
 */
final class GatewayServers implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GatewayServers.class);
    static final int OSMAND_MAX_REQUEST = 64 * 1024;

    private final List<TrackerProtocol> protocols;
    private final OsmAndDecoder osmand;
    private final Gateway gateway;
    private final GatewayPorts ports;
    private final Environment env;
    private final int ioThreads;
    private final String bindAddress;
    private final List<Channel> serverChannels = new ArrayList<>();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private volatile boolean running;

    GatewayServers(List<TrackerProtocol> protocols, OsmAndDecoder osmand, Gateway gateway, GatewayPorts ports,
            Environment env) {
        this.protocols = protocols;
        this.osmand = osmand;
        this.gateway = gateway;
        this.ports = ports;
        this.env = env;
        this.ioThreads = env.getProperty("alterna.gateway.io-threads", Integer.class,
                Runtime.getRuntime().availableProcessors());
        this.bindAddress = env.getProperty("alterna.gateway.bind-address", "0.0.0.0");
    }

    @Override
    public synchronized void start() {
        gateway.admission.start();
        gateway.admission.preload();
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
        try {
            for (TrackerProtocol p : protocols) {
                bind(p.name(), p.defaultPort(), pipeline -> {
                    pipeline.addLast("framer", p.newFrameDecoder(gateway.frameBudget));
                    pipeline.addLast("session", new TrackerConnectionHandler(p, gateway));
                });
            }
            if (osmand != null) {
                bind(osmand.name(), osmand.defaultPort(), pipeline -> {
                    pipeline.addLast("http", new HttpServerCodec());
                    pipeline.addLast("aggregator", new HttpObjectAggregator(OSMAND_MAX_REQUEST));
                    pipeline.addLast("session", new OsmAndHttpHandler(osmand, gateway));
                });
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        running = true;
        log.info("gateway listening: {} (max {} connections, idle timeout {})", ports.ports(), gateway.maxConnections,
                gateway.idleTimeout);
    }

    private void bind(String protocol, int defaultPort, Consumer<ChannelPipeline> handlers) {
        int port = env.getProperty("alterna.gateway." + protocol + ".port", Integer.class, defaultPort);
        if (port < 0) {
            log.info("gateway: {} disabled (port < 0)", protocol);
            return;
        }
        GatewayMetrics.ProtocolMeters meters = gateway.metrics.of(protocol);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (gateway.connections.incrementAndGet() > gateway.maxConnections) {
                            gateway.connections.decrementAndGet();
                            gateway.metrics.connectionsOverCap.increment();
                            ch.close();
                            return;
                        }
                        if (!gateway.openFrom(ch.remoteAddress())) {
                            gateway.connections.decrementAndGet();
                            gateway.metrics.perAddressRefused.increment();
                            ch.close();
                            return;
                        }
                        meters.connections.incrementAndGet();
                        ch.closeFuture().addListener(f -> {
                            gateway.connections.decrementAndGet();
                            gateway.closedFrom(ch.remoteAddress());
                            meters.connections.decrementAndGet();
                        });
                        // identify deadline and idle timeout (valid frames only): ConnectionWatch, in the handler
                        handlers.accept(ch.pipeline());
                    }
                });
        Channel channel = b.bind(new InetSocketAddress(bindAddress, port)).syncUninterruptibly().channel();
        serverChannels.add(channel);
        ports.bound(protocol, ((InetSocketAddress) channel.localAddress()).getPort());
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (Channel c : serverChannels) {
            c.close().syncUninterruptibly();
        }
        serverChannels.clear();
        if (workers != null) {
            workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
        workers = null;
        boss = null;
        ports.clear();
        gateway.admission.shutdown();
        log.info("gateway stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000; // start after, stop before, the web server and everything else
    }
}
