// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.d4.api.registry.Admission;
import org.d4.protocol.FrameAuthenticator;
import org.d4.protocol.FrameChecks;
import org.d4.protocol.FrameException;
import org.d4.protocol.FrameHeader;
import org.d4.protocol.MetaHeader;
import org.d4.server.internal.SessionViolation.Rule;

/**
 * Every rule the sensor server applies to one connection, fed the bytes as they arrive (any split:
 * part of a header, several frames, a payload in many pieces). Plain Java with no network code, so
 * each rule is tested by feeding fragments.
 *
 * <pre>
 *  header (62 bytes) ──► version, size, admission (first header) or UUID and type changes, timestamp window
 *  payload fragments ──► HMAC updated as they arrive; held (counted by {@link #heldBytes}) until the last one
 *  last fragment     ──► HMAC verified, then: replay, one connection per sensor and type, meta header, delivery
 * </pre>
 *
 * <p>No byte of a frame reaches the {@link Sink} before the frame's HMAC is verified, and the
 * payload is hashed once, as it arrives, from the array it is copied into ({@link FramePayload}):
 * that array, which grows with the bytes received and never with the size announced alone, is then
 * the sink's. The connection has <em>proven</em> its key once a frame verified; before that,
 * everything it caused is the doing of a stranger.
 *
 * <p>Not thread-safe: one instance per connection, fed by one thread. After {@link #feed} threw,
 * the connection must be closed; further calls throw {@link IllegalStateException}.
 */
final class SessionRules {

    /** What the rules consult, as seen from one connection (its peer address is bound in). */
    interface Authority {
        /** The registry's decision on the first header: blacklists, UUID, accepted type, mode, kicks. */
        Admission admit(UUID uuid, int type);

        /** Whether type 254 is accepted now. */
        boolean acceptsExtendedData();

        boolean acceptsExtendedType(String name);

        /** Binds the connection as the sensor's live one of that type; false if it already has one. */
        boolean claim(UUID uuid, int type);
    }

    /** Where verified frames go, on the feeding thread. */
    interface Sink {
        /** The first frame verified: the connection holds the sensor's key. */
        void proven(UUID uuid, int type);

        /** Every verified frame, for the counters. */
        void verified(FrameHeader header, int payloadBytes);

        /** What the data frames carry, once, before the first {@link #data}. */
        void start(int type, Optional<String> extendedType, Map<String, Object> metadata);

        /**
         * A data frame's payload: the first {@code length} bytes of {@code payload}, an array from
         * the {@link PayloadArrays} the rules were given, which is the sink's from now on.
         */
        void data(byte[] payload, int length, long timestamp);
    }

    record Limits(int maxFrameSize, int maxMetaHeaderBytes, int timestampWindowS, boolean monotonicTimestamps) {
    }

    private final Authority authority;
    private final Sink sink;
    private final Limits limits;
    private final LongSupplier epochSeconds;
    private final ByteBuffer headerBytes = ByteBuffer.allocate(FrameHeader.HEADER_SIZE);
    private final FramePayload payload;
    private FrameAuthenticator authenticator;
    private FrameHeader current;                // header whose payload is awaited
    private long remaining;                     // payload bytes of current still to come
    private long headersDecoded;
    private boolean failed;

    private UUID claimedUuid;                   // from the latest header, for error records
    private int claimedType = -1;
    private UUID uuid;                          // set by admission
    private int type = -1;                      // admitted type; 2 turns into 254 with the first data frame
    private boolean proven;
    private int boundType = -1;
    private boolean started;
    private ByteArrayOutputStream meta;
    private String extendedType;
    private long lastTimestamp;                 // of the latest verified frame

    /** @param arrays where payloads are assembled: the feeding thread's pool */
    SessionRules(Authority authority, Sink sink, Limits limits, LongSupplier epochSeconds, PayloadArrays arrays) {
        this.authority = authority;
        this.payload = new FramePayload(arrays);
        this.sink = sink;
        this.limits = limits;
        this.epochSeconds = epochSeconds;
    }

