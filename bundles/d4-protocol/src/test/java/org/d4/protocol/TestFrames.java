// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Frames for tests: a hand-written vector, random frame specs, and a listener that keeps copies. */
final class TestFrames {

    static final byte[] KEY = "private key".getBytes(StandardCharsets.US_ASCII);
    static final UUID SENSOR = UUID.fromString("f8a2d4b6-3c1e-4a5b-9d7f-0123456789ab");
    static final long TIMESTAMP = 1_700_000_000L;
    static final byte[] PAYLOAD = "hello d4\n".getBytes(StandardCharsets.US_ASCII);
    /** HMAC-SHA-256 of the vector below, computed with Python's hmac module, not with our code. */
    static final String HMAC_HEX = "9ab4e3628e64f1702c24e7fb31ef665b00c7ebf392e33f5fefc3af917a587164";
    /** One type-3 frame by SENSOR at TIMESTAMP carrying PAYLOAD, signed with KEY, laid out field by field. */
    static final byte[] VECTOR = HexFormat.of().parseHex(""
            + "01"                                      // version 1
            + "03"                                      // type 3, generic log lines
            + "f8a2d4b63c1e4a5b9d7f0123456789ab"        // uuid, bytes in UUID order
            + "00f1536500000000"                        // timestamp 1700000000 = 0x6553f100, little-endian
            + HMAC_HEX                                  // hmac
            + "09000000"                                // size 9, little-endian
            + "68656c6c6f2064340a");                    // "hello d4\n"

    private TestFrames() {
    }

    /** What to encode. */
    record Spec(int type, UUID uuid, long timestamp, byte[] payload) {
    }

    /** A decoded frame with a copy of its payload. */
    record Decoded(FrameHeader header, byte[] payload) {
    }

    /** A version-4, RFC 4122 variant UUID from any two longs. */
    static UUID v4(long msb, long lsb) {
        return new UUID((msb & ~0xF000L) | 0x4000L, (lsb & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
    }

    static byte[] encodeAll(List<Spec> specs) {
        FrameEncoder encoder = new FrameEncoder(KEY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Spec s : specs) {
            out.writeBytes(encoder.encode(s.type(), s.uuid(), s.timestamp(), s.payload()));
        }
        return out.toByteArray();
    }

    /** Keeps a copy of every frame and checks the decoder's memory bound on each call. */
    static final class Collector implements FrameListener {
        final List<Decoded> frames = new ArrayList<>();
        final List<FrameHeader> headers = new ArrayList<>();
        private final FrameDecoder decoder;

        Collector(FrameDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public void onHeader(FrameHeader header) {
            headers.add(header);
        }

        @Override
        public void onFrame(FrameHeader header, ByteBuffer payload) {
            if (payload.remaining() != header.size()) {
                throw new AssertionError("payload has " + payload.remaining() + " bytes, header says " + header.size());
            }
            assertWithinBound(decoder);
            byte[] copy = new byte[payload.remaining()];
            payload.get(copy);
            frames.add(new Decoded(header, copy));
        }
    }

    static void assertWithinBound(FrameDecoder decoder) {
        if (decoder.bufferCapacity() > decoder.maxPayloadSize()
                || decoder.bytesBuffered() > FrameHeader.HEADER_SIZE + (long) decoder.maxPayloadSize()) {
            throw new AssertionError("decoder holds " + decoder.bufferCapacity() + " bytes of buffer, "
                    + decoder.bytesBuffered() + " buffered, limit " + decoder.maxPayloadSize());
        }
    }
}
