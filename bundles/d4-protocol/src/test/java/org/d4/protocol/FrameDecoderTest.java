// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import static org.d4.protocol.TestFrames.SENSOR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.d4.protocol.TestFrames.Collector;
import org.d4.protocol.TestFrames.Spec;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static final List<Spec> THREE = List.of(
            new Spec(3, SENSOR, 1, "first line\n".getBytes()),
            new Spec(3, SENSOR, 2, new byte[0]),
            new Spec(8, SENSOR, 3, "a||b||c\n".getBytes()));
    private static final byte[] STREAM = TestFrames.encodeAll(THREE);

    private static void assertThree(Collector c) {
        assertEquals(3, c.frames.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(THREE.get(i).timestamp(), c.frames.get(i).header().timestamp());
            assertArrayEquals(THREE.get(i).payload(), c.frames.get(i).payload());
        }
    }

    @Test
    void decodesEverySplitOfTheStreamIntoThreeChunks() throws FrameException {
        for (int i = 0; i <= STREAM.length; i++) {
            for (int j = i; j <= STREAM.length; j++) {
                FrameDecoder decoder = new FrameDecoder();
                Collector c = new Collector(decoder);
                decoder.feed(ByteBuffer.wrap(STREAM, 0, i), c);
                decoder.feed(ByteBuffer.wrap(STREAM, i, j - i), c);
                decoder.feed(ByteBuffer.wrap(STREAM, j, STREAM.length - j), c);
                decoder.endOfStream();
                assertThree(c);
            }
        }
    }

    @Test
    void decodesOneByteAtATime() throws FrameException {
        FrameDecoder decoder = new FrameDecoder();
        Collector c = new Collector(decoder);
        for (byte b : STREAM) {
            ByteBuffer one = ByteBuffer.wrap(new byte[] {b});
            decoder.feed(one, c);
            assertFalse(one.hasRemaining());
        }
        assertThree(c);
        assertEquals(3, decoder.headersDecoded());
    }

    @Test
    void aFrameInsideTheChunkIsAViewOfTheChunk() throws FrameException {
        List<Boolean> shared = new ArrayList<>();
        ByteBuffer chunk = ByteBuffer.wrap(STREAM);
        new FrameDecoder().feed(chunk, (h, p) -> shared.add(h.size() == 0 || p.array() == STREAM));
        assertEquals(List.of(true, true, true), shared);
        assertEquals(STREAM.length, chunk.position());
    }

    @Test
    void aSplitFrameIsAssembledInTheDecodersBuffer() throws FrameException {
        List<ByteBuffer> payloads = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder();
        decoder.feed(ByteBuffer.wrap(TestFrames.VECTOR, 0, 65), (h, p) -> payloads.add(p));
        assertTrue(payloads.isEmpty());
        decoder.feed(ByteBuffer.wrap(TestFrames.VECTOR, 65, TestFrames.VECTOR.length - 65), (h, p) -> {
            assertNotSame(TestFrames.VECTOR, p.array());
            payloads.add(p);
        });
        assertEquals(1, payloads.size());
    }

    @Test
    void reportsProgressForAnIdleTimeout() throws FrameException {
        FrameDecoder decoder = new FrameDecoder();
        FrameListener ignore = (h, p) -> { };
        assertFalse(decoder.inFrame());
        decoder.feed(ByteBuffer.wrap(TestFrames.VECTOR, 0, 10), ignore);
        assertTrue(decoder.inFrame());
        assertEquals(10, decoder.bytesBuffered());
        assertEquals(0, decoder.headersDecoded());
        decoder.feed(ByteBuffer.wrap(TestFrames.VECTOR, 10, 55), ignore);
        assertEquals(1, decoder.headersDecoded(), "the header is complete, its payload is not");
        assertTrue(decoder.inFrame());
        assertEquals(3, decoder.bytesBuffered());
        decoder.feed(ByteBuffer.wrap(TestFrames.VECTOR, 65, 6), ignore);
        assertFalse(decoder.inFrame());
        assertEquals(0, decoder.bytesBuffered());
    }

    @Test
    void callsOnHeaderBeforeItsPayloadArrives() throws FrameException {
        List<String> events = new ArrayList<>();
        FrameListener listener = new FrameListener() {
            @Override
            public void onHeader(FrameHeader header) {
                events.add("header " + header.size());
            }

            @Override
            public void onFrame(FrameHeader header, ByteBuffer payload) {
                events.add("frame " + header.size());
            }
        };
        FrameDecoder decoder = new FrameDecoder();
        decoder.feed(ByteBuffer.wrap(STREAM, 0, FrameHeader.HEADER_SIZE), listener);
        assertEquals(List.of("header 11"), events);
        decoder.feed(ByteBuffer.wrap(STREAM, FrameHeader.HEADER_SIZE, STREAM.length - FrameHeader.HEADER_SIZE), listener);
        assertEquals(List.of("header 11", "frame 11", "header 0", "frame 0", "header 8", "frame 8"), events);
    }

    @Test
    void aTooLargeSizeFailsOnTheHeaderAloneAndTheDecoderStaysFailed() {
        byte[] header = FrameHeader.unsigned(1, 3, SENSOR, 0, 1001).toBytes();
        FrameDecoder decoder = new FrameDecoder(1000);
        List<FrameHeader> seen = new ArrayList<>();
        FrameListener listener = new FrameListener() {
            @Override
            public void onHeader(FrameHeader h) {
                seen.add(h);
            }

            @Override
            public void onFrame(FrameHeader h, ByteBuffer p) {
                seen.add(h);
            }
        };
        FrameException e = assertThrows(FrameException.class, () -> decoder.feed(ByteBuffer.wrap(header), listener));
        assertEquals(FrameException.Reason.SIZE_TOO_LARGE, e.reason());
        assertEquals("a type 3 frame from " + SENSOR + " announces 1001 payload bytes, the limit is 1000", e.getMessage());
        assertTrue(seen.isEmpty());
        assertEquals(0, decoder.bufferCapacity());
        IllegalStateException again = assertThrows(IllegalStateException.class,
                () -> decoder.feed(ByteBuffer.allocate(1), listener));
        assertEquals("the decoder failed earlier; the stream cannot be resumed", again.getMessage());
        assertThrows(IllegalStateException.class, decoder::endOfStream);
    }

    @Test
    void theLargestUnsignedSizeIsTooLargeByDefault() {
        byte[] header = FrameHeader.unsigned(1, 1, SENSOR, 0, FrameHeader.MAX_SIZE).toBytes();
        FrameException e = assertThrows(FrameException.class,
                () -> new FrameDecoder().feed(ByteBuffer.wrap(header), (h, p) -> { }));
        assertTrue(e.getMessage().contains("announces 4294967295 payload bytes, the limit is 1000000"), e.getMessage());
    }

    @Test
    void aSizeEqualToTheLimitIsAccepted() throws FrameException {
        FrameDecoder zero = new FrameDecoder(0);
        Collector empty = new Collector(zero);
        zero.feed(ByteBuffer.wrap(TestFrames.encodeAll(List.of(new Spec(1, SENSOR, 0, new byte[0])))), empty);
        assertEquals(1, empty.frames.size());
        FrameDecoder nine = new FrameDecoder(9);
        Collector c = new Collector(nine);
        nine.feed(ByteBuffer.wrap(TestFrames.VECTOR), c);
        assertEquals(1, c.frames.size());
        assertThrows(FrameException.class, () -> new FrameDecoder(8).feed(ByteBuffer.wrap(TestFrames.VECTOR), c));
    }

    @Test
    void theAssemblyBufferGrowsWithTheBytesReceivedNotTheSizeAnnounced() throws FrameException {
        FrameDecoder decoder = new FrameDecoder();
        byte[] frame = TestFrames.encodeAll(List.of(new Spec(1, SENSOR, 0, new byte[1_000_000])));
        Collector c = new Collector(decoder);
        decoder.feed(ByteBuffer.wrap(frame, 0, 100), c);
        assertTrue(decoder.bufferCapacity() <= 4096, "capacity " + decoder.bufferCapacity());
        for (int off = 100; off < frame.length; off += 65_536) {
            decoder.feed(ByteBuffer.wrap(frame, off, Math.min(65_536, frame.length - off)), c);
            TestFrames.assertWithinBound(decoder);
        }
        assertEquals(1, c.frames.size());
        assertEquals(0, decoder.bufferCapacity(), "a large buffer is not kept once its frame is delivered");
    }

    @Test
    void theEndOfTheStreamInsideAFrameIsATruncation() throws FrameException {
        FrameDecoder inHeader = new FrameDecoder();
        inHeader.feed(ByteBuffer.wrap(TestFrames.VECTOR, 0, 30), (h, p) -> { });
        FrameException e = assertThrows(FrameException.class, inHeader::endOfStream);
        assertEquals(FrameException.Reason.TRUNCATED, e.reason());
        assertEquals("the stream ended after 30 of the 62 bytes of a frame header", e.getMessage());

        FrameDecoder inPayload = new FrameDecoder();
        inPayload.feed(ByteBuffer.wrap(TestFrames.VECTOR, 0, 66), (h, p) -> { });
        e = assertThrows(FrameException.class, inPayload::endOfStream);
        assertEquals("the stream ended after 4 of the 9 payload bytes of a type 3 frame", e.getMessage());

        FrameDecoder clean = new FrameDecoder();
        clean.feed(ByteBuffer.wrap(TestFrames.VECTOR), (h, p) -> { });
        clean.endOfStream();
    }

    @Test
    void aListenerErrorStopsDecodingForGood() {
        FrameDecoder decoder = new FrameDecoder();
        ByteBuffer chunk = ByteBuffer.wrap(STREAM);
        FrameException e = assertThrows(FrameException.class, () -> decoder.feed(chunk, (h, p) -> {
            throw new FrameException(FrameException.Reason.BAD_HMAC, "bad hmac");
        }));
        assertEquals(FrameException.Reason.BAD_HMAC, e.reason());
        assertTrue(chunk.hasRemaining(), "nothing after the rejected frame is consumed");
        assertThrows(IllegalStateException.class, () -> decoder.feed(chunk, (h, p) -> { }));
    }

    @Test
    void refusesReentrantCalls() {
        FrameDecoder decoder = new FrameDecoder();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> decoder.feed(ByteBuffer.wrap(STREAM), (h, p) -> decoder.feed(ByteBuffer.allocate(1), (x, y) -> { })));
        assertTrue(e.getMessage().contains("not reentrant"), e.getMessage());
    }

    @Test
    void respectsTheChunksPositionAndLimit() throws FrameException {
        byte[] padded = new byte[STREAM.length + 20];
        Arrays.fill(padded, (byte) 0xFF);
        System.arraycopy(STREAM, 0, padded, 10, STREAM.length);
        FrameDecoder decoder = new FrameDecoder();
        Collector c = new Collector(decoder);
        ByteBuffer chunk = ByteBuffer.wrap(padded, 10, STREAM.length);
        decoder.feed(chunk, c);
        assertThree(c);
        assertEquals(10 + STREAM.length, chunk.position());
    }

    @Test
    void rejectsANegativeLimit() {
        assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(-1));
    }
}
