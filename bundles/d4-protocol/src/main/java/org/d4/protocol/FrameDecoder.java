// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Push-style decoder of a D4 byte stream: feed it whatever each read returned (part of a header,
 * several frames, any mix) and it calls a {@link FrameListener} for every complete frame, in order.
 *
 * <p>It only frames the stream: the HMAC, version, UUID and type are the caller's to check
 * ({@link FrameAuthenticator}, {@link FrameChecks}). The one rule enforced here bounds memory: a
 * header announcing more than {@link #maxPayloadSize()} bytes fails with
 * {@link FrameException.Reason#SIZE_TOO_LARGE} before any of its payload is read. Frames that lie
 * entirely inside a chunk are handed on as views of the chunk, without copying; only frames split
 * across chunks are assembled, in a buffer that grows with the bytes actually received (so a peer
 * announcing a large frame and then stalling does not pin the whole size) and never exceeds
 * {@code maxPayloadSize} bytes beside the {@value FrameHeader#HEADER_SIZE}-byte header buffer.
 *
 * <p>Not thread-safe and not reentrant: one decoder per stream, fed by one thread at a time. Once
 * {@link #feed} or {@link #endOfStream} has thrown, whether the error came from the stream or from
 * the listener, the decoder is unusable and further calls throw {@link IllegalStateException}:
 * close the connection. For an idle timeout, watch {@link #headersDecoded()} (or
 * {@link FrameListener#onHeader}) after each read.
 */
public final class FrameDecoder {

    public static final int DEFAULT_MAX_PAYLOAD_SIZE = 1_000_000;

    private final int maxPayloadSize;
    private final ByteBuffer headerBuffer = ByteBuffer.allocate(FrameHeader.HEADER_SIZE);
    private final PayloadBuffer payload = new PayloadBuffer();
    private FrameHeader header;                 // set while its payload is awaited
    private long headersDecoded;
    private boolean feeding;
    private boolean failed;

    /** A decoder accepting payloads of up to {@value #DEFAULT_MAX_PAYLOAD_SIZE} bytes. */
    public FrameDecoder() {
        this(DEFAULT_MAX_PAYLOAD_SIZE);
    }

    /** @throws IllegalArgumentException if {@code maxPayloadSize} is negative */
    public FrameDecoder(int maxPayloadSize) {
        if (maxPayloadSize < 0) {
            throw new IllegalArgumentException("maxPayloadSize must not be negative, got " + maxPayloadSize);
        }
        this.maxPayloadSize = maxPayloadSize;
    }

    /**
     * Consumes all remaining bytes of {@code chunk}, calling {@code listener} for each header and
     * frame completed. When it returns normally the chunk's position equals its limit.
     *
     * @throws FrameException from the stream ({@code SIZE_TOO_LARGE}) or from the listener
     * @throws IllegalStateException if the decoder failed before, or on a call from inside a listener
     */
    public void feed(ByteBuffer chunk, FrameListener listener) throws FrameException {
        Objects.requireNonNull(chunk, "chunk");
        Objects.requireNonNull(listener, "listener");
        enter();
        boolean ok = false;
        try {
            while (chunk.hasRemaining()) {
                if (header == null) {
                    readHeader(chunk, listener);
                } else {
                    readPayload(chunk, listener);
                }
            }
            ok = true;
        } finally {
            feeding = false;
            failed = !ok;
        }
    }

    /**
     * Declares the end of the stream.
     *
     * @throws FrameException {@code TRUNCATED} if the stream stopped inside a frame
     */
    public void endOfStream() throws FrameException {
        enter();
        feeding = false;
        if (header != null) {
            failed = true;
            throw new FrameException(FrameException.Reason.TRUNCATED, "the stream ended after " + payload.fill()
                    + " of the " + header.size() + " payload bytes of a type " + header.type() + " frame");
        }
        if (headerBuffer.position() > 0) {
            failed = true;
            throw new FrameException(FrameException.Reason.TRUNCATED, "the stream ended after "
                    + headerBuffer.position() + " of the " + FrameHeader.HEADER_SIZE + " bytes of a frame header");
        }
    }

    /** True if part of a frame (header or payload) has been received but the frame is not complete. */
    public boolean inFrame() {
        return header != null || headerBuffer.position() > 0;
    }

    /** Bytes of the current, incomplete frame held by the decoder. */
    public long bytesBuffered() {
        return (long) headerBuffer.position() + payload.fill();
    }

    /** The number of complete headers seen so far; grows by one each time a header completes. */
    public long headersDecoded() {
        return headersDecoded;
    }

    /** The current capacity of the payload assembly buffer in bytes (for memory accounting). */
    public int bufferCapacity() {
        return payload.capacity();
    }

    public int maxPayloadSize() {
        return maxPayloadSize;
    }

    private void enter() {
        if (failed) {
            throw new IllegalStateException("the decoder failed earlier; the stream cannot be resumed");
        }
        if (feeding) {
            throw new IllegalStateException("the decoder is not reentrant: called from inside a listener");
        }
        feeding = true;
    }

    private void readHeader(ByteBuffer chunk, FrameListener listener) throws FrameException {
        FrameHeader h;
        if (headerBuffer.position() == 0 && chunk.remaining() >= FrameHeader.HEADER_SIZE) {
            h = FrameHeader.parse(chunk);
        } else {
            int n = Math.min(headerBuffer.remaining(), chunk.remaining());
            headerBuffer.put(headerBuffer.position(), chunk, chunk.position(), n);
            headerBuffer.position(headerBuffer.position() + n);
            chunk.position(chunk.position() + n);
            if (headerBuffer.hasRemaining()) {
                return;
            }
            h = FrameHeader.parse(headerBuffer.flip());
            headerBuffer.clear();
        }
        headersDecoded++;
        if (h.size() > maxPayloadSize) {
            throw new FrameException(FrameException.Reason.SIZE_TOO_LARGE, "a type " + h.type() + " frame from "
                    + h.uuid() + " announces " + h.size() + " payload bytes, the limit is " + maxPayloadSize);
        }
        listener.onHeader(h);
        if (h.size() == 0) {
            listener.onFrame(h, ByteBuffer.allocate(0));
        } else {
            header = h;
        }
    }

    private void readPayload(ByteBuffer chunk, FrameListener listener) throws FrameException {
        int size = (int) header.size();
        if (payload.fill() == 0 && chunk.remaining() >= size) {
            int start = chunk.position();
            chunk.position(start + size);
            deliver(listener, chunk.slice(start, size));
            return;
        }
        if (payload.append(chunk, size)) {
            deliver(listener, payload.take());
            payload.trim();
        }
    }

    private void deliver(FrameListener listener, ByteBuffer framePayload) throws FrameException {
        FrameHeader h = header;
        header = null;
        listener.onFrame(h, framePayload);
    }
}
