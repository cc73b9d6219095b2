// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Builds signed version-{@value FrameHeader#CURRENT_VERSION} frames for one sensor key.
 *
 * <p>Not thread-safe (it owns a {@link FrameAuthenticator}); use one per connection or thread. The
 * type is not checked against {@link D4Type}, so tests and tools can build any frame. Null arguments
 * throw {@link NullPointerException}.
 */
public final class FrameEncoder {

    private final FrameAuthenticator authenticator;

    /** @param key the sensor's raw HMAC key (copied); see {@link FrameAuthenticator#FrameAuthenticator(byte[])} */
    public FrameEncoder(byte[] key) {
        this(new FrameAuthenticator(key));
    }

    /** @param authenticator used for signing; the encoder becomes its only user */
    public FrameEncoder(FrameAuthenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    /** The length of a frame carrying {@code payloadLength} bytes. */
    public static int frameLength(int payloadLength) {
        return Math.addExact(FrameHeader.HEADER_SIZE, payloadLength);
    }

    /**
     * Writes one frame at {@code out}'s position, advancing it; consumes {@code payload}'s remaining
     * bytes.
     *
     * @throws IllegalArgumentException if {@code type} is outside 0-255
     * @throws BufferOverflowException if {@code out} lacks room (nothing is written or consumed)
     */
    public void encode(int type, UUID uuid, long timestamp, ByteBuffer payload, ByteBuffer out) {
        FrameHeader header = FrameHeader.unsigned(FrameHeader.CURRENT_VERSION, type, uuid, timestamp, payload.remaining());
        if (out.remaining() < frameLength(payload.remaining())) {
            throw new BufferOverflowException();
        }
        int start = out.position();
        header.writeTo(out);
        out.put(payload);
        authenticator.signInPlace(out.duplicate().position(start));
    }

    /** One frame as a new array. */
    public byte[] encode(int type, UUID uuid, long timestamp, byte[] payload) {
        byte[] frame = new byte[frameLength(payload.length)];
        encode(type, uuid, timestamp, ByteBuffer.wrap(payload), ByteBuffer.wrap(frame));
        return frame;
    }

    /**
     * Cuts {@code data} into payloads of at most {@code snaplen} bytes and returns their frames back
     * to back, all with the same timestamp. Empty data gives no frame: a trailing zero-size frame,
     * as the C client sends at end of input, is the caller's choice.
     *
     * @throws IllegalArgumentException if {@code snaplen} is not positive
     */
    public byte[] encodeSplit(int type, UUID uuid, long timestamp, byte[] data, int snaplen) {
        checkSnaplen(snaplen);
        int frames = data.length / snaplen + (data.length % snaplen == 0 ? 0 : 1);
        ByteBuffer out = ByteBuffer.allocate(Math.addExact(Math.multiplyExact(frames, FrameHeader.HEADER_SIZE), data.length));
        for (int off = 0; off < data.length; off += snaplen) {
            encode(type, uuid, timestamp, ByteBuffer.wrap(data, off, Math.min(snaplen, data.length - off)), out);
        }
        return out.array();
    }

    /**
     * Copies a stream as frames until end of input: one frame per {@link InputStream#read(byte[])}
     * of at most {@code snaplen} bytes, so data is sent as soon as it arrives, like a sensor does.
     * Each frame is stamped with {@code clock} (seconds). Neither stream is closed or flushed.
     *
     * @return the number of frames written
     * @throws IllegalArgumentException if {@code snaplen} is not positive
     */
    public long encodeStream(InputStream in, OutputStream out, int type, UUID uuid, LongSupplier clock,
            int snaplen) throws IOException {
        checkSnaplen(snaplen);
        byte[] data = new byte[snaplen];
        byte[] frame = new byte[frameLength(snaplen)];
        long frames = 0;
        for (int n = in.read(data); n >= 0; n = in.read(data)) {
            if (n == 0) {
                continue;
            }
            encode(type, uuid, clock.getAsLong(), ByteBuffer.wrap(data, 0, n), ByteBuffer.wrap(frame));
            out.write(frame, 0, frameLength(n));
            frames++;
        }
        return frames;
    }

    private static void checkSnaplen(int snaplen) {
        if (snaplen <= 0) {
            throw new IllegalArgumentException("snaplen must be positive, got " + snaplen);
        }
    }
}
