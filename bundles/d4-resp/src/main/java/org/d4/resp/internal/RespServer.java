// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.d4.api.queue.QueueService;
import org.d4.api.security.UserDirectory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RESP port (6380 on loopback by default): the analyzer queues as Redis lists for the
 * reference system's external analyzers. A configuration change re-activates it, which rebinds.
 */
@Component(configurationPid = "d4.resp", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
@Designate(ocd = RespConfig.class)
public final class RespServer {
    private static final Logger LOG = LoggerFactory.getLogger(RespServer.class);
    /** Commands are short; a few threads keep one slow store call from holding up other clients. */
    private static final int COMMAND_THREADS = 4;

    private final QueueService queues;
    private final UserDirectory users;
    private final AtomicInteger open = new AtomicInteger();
    private EventLoopGroup loop;
    private ThreadPoolExecutor commandThreads;
    private Channel listener;

    @Activate
    public RespServer(@Reference QueueService queues, @Reference UserDirectory users) {
        this.queues = queues;
        this.users = users;
    }

    @Activate
    void open(RespConfig config) throws IOException, InterruptedException {
        InetAddress address = InetAddress.getByName(config.bind());
        QueueKeyspace keyspace = new QueueKeyspace(queues, QueueKeyspace.MAX_REPLY_BYTES);
        Commands commands = new Commands(keyspace, new ConnectionCommands(users, config.require_auth(), keyspace), config.require_auth());
        int maxConnections = config.max_connections();
        // each connection has at most one command queued or running, so the queue can never overflow
        commandThreads = new ThreadPoolExecutor(COMMAND_THREADS, COMMAND_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, maxConnections)), new DefaultThreadFactory("d4-resp-command", true));
        commandThreads.allowCoreThreadTimeOut(true);
        loop = new NioEventLoopGroup(2, new DefaultThreadFactory("d4-resp-io", true));
        ServerBootstrap bootstrap = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                // a re-activation rebinds the same port at once, even with the old connections in TIME_WAIT
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        int now = open.incrementAndGet();
                        channel.closeFuture().addListener(f -> open.decrementAndGet());
                        if (now > maxConnections) {
                            channel.pipeline().addLast(new Refusal(maxConnections));
                            return;
                        }
                        if (config.idle_timeout_s() > 0) {
                            channel.pipeline().addLast(new IdleStateHandler(0, 0, config.idle_timeout_s(), TimeUnit.SECONDS));
                        }
                        channel.pipeline().addLast(new RespConnection(commands, commandThreads, config.max_request_bytes()));
                    }
                });
        try {
            listener = bootstrap.bind(new InetSocketAddress(address, config.port())).sync().channel();
        } catch (Exception e) {
            shutdown();
            throw new IOException("cannot listen for RESP clients on " + config.bind() + " port " + config.port() + ": " + e.getMessage(), e);
        }
        if (!address.isLoopbackAddress() && !config.require_auth()) {
            LOG.warn("RESP endpoint on {} port {} is reachable from other hosts without authentication: anyone who can connect "
                    + "can read and empty the analyzer queues. Set require.auth=true in d4.resp.", config.bind(), port());
        }
        LOG.info("RESP endpoint listening on {} port {}{}", config.bind(), port(), config.require_auth() ? " (AUTH required)" : "");
    }

    @Deactivate
    void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        shutdown();
        LOG.info("RESP endpoint closed");
    }

    /** The port listened on (the configured one, or the one the system chose for port 0). */
    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    int openConnections() {
        return open.get();
    }

    private void shutdown() {
        // closing the event loop closes every connection; commands running then finish on their own
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        commandThreads.shutdown();
        try {
            // never interrupt a command: an interrupt inside the store's file I/O closes its file channel
            if (!commandThreads.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("RESP commands still running 10 s after the endpoint closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers a connection beyond the limit the way Redis does, then closes it. */
    private static final class Refusal extends ChannelInboundHandlerAdapter {
        private final int limit;

        Refusal(int limit) {
            this.limit = limit;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            LOG.warn("Refused RESP client {}: more than {} connections", ctx.channel().remoteAddress(), limit);
            ctx.writeAndFlush(Unpooled.copiedBuffer("-ERR max number of clients reached\r\n", StandardCharsets.US_ASCII))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
