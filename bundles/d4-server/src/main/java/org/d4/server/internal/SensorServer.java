// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.d4.api.ingest.ClusterSessions;
import org.d4.api.ingest.IngestStatus;
import org.d4.api.registry.AccessPolicy;
import org.d4.api.registry.SensorRegistry;
import org.d4.api.registry.SensorStatistics;
import org.d4.api.security.TlsIdentity;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sensor port: TLS with the appliance's identity, a connection gate, then one
 * {@link SensorSession} per connection. A configuration change rebinds it; a stop closes every
 * connection and lets the workers finish their sessions.
 */
@Component(configurationPid = "d4.server", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {IngestStatus.class, EventHandler.class},
        property = EventConstants.EVENT_TOPIC + "=" + SensorRegistry.TOPIC_DISCONNECT)
@Designate(ocd = ServerConfig.class)
public final class SensorServer implements IngestStatus, EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SensorServer.class);

    // AES-128-GCM first: as strong as needed for sensor data and markedly cheaper than AES-256 at
    // hundreds of MB/s; every cipher here is offered by OpenSSL (socat) and Go sensors. BoringSSL
    // keeps this order for TLS 1.2 only: for TLS 1.3 it offers all three suites and takes the client's order.
    static final List<String> CIPHERS = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** Large archive writes wait for the disk (direct writes): with four per core a busy sensor's write held up a quiet one's lines. */
    static final int WORKERS_PER_CORE = 16;

    private final ServerContext context;
    private final ConnectionGate gate;
    private final SslContext tls;
    private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("d4-accept", true));
    private final EventLoopGroup io;
    private final ExecutorService workers;
    private final ServerConfig config;
    private final ServerBootstrap bootstrap;
    private volatile Channel listener;      // set when activated

    @Activate
    public SensorServer(@Reference TlsIdentity identity, @Reference SensorRegistry registry, @Reference AccessPolicy policy,
            @Reference SensorStatistics statistics, @Reference Dispatcher dispatcher, ServerConfig config)
            throws SSLException {
        // TLS and HMAC keep these threads busy, not waiting: one per core, each serving many connections
        int cores = Runtime.getRuntime().availableProcessors();
        int ioThreads = config.io_threads() > 0 ? config.io_threads() : cores;
        this.io = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("d4-io", true));
        int threads = config.worker_threads() > 0 ? config.worker_threads() : WORKERS_PER_CORE * cores;
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("d4-worker", true));
        UnverifiedBytes budget = new UnverifiedBytes(unverifiedLimit(config), config.max_frame_size() + (long) SensorSession.MAX_READ,
                TimeUnit.SECONDS.toNanos(config.unverified_wait_s()), System::nanoTime);
        this.context = new ServerContext(config, registry, policy, statistics, dispatcher, workers, PayloadArrays.perThread(ioThreads), new LiveSessions(), budget);
        this.gate = new ConnectionGate(config.max_connections_per_ip(), config.max_connections());
        // BoringSSL (netty-tcnative) when its native library loads: JDK 17's AES-GCM runs largely outside its
        // CPU intrinsics; REFCNT frees the native context in shutdown() instead of in a finalizer
        boolean openSsl = OpenSsl.isAvailable();
        // the builder passes the key through an in-memory key store: JKS wraps it with one cheap digest,
        // the default PKCS#12 with two 10,000-round key derivations at every start; it never reaches disk
        this.tls = SslContextBuilder.forServer(identity.privateKey(), identity.certificateChain()).keyStoreType("JKS")
                .sslProvider(openSsl ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK)
                .clientAuth(ClientAuth.NONE).protocols("TLSv1.3", "TLSv1.2").ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE).build();
        if (openSsl) {
            LOG.info("Sensor port TLS engine: OpenSSL ({}), ciphers {}", OpenSsl.versionString(), tls.cipherSuites());
        } else {
            LOG.info("Sensor port TLS engine: JDK (OpenSSL unavailable: {})", String.valueOf(OpenSsl.unavailabilityCause()));
        }
        this.config = config;
        this.bootstrap = new ServerBootstrap().group(boss, io).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // the JDK's AES-GCM only uses its CPU intrinsics on arrays (decrypting from direct buffers was
                // five times slower), while OpenSSL reads native memory and would copy every heap buffer
                .childOption(ChannelOption.ALLOCATOR, new PooledByteBufAllocator(openSsl))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        // reads stay small until a connection proves a key: what one read brings is held before the budget is asked
                        channel.config().setRecvByteBufAllocator(new SessionReads());
                        SslHandler ssl = tls.newHandler(channel.alloc());
                        ssl.setHandshakeTimeoutMillis(TimeUnit.SECONDS.toMillis(config.handshake_timeout_s()));
                        channel.pipeline().addLast("gate", gate).addLast("tls", ssl).addLast("d4", new SensorSession(context));
                    }
                });
    }

    /** Listens once constructed: connections run on the event loops and read this server's fields. */
    @Activate
    void start() throws InterruptedException {
        try {
            this.listener = bootstrap.bind(new InetSocketAddress(config.bind(), config.port())).sync().channel();
        } catch (Exception e) {
            shutdown();
            LOG.error("Cannot listen for sensors on {} port {}: {}", config.bind(), config.port(), e.getMessage());
            throw e;
        }
        boss.scheduleAtFixedRate(this::makeRoomForWaiters, 1, 1, TimeUnit.SECONDS);
        LOG.info("Listening for sensors on {} port {} (TLS); up to {} MB held before verification", config.bind(), config.port(),
                context.budget().limit() >> 20);
    }

    /** 0 in the configuration: an eighth of the heap, at least 16 MB, and always room for two frames per half. */
    static long unverifiedLimit(ServerConfig config) {
        long frame = config.max_frame_size() + (long) SensorSession.MAX_READ;
        long wanted = config.max_unverified_bytes() > 0 ? config.max_unverified_bytes() : Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 8);
        return Math.max(wanted, 4 * frame);
    }

    private void makeRoomForWaiters() {
        UnverifiedBytes budget = context.budget();
        budget.retryWaiters();
        int closed = budget.evictForOverdueWaiters();
        if (closed > 0) {
            LOG.warn("Unverified bytes at the limit ({} of {} bytes, {} connections waiting): closing {} connections that proved no key",
                    budget.total(), budget.limit(), budget.waiting(), closed);
        }
    }

    /** In a cluster: one connection per sensor and type across its appliances (optional: without it, per appliance). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindClusterSessions(ClusterSessions sessions) {
        context.live().cluster(sessions);
    }

    void unbindClusterSessions(ClusterSessions sessions) {
        context.live().clusterGone(sessions);
    }

    @Deactivate
    void stop() {
        listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdown();
        LOG.info("Sensor port closed");
    }

    private void shutdown() {
        // closing the event loops closes every connection; the pumps then finish their worker sessions
        io.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        workers.shutdown();
        ReferenceCountUtil.release(tls);
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Workers still busy after 10 s; stopping them");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void handleEvent(Event event) {
        Object uuid = event.getProperty("uuid");
        if (uuid == null) {
            return;
        }
        String reason = String.valueOf(event.getProperty("reason"));
        for (Channel channel : context.live().of(UUID.fromString(uuid.toString()))) {
            SensorSession session = channel.pipeline().get(SensorSession.class);
            if (session != null) {
                session.disconnect("disconnected by the administrator: " + reason);
            }
        }
    }

    @Override
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public Set<UUID> connectedSensors() {
        return context.live().sensors();
    }

    @Override
    public int openConnections() {
        return gate.open();
    }

    @Override
    public IngestStatus.UnverifiedMemory unverifiedBytes() {
        UnverifiedBytes budget = context.budget();
        return new IngestStatus.UnverifiedMemory(budget.limit(), budget.total(), budget.peak(), budget.waiting(), budget.closedForMemory());
    }
}
