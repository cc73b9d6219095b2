// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import static org.d4.protocol.TestFrames.KEY;
import static org.d4.protocol.TestFrames.SENSOR;
import static org.d4.protocol.TestFrames.TIMESTAMP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {

    private final FrameEncoder encoder = new FrameEncoder(KEY);

    @Test
    void encodesTheHandWrittenVector() {
        assertArrayEquals(TestFrames.VECTOR, encoder.encode(3, SENSOR, TIMESTAMP, TestFrames.PAYLOAD));
    }

    @Test
    void writesIntoABufferAtItsPositionWhateverItsOrder() {
        ByteBuffer out = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN).position(10);
        ByteBuffer payload = ByteBuffer.wrap(TestFrames.PAYLOAD);
        encoder.encode(3, SENSOR, TIMESTAMP, payload, out);
        assertEquals(10 + TestFrames.VECTOR.length, out.position());
        assertEquals(0, payload.remaining());
        assertArrayEquals(TestFrames.VECTOR, Arrays.copyOfRange(out.array(), 10, out.position()));
    }

    @Test
    void aBufferWithoutRoomIsLeftUntouched() {
        ByteBuffer out = ByteBuffer.allocate(TestFrames.VECTOR.length - 1);
        ByteBuffer payload = ByteBuffer.wrap(TestFrames.PAYLOAD);
        assertThrows(BufferOverflowException.class, () -> encoder.encode(3, SENSOR, TIMESTAMP, payload, out));
        assertEquals(0, out.position());
        assertEquals(0, payload.position());
    }

    @Test
    void refusesATypeOutsideTheByte() {
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(256, SENSOR, TIMESTAMP, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(-1, SENSOR, TIMESTAMP, new byte[0]));
    }

    @Test
    void encodesAnEmptyPayload() throws FrameException {
        byte[] frame = encoder.encode(3, SENSOR, TIMESTAMP, new byte[0]);
        assertEquals(FrameHeader.HEADER_SIZE, frame.length);
        FrameHeader h = FrameHeader.parse(ByteBuffer.wrap(frame));
        assertEquals(0, h.size());
        assertTrue(new FrameAuthenticator(KEY).verify(h, ByteBuffer.allocate(0)));
    }

    @Test
    void splitsDataIntoFramesOfAtMostSnaplenBytes() throws FrameException {
        byte[] data = new byte[10_000];
        Arrays.fill(data, (byte) 'x');
        byte[] frames = encoder.encodeSplit(1, SENSOR, TIMESTAMP, data, 4096);
        assertEquals(3 * FrameHeader.HEADER_SIZE + data.length, frames.length);
        ByteBuffer in = ByteBuffer.wrap(frames);
        for (long expected : new long[] {4096, 4096, 1808}) {
            FrameHeader h = FrameHeader.parse(in);
            assertEquals(expected, h.size());
            assertTrue(new FrameAuthenticator(KEY).verify(h, in.slice(in.position(), (int) h.size())));
            in.position(in.position() + (int) h.size());
        }
        assertEquals(2 * FrameHeader.HEADER_SIZE + 8192, encoder.encodeSplit(1, SENSOR, 0, new byte[8192], 4096).length);
        assertEquals(0, encoder.encodeSplit(1, SENSOR, 0, new byte[0], 4096).length);
        assertThrows(IllegalArgumentException.class, () -> encoder.encodeSplit(1, SENSOR, 0, data, 0));
    }

    @Test
    void encodesAStreamOneFramePerRead() throws IOException, FrameException {
        byte[] data = new byte[300];
        InputStream trickle = new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 70));   // a slow source: short reads
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong(100);
        long frames = encoder.encodeStream(trickle, out, 4, SENSOR, clock::incrementAndGet, 64);
        assertEquals(5, frames);   // reads of 64, 64, 64, 64, 44 bytes
        ByteBuffer in = ByteBuffer.wrap(out.toByteArray());
        long total = 0;
        for (int i = 1; i <= frames; i++) {
            FrameHeader h = FrameHeader.parse(in);
            assertEquals(100 + i, h.timestamp());
            assertEquals(4, h.type());
            in.position(in.position() + (int) h.size());
            total += h.size();
        }
        assertEquals(300, total);
        assertEquals(0, in.remaining());
    }
}
