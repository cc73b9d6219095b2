// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.d4.api.ingest.SessionInfo;
import org.d4.api.registry.Admission;
import org.d4.protocol.FrameAuthenticator;
import org.d4.protocol.FrameDecoder;
import org.d4.protocol.FrameException;
import org.d4.protocol.FrameException.Reason;
import org.d4.protocol.FrameHeader;
import org.d4.protocol.FrameListener;
import org.d4.protocol.MetaHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sensor connection after TLS: decodes frames and applies the server's rules to each. Nothing
 * of a frame is used (no counter, no session binding, no byte to a worker) before its HMAC is
 * verified. Any broken rule closes this connection only, with the reason recorded for the sensor.
 * Runs on the connection's event loop thread; the payloads go on through a {@link SessionPump}.
 */
final class SensorSession extends ChannelInboundHandlerAdapter implements FrameListener {
    private static final Logger LOG = LoggerFactory.getLogger(SensorSession.class);

    private final ServerContext server;
    private final FrameDecoder decoder;
    private ChannelHandlerContext ctx;
    private InetAddress peer;
    private ScheduledFuture<?> idleCheck;
    private long lastProgressNanos;
    private boolean pausedForWorker;          // reading stopped by us: the sensor is not idle

    private UUID claimedUuid;                 // from the last header, for error records
    private int claimedType = -1;
    private FrameAuthenticator authenticator; // from the admission of the first header
    private UUID claimedUuidOfAdmission;
    private int admittedType = -1;
    private UUID uuid;                        // bound once the first frame is verified
    private int type = -1;                    // the connection's type: 2 turns into 254 with the first data frame
    private int boundType = -1;
    private ByteArrayOutputStream meta;
    private String extendedType;
    private long lastTimestamp = Long.MIN_VALUE;
    private SessionPump pump;
    private boolean closed;

