// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes and checks the HMAC-SHA-256 of frames: over the {@value FrameHeader#HEADER_SIZE} header
 * bytes with the HMAC field set to zeros, then the payload. The key is the sensor's key as raw bytes.
 *
 * <p>Not thread-safe: it reuses one {@link Mac} and scratch buffers, so keep one per connection or
 * per thread. No method changes the position or limit of the buffers passed in. Null arguments
 * throw {@link NullPointerException}.
 */
public final class FrameAuthenticator {

    private static final String ALGORITHM = "HmacSHA256";

    private final Mac mac;
    private final ByteBuffer header = ByteBuffer.allocate(FrameHeader.HEADER_SIZE);
    private final byte[] result = new byte[FrameHeader.HMAC_SIZE];
    private long expected = -1;             // payload bytes the frame begun with begin() still awaits

    /**
     * @param key the raw key bytes (copied)
     * @throws IllegalArgumentException if the key is empty
     */
    public FrameAuthenticator(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("the HMAC key is empty");
        }
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java SE runtime provides " + ALGORITHM, e);
        }
    }

    /** For a key given as text, such as the content of a sensor's {@code key} file (UTF-8 bytes). */
    public static FrameAuthenticator forKey(String key) {
        return new FrameAuthenticator(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The HMAC of a frame given as its header bytes (at {@code headerBytes.position()}, the HMAC field
     * is ignored) and its payload ({@code payload.remaining()} bytes).
     *
     * @throws IllegalArgumentException if fewer than {@value FrameHeader#HEADER_SIZE} header bytes
     *     remain or the payload length differs from the header's size field
     */
    public byte[] compute(ByteBuffer headerBytes, ByteBuffer payload) {
        if (headerBytes.remaining() < FrameHeader.HEADER_SIZE) {
            throw new IllegalArgumentException("a header has " + FrameHeader.HEADER_SIZE + " bytes, got "
                    + headerBytes.remaining());
        }
        checkSize(WireBytes.getUInt32LE(headerBytes, headerBytes.position() + FrameHeader.SIZE_OFFSET), payload);
        headerBytes.get(headerBytes.position(), header.array());
        Arrays.fill(header.array(), FrameHeader.HMAC_OFFSET, FrameHeader.HMAC_OFFSET + FrameHeader.HMAC_SIZE, (byte) 0);
        return finish(payload).clone();
    }

    /** The HMAC of a frame given as a parsed header (its HMAC field is ignored) and its payload. */
    public byte[] compute(FrameHeader frameHeader, ByteBuffer payload) {
        checkSize(frameHeader.size(), payload);
        frameHeader.writeAt(header, 0, true);
        return finish(payload).clone();
    }

    /** The header with its HMAC field set for this payload. */
    public FrameHeader sign(FrameHeader unsigned, ByteBuffer payload) {
        return unsigned.withHmac(compute(unsigned, payload));
    }

    /**
     * Signs a complete frame in place: the header at {@code frame.position()}, followed by exactly
     * its size field's number of payload bytes; the HMAC field is overwritten.
     *
     * @throws IllegalArgumentException if the buffer holds less than the whole frame
     */
    public void signInPlace(ByteBuffer frame) {
        int p = frame.position();
        long size = frame.remaining() < FrameHeader.HEADER_SIZE ? -1 : WireBytes.getUInt32LE(frame, p + FrameHeader.SIZE_OFFSET);
        if (size < 0 || frame.remaining() - FrameHeader.HEADER_SIZE < size) {
            throw new IllegalArgumentException("the buffer holds " + frame.remaining() + " bytes, less than the whole frame");
        }
        byte[] computed = compute(frame, frame.slice(p + FrameHeader.HEADER_SIZE, (int) size));
        frame.put(p + FrameHeader.HMAC_OFFSET, computed);
    }

    /** True if the header's HMAC field matches the frame (constant-time comparison). */
    public boolean verify(FrameHeader frameHeader, ByteBuffer payload) {
        checkSize(frameHeader.size(), payload);
        frameHeader.writeAt(header, 0, true);
        return frameHeader.hmacMatches(finish(payload));
    }

    /** True if the HMAC field inside {@code headerBytes} matches the frame (constant-time comparison). */
    public boolean verify(ByteBuffer headerBytes, ByteBuffer payload) {
        byte[] claimed = new byte[FrameHeader.HMAC_SIZE];
        byte[] computed = compute(headerBytes, payload);
        headerBytes.get(headerBytes.position() + FrameHeader.HMAC_OFFSET, claimed);
        return MessageDigest.isEqual(claimed, computed);
    }

    /**
     * Starts checking a frame whose payload arrives in fragments: {@link #update} with each fragment
     * as it is received, then {@link #end}. The payload is hashed once, as it arrives, so it never
     * needs a second pass. Starting a frame abandons one left unfinished.
     */
    public void begin(FrameHeader frameHeader) {
        mac.reset();
        frameHeader.writeAt(header, 0, true);
        mac.update(header.array());
        expected = frameHeader.size();
    }

    /**
     * Adds the next fragment of the payload of the frame begun with {@link #begin}.
     *
     * @throws IllegalStateException if no frame was begun or the fragment goes past its size
     */
    public void update(ByteBuffer fragment) {
        if (expected < fragment.remaining()) {
            throw new IllegalStateException(expected < 0 ? "no frame begun"
                    : "the fragment of " + fragment.remaining() + " bytes goes past the payload, " + expected + " bytes were left");
        }
        mac.update(fragment.duplicate());
        expected -= fragment.remaining();
    }

    /**
     * True if the HMAC field of {@code frameHeader} matches the frame begun with {@link #begin}
     * (constant-time comparison).
     *
     * @throws IllegalStateException if no frame was begun or part of its payload is missing
     */
    public boolean end(FrameHeader frameHeader) {
        if (expected != 0) {
            throw new IllegalStateException(expected < 0 ? "no frame begun" : expected + " payload bytes are missing");
        }
        expected = -1;
        try {
            mac.doFinal(result, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("the result buffer fits a SHA-256 HMAC", e);
        }
        return frameHeader.hmacMatches(result);
    }

    private byte[] finish(ByteBuffer payload) {
        if (expected >= 0) {
            mac.reset();                    // a frame begun and abandoned
            expected = -1;
        }
        mac.update(header.array());
        mac.update(payload.duplicate());
        try {
            mac.doFinal(result, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("the result buffer fits a SHA-256 HMAC", e);
        }
        return result;
    }

    private static void checkSize(long announced, ByteBuffer payload) {
        if (payload.remaining() != announced) {
            throw new IllegalArgumentException("the header announces " + announced + " payload bytes, got "
                    + payload.remaining());
        }
    }
}
