// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.d4.api.registry.SensorStatistics;
import org.d4.api.ingest.SessionInfo;
import org.d4.api.registry.Admission;
import org.d4.protocol.FrameHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sensor connection after TLS: feeds what it reads to its {@link SessionRules}, keeps the bytes
 * held before verification within the server's {@link UnverifiedBytes} budget (reading stops while
 * there is no room), hands verified payloads to a {@link SessionPump} and closes the connection on
 * the first broken rule, recording why: against the sensor once the connection proved its key, in
 * the registry's bounded memory before that. Runs on the connection's event loop thread.
 */
final class SensorSession extends ChannelInboundHandlerAdapter implements SessionRules.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(SensorSession.class);

    /** Largest read before a connection proved a key, and after (bytes of plaintext, give or take a TLS record). */
    static final int UNPROVEN_READ = 16 * 1024;
    static final int MAX_READ = 64 * 1024;

    private static final int PAUSED_FOR_WORKER = 1;
    private static final int PAUSED_FOR_BUDGET = 2;

    private final ServerContext server;
    private ChannelHandlerContext ctx;
    private InetAddress peer;
    private SessionRules rules;
    private UnverifiedBytes.Account account;
    private SessionPump pump;
    private ScheduledFuture<?> idleCheck;
    private SensorStatistics.FrameCounter counter;   // for the type of the latest frame
    private int counterType;
    private long lastProgressNanos;
    private long headersSeen;
    private int paused;
    private boolean closed;

    SensorSession(ServerContext server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        this.ctx = context;
        this.peer = ((InetSocketAddress) context.channel().remoteAddress()).getAddress();
        this.lastProgressNanos = System.nanoTime();
        ServerConfig config = server.config();
        PayloadArrays arrays = server.payloadArrays().get();
        this.rules = new SessionRules(new Authority(), this, new SessionRules.Limits(config.max_frame_size(), config.max_meta_header_bytes(),
                config.timestamp_window_s(), config.monotonic_timestamps()), () -> Instant.now().getEpochSecond(), arrays);
        this.account = server.budget().open(peer, () -> context.channel().eventLoop().execute(
                () -> fail("closed to make room: unverified bytes at the server's limit and this address holds the most")));
        long idleNanos = TimeUnit.SECONDS.toNanos(config.idle_timeout_s());
        idleCheck = context.executor().scheduleAtFixedRate(() -> {
            // a sensor we stopped ourselves is not idle; a stranger waiting for room still has to finish headers in time
            boolean excused = (paused & PAUSED_FOR_WORKER) != 0 || (paused != 0 && rules.proven());
            if (!excused && System.nanoTime() - lastProgressNanos > idleNanos) {
                fail("no complete frame header within " + config.idle_timeout_s() + " s");
            }
        }, 1, 1, TimeUnit.SECONDS);
        // pause runs on this event loop (offer is only called here), resume is queued to it: so a resume
        // decided by a worker can never overtake the pause it answers
        this.pump = new SessionPump(server.dispatcher(), server.executor(), arrays, context.executor(),
                TimeUnit.MICROSECONDS.toNanos(config.worker_wake_interval_us()), config.max_pending_bytes(),
                () -> pause(PAUSED_FOR_WORKER),
                () -> context.channel().eventLoop().execute(() -> resume(PAUSED_FOR_WORKER)),
                reason -> context.channel().eventLoop().execute(() -> fail(reason)));
        super.channelActive(context);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) throws Exception {
        if (pump != null) {
            pump.flush();   // one wake-up of the worker per read, whatever the number of frames in it
        }
        super.channelReadComplete(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (closed) {
                return;
            }
            for (ByteBuffer chunk : buf.nioBuffers()) {
                rules.feed(chunk);
            }
        } catch (SessionViolation e) {
            fail(e.getMessage());
        } finally {
            buf.release();
        }
        if (!closed) {
            afterRead();
        }
    }

    /** Accounts for what the rules now hold and asks for room for the next read of an unfinished frame. */
    private void afterRead() {
        if (rules.headersDecoded() != headersSeen) {
            headersSeen = rules.headersDecoded();
            lastProgressNanos = System.nanoTime();
        }
        long remaining = rules.payloadRemaining();
        long wanted = remaining == 0 ? 0 : Math.min(remaining, rules.proven() ? MAX_READ : UNPROVEN_READ);
        boolean mayRead = account.settle(rules.heldBytes(), wanted, () -> ctx.channel().eventLoop().execute(() -> resume(PAUSED_FOR_BUDGET)));
        if (!mayRead) {
            pause(PAUSED_FOR_BUDGET);
        } else {
            resume(PAUSED_FOR_BUDGET);           // the frame ended with bytes already on their way
        }
    }

    private void pause(int reason) {
        paused |= reason;
        ctx.channel().config().setAutoRead(false);
    }

    private void resume(int reason) {
        if ((paused & reason) == 0) {
            return;
        }
        paused &= ~reason;
        if (paused == 0 && !closed) {
            lastProgressNanos = System.nanoTime();
            ctx.channel().config().setAutoRead(true);
            ctx.channel().read();
        }
    }

    @Override
    public void proven(UUID uuid, int type) {
        account.proven();
        if (ctx.channel().config().getRecvByteBufAllocator() instanceof SessionReads reads) {
            reads.widen();
        }
        server.statistics().connected(uuid, peer, Instant.now());
        LOG.debug("Sensor {} connected from {} (type {})", uuid, peer.getHostAddress(), type);
    }

    @Override
    public void verified(FrameHeader header, int payloadBytes) {
        lastProgressNanos = System.nanoTime();
        if (counter == null || counterType != header.type()) {
            counter = server.statistics().frameCounter(header.uuid(), peer, header.type());
            counterType = header.type();
        }
        counter.accepted(payloadBytes, Instant.now());
    }

    @Override
    public void start(int type, Optional<String> extendedType, Map<String, Object> metadata) {
        UUID uuid = rules.boundUuid();
        String id = uuid + "-" + Long.toHexString(ctx.channel().id().hashCode() & 0xffffffffL);
        pump.start(new SessionInfo(id, uuid, type, extendedType, metadata, peer, Instant.now()));
    }

    @Override
    public void data(byte[] payload, int length, long timestamp) {
        pump.offer(payload, length, timestamp);
    }

    /** Closes this connection only, recording why against the sensor it proved or claimed to be. */
    void fail(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        UUID claimed = rules == null ? null : rules.claimedUuid();
        if (rules != null && rules.proven()) {
            server.registry().recordError(rules.boundUuid(), peer, rules.claimedType(), reason);
            LOG.info("Closed connection of sensor {} from {}: {}", rules.boundUuid(), peer.getHostAddress(), reason);
        } else if (claimed != null) {
            server.registry().recordUnverifiedError(claimed, peer, rules.claimedType(), reason);
            LOG.info("Closed connection from {} claiming sensor {} (no key proven): {}", peer.getHostAddress(), claimed, reason);
        } else {
            LOG.info("Closed connection from {}: {}", peer.getHostAddress(), reason);
        }
        ctx.close();
    }

    /** Closes for an administrative reason (kick, delete); recorded like an error. */
    void disconnect(String reason) {
        ctx.channel().eventLoop().execute(() -> fail(reason));
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        closed = true;
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        if (account != null) {
            account.close();
        }
        if (rules != null && rules.boundUuid() != null) {
            server.live().unbind(rules.boundUuid(), rules.boundType(), context.channel());
        }
        if (pump != null) {
            pump.close();
        }
        super.channelInactive(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        // TLS garbage and resets are routine on an Internet-facing port: no stack traces
        String what = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (rules != null && rules.claimedUuid() != null) {
            fail(what);
        } else {
            LOG.debug("Connection from {} failed: {}", peer == null ? "?" : peer.getHostAddress(), what);
            closed = true;
            context.close();
        }
    }

    /** The registry and policy as seen from this connection. */
    private final class Authority implements SessionRules.Authority {
        @Override
        public Admission admit(UUID uuid, int type) {
            return server.registry().admit(uuid, peer, type);
        }

        @Override
        public boolean acceptsExtendedData() {
            return server.policy().acceptedTypes().contains(254);
        }

        @Override
        public boolean acceptsExtendedType(String name) {
            return server.policy().acceptedExtendedTypes().contains(name);
        }

        @Override
        public boolean claim(UUID uuid, int type) {
            return server.live().bind(uuid, type, ctx.channel(),
                    () -> disconnect("another appliance of the cluster took the sensor's connection of type " + type + " at the same moment"));
        }
    }
}