    SensorSession(ServerContext server) {
        this.server = server;
        // the size limit is applied in onHeader, where the claimed UUID is known and the error can be
        // recorded for it; the decoder only grows its buffer with bytes actually received
        this.decoder = new FrameDecoder(Integer.MAX_VALUE - FrameHeader.HEADER_SIZE);
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        this.ctx = context;
        this.peer = ((InetSocketAddress) context.channel().remoteAddress()).getAddress();
        this.lastProgressNanos = System.nanoTime();
        long idleNanos = TimeUnit.SECONDS.toNanos(server.config().idle_timeout_s());
        idleCheck = context.executor().scheduleAtFixedRate(() -> {
            if (!pausedForWorker && System.nanoTime() - lastProgressNanos > idleNanos) {
                fail("no complete frame header within " + server.config().idle_timeout_s() + " s");
            }
        }, 1, 1, TimeUnit.SECONDS);
        // pause runs on this event loop (offer is only called here), resume is queued to it: so a resume
        // decided by a worker can never overtake the pause it answers
        this.pump = new SessionPump(server.dispatcher(), server.executor(), server.config().max_pending_bytes(),
                () -> {
                    pausedForWorker = true;
                    context.channel().config().setAutoRead(false);
                },
                () -> context.channel().eventLoop().execute(() -> {
                    pausedForWorker = false;
                    lastProgressNanos = System.nanoTime();
                    context.channel().config().setAutoRead(true);
                    context.channel().read();
                }),
                reason -> context.channel().eventLoop().execute(() -> fail(reason)));
        super.channelActive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (closed) {
                return;
            }
            for (ByteBuffer chunk : buf.nioBuffers()) {
                decoder.feed(chunk, this);
            }
        } catch (FrameException e) {
            fail(e.getMessage());
        } finally {
            buf.release();
        }
    }

    @Override
    public void onHeader(FrameHeader header) throws FrameException {
        lastProgressNanos = System.nanoTime();
        claimedUuid = header.uuid();
        claimedType = header.type();
        if (header.size() > server.config().max_frame_size()) {
            throw new FrameException(Reason.SIZE_TOO_LARGE, "frame of " + header.size() + " bytes is larger than the limit of "
                    + server.config().max_frame_size());
        }
        if (header.version() != FrameHeader.CURRENT_VERSION) {
            throw new FrameException(Reason.BAD_VERSION, "unsupported protocol version " + header.version());
        }
        checkTimestamp(header.timestamp());
        if (authenticator == null) {
            admit(header);
            return;
        }
        UUID expected = uuid != null ? uuid : claimedUuidOfAdmission;
        if (!header.uuid().equals(expected)) {
            throw new FrameException(Reason.BAD_UUID, "the UUID changed from " + expected + " to " + header.uuid() + " within a connection");
        }
        int current = type != -1 ? type : admittedType;
        if (header.type() != current) {
            if (!(current == 2 && header.type() == 254)) {
                throw new FrameException(Reason.BAD_TYPE, "the type changed from " + current + " to " + header.type() + " within a connection");
            }
            if (!server.policy().acceptedTypes().contains(254)) {
                throw new FrameException(Reason.BAD_TYPE, "type 254 is not accepted by this server");
            }
        }
    }

    private void admit(FrameHeader header) throws FrameException {
        if (header.type() == 254) {
            throw new FrameException(Reason.BAD_TYPE, "type 254 before any meta header (type 2)");
        }
        Admission admission = server.registry().admit(header.uuid(), peer, header.type());
        if (!admission.accepted()) {
            throw new FrameException(Reason.BAD_UUID, admission.refusal().orElse("refused"));
        }
        authenticator = new FrameAuthenticator(admission.key());
        claimedUuidOfAdmission = header.uuid();
        admittedType = header.type();
    }

    @Override
    public void onFrame(FrameHeader header, ByteBuffer payload) throws FrameException {
        lastProgressNanos = System.nanoTime();
        if (!authenticator.verify(header, payload.duplicate())) {
            throw new FrameException(Reason.BAD_HMAC, "HMAC verification failed");
        }
        if (server.config().monotonic_timestamps() && header.timestamp() < lastTimestamp) {
            throw new FrameException(Reason.BAD_HMAC, "timestamp went backwards (" + header.timestamp() + " after " + lastTimestamp + "): replayed frame?");
        }
        lastTimestamp = header.timestamp();
        if (uuid == null) {
            bind(header);
        }
        Instant now = Instant.now();
        server.statistics().frameAccepted(uuid, peer, header.type(), payload.remaining(), now);
        switch (header.type()) {
            case 2 -> appendMeta(payload);
            case 254 -> {
                if (extendedType == null) {
                    startExtended(now);
                }
                pump.offer(payload, header.timestamp());
            }
            default -> {
                if (!pump.started()) {
                    pump.start(info(header.type(), Optional.empty(), java.util.Map.of(), now));
                }
                pump.offer(payload, header.timestamp());
            }
        }
    }

    private void bind(FrameHeader header) throws FrameException {
        if (!server.live().bind(header.uuid(), header.type(), ctx.channel())) {
            throw new FrameException(Reason.BAD_TYPE, "sensor " + header.uuid() + " already has a live connection of type " + header.type());
        }
        uuid = header.uuid();
        type = header.type();
        boundType = header.type();
        server.statistics().connected(uuid, peer, Instant.now());
        LOG.debug("Sensor {} connected from {} (type {})", uuid, peer.getHostAddress(), type);
    }

    private void appendMeta(ByteBuffer payload) throws FrameException {
        if (meta == null) {
            meta = new ByteArrayOutputStream();
        }
        int limit = server.config().max_meta_header_bytes();
        if (meta.size() + payload.remaining() > limit) {
            throw new FrameException(Reason.BAD_META_HEADER, "meta header larger than " + limit + " bytes");
        }
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        meta.writeBytes(bytes);
    }

    private void startExtended(Instant now) throws FrameException {
        if (meta == null || meta.size() == 0) {
            throw new FrameException(Reason.BAD_META_HEADER, "type 254 before any meta header (type 2)");
        }
        MetaHeader header = MetaHeader.parse(meta.toByteArray(), server.config().max_meta_header_bytes());
        if (!server.policy().acceptedExtendedTypes().contains(header.type())) {
            throw new FrameException(Reason.BAD_META_HEADER, "extended type '" + header.type() + "' is not accepted by this server");
        }
        extendedType = header.type();
        type = 254;
        meta = null;
        pump.start(info(254, Optional.of(extendedType), header.metadata(), now));
    }

    private SessionInfo info(int sessionType, Optional<String> extended, java.util.Map<String, Object> metadata, Instant now) {
        String id = uuid + "-" + Long.toHexString(ctx.channel().id().hashCode() & 0xffffffffL);
        return new SessionInfo(id, uuid, sessionType, extended, metadata, peer, now);
    }

    private void checkTimestamp(long timestamp) throws FrameException {
        int window = server.config().timestamp_window_s();
        if (window > 0 && Math.abs(Instant.now().getEpochSecond() - timestamp) > window) {
            throw new FrameException(Reason.BAD_HMAC, "timestamp " + timestamp + " is more than " + window + " s from the server clock");
        }
    }

    /** Closes this connection only, recording why against the sensor it claimed to be. */
    void fail(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        UUID who = uuid != null ? uuid : claimedUuid;
        if (who != null) {
            server.registry().recordError(who, peer, type != -1 ? type : claimedType, reason);
            LOG.info("Closed connection of sensor {} from {}: {}", who, peer.getHostAddress(), reason);
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
        if (uuid != null) {
            server.live().unbind(uuid, boundType, context.channel());
        }
        pump.close();
        super.channelInactive(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        // TLS garbage and resets are routine on an Internet-facing port: no stack traces
        String what = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (uuid != null || claimedUuid != null) {
            fail(what);
        } else {
            LOG.debug("Connection from {} failed: {}", peer == null ? "?" : peer.getHostAddress(), what);
            closed = true;
            context.close();
        }
    }
}