    /**
     * Consumes every remaining byte of {@code chunk}.
     *
     * @throws SessionViolation when a rule is broken: close the connection
     */
    void feed(ByteBuffer chunk) throws SessionViolation {
        if (failed) {
            throw new IllegalStateException("a rule was broken before; the connection must be closed");
        }
        boolean ok = false;
        try {
            while (chunk.hasRemaining()) {
                if (current == null) {
                    readHeader(chunk);
                } else {
                    readPayload(chunk);
                }
            }
            ok = true;
        } finally {
            failed = !ok;
        }
    }

    /** Memory pinned by an unverified payload (the capacity of the array it is assembled in); 0 between frames. */
    long heldBytes() {
        return current == null ? 0 : payload.capacity();
    }

    /** Payload bytes the current frame still awaits; 0 between frames. */
    long payloadRemaining() {
        return current == null ? 0 : remaining;
    }

    boolean proven() {
        return proven;
    }

    long headersDecoded() {
        return headersDecoded;
    }

    /** The UUID the peer claims (latest header), null before the first header. */
    UUID claimedUuid() {
        return claimedUuid;
    }

    /** The connection's type for error records: 254 once extended data flows, else the latest header's. */
    int claimedType() {
        return extendedType != null ? 254 : claimedType;
    }

    /** The (UUID, type) the connection is bound to as the sensor's live one; null UUID while unproven. */
    UUID boundUuid() {
        return proven ? uuid : null;
    }

    int boundType() {
        return boundType;
    }

    private void readHeader(ByteBuffer chunk) throws SessionViolation {
        FrameHeader h;
        try {
            if (headerBytes.position() == 0 && chunk.remaining() >= FrameHeader.HEADER_SIZE) {
                h = FrameHeader.parse(chunk);
            } else {
                int n = Math.min(headerBytes.remaining(), chunk.remaining());
                headerBytes.put(headerBytes.position(), chunk, chunk.position(), n);
                headerBytes.position(headerBytes.position() + n);
                chunk.position(chunk.position() + n);
                if (headerBytes.hasRemaining()) {
                    return;
                }
                h = FrameHeader.parse(headerBytes.flip());
                headerBytes.clear();
            }
        } catch (FrameException e) {
            throw new IllegalStateException("a whole header was available", e);
        }
        headersDecoded++;
        checkHeader(h);
        authenticator.begin(h);
        if (h.size() == 0) {
            frameComplete(h);
        } else {
            current = h;
            remaining = h.size();
        }
    }

    private void checkHeader(FrameHeader h) throws SessionViolation {
        claimedUuid = h.uuid();
        claimedType = h.type();
        Optional<String> problem = FrameChecks.version(h);
        if (problem.isPresent()) {
            throw new SessionViolation(Rule.VERSION, problem.get());
        }
        problem = FrameChecks.size(h.size(), limits.maxFrameSize());
        if (problem.isPresent()) {
            throw new SessionViolation(Rule.SIZE, problem.get());
        }
        if (authenticator == null) {
            admit(h);
        } else {
            checkSameSensor(h);
        }
        int window = limits.timestampWindowS();
        if (window > 0 && Math.abs(epochSeconds.getAsLong() - h.timestamp()) > window) {
            throw new SessionViolation(Rule.TIMESTAMP, "frame timestamp " + Long.toUnsignedString(h.timestamp())
                    + " is more than " + window + " s from the server clock (" + epochSeconds.getAsLong() + ")");
        }
    }

    private void admit(FrameHeader h) throws SessionViolation {
        if (h.type() == 254) {
            throw new SessionViolation(Rule.TYPE, "type 254 before any meta header (type 2)");
        }
        Admission admission = authority.admit(h.uuid(), h.type());
        if (!admission.accepted()) {
            throw new SessionViolation(Rule.ADMISSION, admission.refusal().orElse("refused"));
        }
        authenticator = new FrameAuthenticator(admission.key());
        uuid = h.uuid();
        type = h.type();
    }

