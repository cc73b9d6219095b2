// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * The 62-byte header in front of every D4 frame. Integers are little-endian on the wire; the UUID
 * is its 16 bytes in the usual (big-endian) order.
 *
 * <pre>
 * offset  0      1      2 ........ 17  18 ...... 25  26 ......... 57  58 ... 61
 *        +------+------+-------------+-------------+----------------+---------+
 *        | ver  | type | uuid (16)   | time (u64)  | hmac (32)      | size u32|
 *        +------+------+-------------+-------------+----------------+---------+
 * </pre>
 *
 * <p>Every field keeps its full unsigned range, so {@link #writeTo} reproduces the parsed bytes
 * exactly (the HMAC depends on that): {@code version} and {@code type} are 0-255, {@code timestamp}
 * is an unsigned 64-bit count of seconds held in a {@code long} (compare with
 * {@link Long#compareUnsigned}), {@code size} is 0 to 2<sup>32</sup>-1 held in a {@code long}.
 * Immutable; {@link #hmac()} returns a copy. No component may be null.
 *
 * @param version protocol version, {@value #CURRENT_VERSION} today
 * @param type payload type, see {@link D4Type}
 * @param uuid the sensor UUID
 * @param timestamp seconds since the epoch, unsigned
 * @param hmac the 32-byte HMAC-SHA-256 field (all zeros before signing)
 * @param size the payload length in bytes
 */
public record FrameHeader(int version, int type, UUID uuid, long timestamp, byte[] hmac, long size) {

    public static final int HEADER_SIZE = 62;
    public static final int HMAC_OFFSET = 26;
    public static final int HMAC_SIZE = 32;
    public static final int SIZE_OFFSET = 58;
    public static final int CURRENT_VERSION = 1;
    public static final long MAX_SIZE = 0xFFFF_FFFFL;

    /** @throws IllegalArgumentException if a value does not fit its field */
    public FrameHeader {
        checkRange("version", version, 255);
        checkRange("type", type, 255);
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(hmac, "hmac");
        if (hmac.length != HMAC_SIZE) {
            throw new IllegalArgumentException("hmac must be " + HMAC_SIZE + " bytes, got " + hmac.length);
        }
        checkRange("size", size, MAX_SIZE);
        hmac = hmac.clone();
    }

    /** An unsigned header (HMAC field zero), as built before signing. */
    public static FrameHeader unsigned(int version, int type, UUID uuid, long timestamp, long size) {
        return new FrameHeader(version, type, uuid, timestamp, new byte[HMAC_SIZE], size);
    }

    /**
     * Reads a header at the buffer's position and advances it by {@value #HEADER_SIZE}. The buffer's
     * byte order is ignored and left unchanged.
     *
     * @throws FrameException {@code TRUNCATED} if fewer than {@value #HEADER_SIZE} bytes remain
     *     (the position is then unchanged)
     */
    public static FrameHeader parse(ByteBuffer in) throws FrameException {
        if (in.remaining() < HEADER_SIZE) {
            throw new FrameException(FrameException.Reason.TRUNCATED,
                    "a frame header needs " + HEADER_SIZE + " bytes, only " + in.remaining() + " available");
        }
        int p = in.position();
        UUID uuid = new UUID(WireBytes.getLongBE(in, p + 2), WireBytes.getLongBE(in, p + 10));
        byte[] hmac = new byte[HMAC_SIZE];
        in.get(p + HMAC_OFFSET, hmac);
        FrameHeader h = new FrameHeader(in.get(p) & 0xFF, in.get(p + 1) & 0xFF, uuid,
                WireBytes.getLongLE(in, p + 18), hmac, WireBytes.getUInt32LE(in, p + SIZE_OFFSET));
        in.position(p + HEADER_SIZE);
        return h;
    }

    /**
     * Writes the header at the buffer's position and advances it by {@value #HEADER_SIZE}; the
     * buffer's byte order is ignored.
     *
     * @throws BufferOverflowException if fewer than {@value #HEADER_SIZE} bytes remain (nothing written)
     */
    public void writeTo(ByteBuffer out) {
        if (out.remaining() < HEADER_SIZE) {
            throw new BufferOverflowException();
        }
        writeAt(out, out.position(), false);
        out.position(out.position() + HEADER_SIZE);
    }

    /** The {@value #HEADER_SIZE} wire bytes. */
    public byte[] toBytes() {
        byte[] bytes = new byte[HEADER_SIZE];
        writeAt(ByteBuffer.wrap(bytes), 0, false);
        return bytes;
    }

    /** This header with another HMAC field. */
    public FrameHeader withHmac(byte[] newHmac) {
        return new FrameHeader(version, type, uuid, timestamp, newHmac, size);
    }

    /** A copy of the HMAC field. */
    @Override
    public byte[] hmac() {
        return hmac.clone();
    }

    /**
     * True if {@code uuid} is a version-4 (random) UUID of the RFC 4122 variant (bits 10xx), the
     * only kind PROTOCOL.md allows for sensors. False for null.
     */
    public static boolean isVersion4(UUID uuid) {
        return uuid != null && uuid.variant() == 2 && uuid.version() == 4;
    }

    /** Absolute write, optionally with the HMAC field zeroed (the form the HMAC is computed over). */
    void writeAt(ByteBuffer out, int index, boolean zeroHmac) {
        out.put(index, (byte) version);
        out.put(index + 1, (byte) type);
        WireBytes.putLongBE(out, index + 2, uuid.getMostSignificantBits());
        WireBytes.putLongBE(out, index + 10, uuid.getLeastSignificantBits());
        WireBytes.putLongLE(out, index + 18, timestamp);
        if (zeroHmac) {
            for (int i = 0; i < HMAC_SIZE; i++) {
                out.put(index + HMAC_OFFSET + i, (byte) 0);
            }
        } else {
            out.put(index + HMAC_OFFSET, hmac);
        }
        WireBytes.putUInt32LE(out, index + SIZE_OFFSET, size);
    }

    /** Constant-time comparison of the HMAC field with {@code mac}. */
    boolean hmacMatches(byte[] mac) {
        return MessageDigest.isEqual(hmac, mac);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameHeader h && version == h.version && type == h.type && uuid.equals(h.uuid)
                && timestamp == h.timestamp && Arrays.equals(hmac, h.hmac) && size == h.size;
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, type, uuid, timestamp, Arrays.hashCode(hmac), size);
    }

    @Override
    public String toString() {
        return "FrameHeader[version=" + version + ", type=" + type + ", uuid=" + uuid + ", timestamp="
                + Long.toUnsignedString(timestamp) + ", hmac=" + HexFormat.of().formatHex(hmac) + ", size=" + size + "]";
    }

    private static void checkRange(String field, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " must be 0.." + max + ", got " + value);
        }
    }
}
