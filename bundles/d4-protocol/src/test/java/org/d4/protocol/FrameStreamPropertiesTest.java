// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.d4.protocol.TestFrames.Collector;
import org.d4.protocol.TestFrames.Decoded;
import org.d4.protocol.TestFrames.Spec;

/** Random frame sequences cut at random places, with and without a flipped bit. */
class FrameStreamPropertiesTest {

    private static final int MAX = 4096;
    private final FrameAuthenticator auth = new FrameAuthenticator(TestFrames.KEY);

    @Provide
    Arbitrary<List<Spec>> frames() {
        Arbitrary<byte[]> payloads = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(new byte[0])),
                Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMaxSize(3000)));
        Arbitrary<Long> random = Arbitraries.longs().withoutEdgeCases();   // UUID bits: edge cases add nothing
        return Combinators.combine(Arbitraries.integers().between(0, 255), random, random, Arbitraries.longs(), payloads)
                .as((type, msb, lsb, time, payload) -> new Spec(type, TestFrames.v4(msb, lsb), time, payload))
                .list().ofMaxSize(12);
    }

    /** Chunk sizes used in turn; one-byte chunks are a case of their own. */
    @Provide
    Arbitrary<List<Integer>> chunkSizes() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(List.of(1))),
                Tuple.of(5, Arbitraries.integers().between(1, 5000).list().ofMinSize(1).ofMaxSize(20)));
    }

    @Property(tries = 300)
    void anySplitGivesBackTheFramesThatWereEncoded(@ForAll("frames") List<Spec> specs,
            @ForAll("chunkSizes") List<Integer> chunks, @ForAll boolean direct) throws FrameException {
        FrameDecoder decoder = new FrameDecoder(MAX);
        Collector c = new Collector(decoder);
        feed(decoder, TestFrames.encodeAll(specs), chunks, direct, c);
        decoder.endOfStream();
        assertEquals(specs.size(), c.frames.size());
        assertEquals(specs.size(), decoder.headersDecoded());
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            Decoded d = c.frames.get(i);
            assertEquals(FrameHeader.unsigned(1, s.type(), s.uuid(), s.timestamp(), s.payload().length),
                    d.header().withHmac(new byte[FrameHeader.HMAC_SIZE]));
            assertArrayEquals(s.payload(), d.payload());
            assertTrue(auth.verify(d.header(), ByteBuffer.wrap(d.payload())));
        }
    }

    @Property(tries = 500)
    void anySingleBitFlipIsCaught(@ForAll("frames") @Size(min = 1) List<Spec> specs, @ForAll int frameSeed,
            @ForAll @IntRange(min = 0) int bitSeed, @ForAll Region region, @ForAll("chunkSizes") List<Integer> chunks) {
        byte[] stream = TestFrames.encodeAll(specs);
        int flipped = Math.floorMod(frameSeed, specs.size());
        int start = 0;
        for (int i = 0; i < flipped; i++) {
            start += FrameEncoder.frameLength(specs.get(i).payload().length);
        }
        int bitInFrame = region.pick(bitSeed, specs.get(flipped).payload().length);
        int offset = bitInFrame / 8;
        stream[start + offset] ^= (byte) (1 << (bitInFrame % 8));

        FrameDecoder decoder = new FrameDecoder(MAX);
        Collector c = new Collector(decoder);
        FrameException error = null;
        try {
            feed(decoder, stream, chunks, false, c);
            decoder.endOfStream();
        } catch (FrameException e) {   // anything else fails the property
            error = e;
        }
        for (int i = 0; i < Math.min(flipped, c.frames.size()); i++) {
            assertTrue(verifies(c.frames.get(i)), "frame " + i + " precedes the flipped bit");
        }
        if (offset < FrameHeader.SIZE_OFFSET || offset >= FrameHeader.HEADER_SIZE) {
            assertNull(error, "the framing is unchanged");
            assertEquals(specs.size(), c.frames.size());
            for (int i = 0; i < specs.size(); i++) {
                assertEquals(i != flipped, verifies(c.frames.get(i)), "frame " + i + ", flipped " + flipped);
            }
        } else if (error == null) {
            assertTrue(c.frames.size() > flipped, "the frame with the changed size was delivered");
            assertFalse(verifies(c.frames.get(flipped)), "a changed size fails the HMAC");
        } else {
            assertTrue(List.of(FrameException.Reason.SIZE_TOO_LARGE, FrameException.Reason.TRUNCATED)
                    .contains(error.reason()), error.toString());
        }
    }

    @Property(tries = 300)
    void noiseOnlyEverFailsWithAFrameException(@ForAll @Size(max = 3000) byte[] noise,
            @ForAll("chunkSizes") List<Integer> chunks) {
        FrameDecoder decoder = new FrameDecoder(256);
        try {
            feed(decoder, noise, chunks, false, new Collector(decoder));
            decoder.endOfStream();
        } catch (FrameException expected) {
            TestFrames.assertWithinBound(decoder);
        }
    }

    /** Where in the frame the bit flips; the size field is rare among all bits, so it gets a case of its own. */
    enum Region {
        ANYWHERE, HEADER, SIZE_FIELD, PAYLOAD;

        int pick(int seed, int payloadLength) {
            int headerBits = FrameHeader.HEADER_SIZE * 8;
            return switch (this) {
                case HEADER -> seed % headerBits;
                case SIZE_FIELD -> FrameHeader.SIZE_OFFSET * 8 + seed % 32;
                case PAYLOAD -> payloadLength == 0 ? seed % headerBits : headerBits + seed % (payloadLength * 8);
                case ANYWHERE -> seed % (headerBits + payloadLength * 8);
            };
        }
    }

    private boolean verifies(Decoded d) {
        return auth.verify(d.header(), ByteBuffer.wrap(d.payload()));
    }

    private static void feed(FrameDecoder decoder, byte[] stream, List<Integer> sizes, boolean direct,
            FrameListener listener) throws FrameException {
        int turn = 0;
        for (int off = 0; off < stream.length; turn++) {
            int n = Math.min(sizes.get(turn % sizes.size()), stream.length - off);
            ByteBuffer chunk = direct ? ByteBuffer.allocateDirect(n).put(stream, off, n).flip()
                    : ByteBuffer.wrap(stream, off, n).order(turn % 2 == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            decoder.feed(chunk, listener);
            assertFalse(chunk.hasRemaining(), "feed consumes the whole chunk");
            TestFrames.assertWithinBound(decoder);
            off += n;
        }
    }
}