    private void checkSameSensor(FrameHeader h) throws SessionViolation {
        if (!h.uuid().equals(uuid)) {
            throw new SessionViolation(Rule.UUID_CHANGE, "the UUID changed from " + uuid + " to " + h.uuid() + " within a connection");
        }
        int now = extendedType != null ? 254 : type;
        if (h.type() == now) {
            return;
        }
        if (now != 2 || h.type() != 254) {
            throw new SessionViolation(Rule.TYPE_CHANGE, "the type changed from " + now + " to " + h.type() + " within a connection");
        }
        if (!authority.acceptsExtendedData()) {
            throw new SessionViolation(Rule.TYPE, "type 254 is not accepted by this server");
        }
    }

    private void readPayload(ByteBuffer chunk) throws SessionViolation {
        int n = (int) Math.min(remaining, chunk.remaining());
        authenticator.update(payload.append(chunk.slice(chunk.position(), n), current.size(), proven));
        chunk.position(chunk.position() + n);
        remaining -= n;
        if (remaining == 0) {
            FrameHeader h = current;
            current = null;
            frameComplete(h);
        }
    }

    private void frameComplete(FrameHeader h) throws SessionViolation {
        if (!authenticator.end(h)) {
            throw new SessionViolation(Rule.HMAC, "HMAC verification failed: the frame was not made with "
                    + (proven ? "the key of this connection's earlier frames" : "the key this server holds for " + h.uuid())
                    + " or was changed on the way");
        }
        if (limits.monotonicTimestamps() && proven && Long.compareUnsigned(h.timestamp(), lastTimestamp) < 0) {
            throw new SessionViolation(Rule.REPLAY, "replayed frame: timestamp " + Long.toUnsignedString(h.timestamp())
                    + " is older than the previous frame's " + Long.toUnsignedString(lastTimestamp) + " on this connection");
        }
        lastTimestamp = h.timestamp();
        if (!proven) {
            if (!authority.claim(h.uuid(), h.type())) {
                throw new SessionViolation(Rule.DUPLICATE, "sensor " + h.uuid() + " already has a live connection of type " + h.type());
            }
            proven = true;
            boundType = h.type();
            sink.proven(h.uuid(), h.type());
        }
        int length = payload.length();
        sink.verified(h, length);
        switch (h.type()) {
            case 2 -> {
                appendMeta(payload.view());
                payload.giveBack();
            }
            case 254 -> {
                if (extendedType == null) {
                    startExtended();
                }
                sink.data(payload.take(), length, h.timestamp());
            }
            default -> {
                if (!started) {
                    started = true;
                    sink.start(h.type(), Optional.empty(), Map.of());
                }
                sink.data(payload.take(), length, h.timestamp());
            }
        }
    }

    private void appendMeta(ByteBuffer part) throws SessionViolation {
        if (meta == null) {
            meta = new ByteArrayOutputStream();
        }
        if (meta.size() + part.remaining() > limits.maxMetaHeaderBytes()) {
            throw new SessionViolation(Rule.META_HEADER, "meta header larger than " + limits.maxMetaHeaderBytes() + " bytes");
        }
        meta.write(part.array(), part.arrayOffset() + part.position(), part.remaining());
    }

    private void startExtended() throws SessionViolation {
        if (meta == null || meta.size() == 0) {
            throw new SessionViolation(Rule.META_HEADER, "type 254 before any meta header (type 2)");
        }
        MetaHeader header;
        try {
            header = MetaHeader.parse(meta.toByteArray(), limits.maxMetaHeaderBytes());
        } catch (FrameException e) {
            throw new SessionViolation(Rule.META_HEADER, e.getMessage());
        }
        if (!authority.acceptsExtendedType(header.type())) {
            throw new SessionViolation(Rule.META_HEADER, "extended type '" + header.type() + "' is not accepted by this server");
        }
        extendedType = header.type();
        meta = null;
        started = true;
        sink.start(254, Optional.of(extendedType), header.metadata());
    }
}
