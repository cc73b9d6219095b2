// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import static org.d4.protocol.TestFrames.KEY;
import static org.d4.protocol.TestFrames.VECTOR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FrameAuthenticatorTest {

    private final FrameAuthenticator auth = new FrameAuthenticator(KEY);

    private static ByteBuffer header(byte[] frame) {
        return ByteBuffer.wrap(frame, 0, FrameHeader.HEADER_SIZE);
    }

    private static ByteBuffer payload(byte[] frame) {
        return ByteBuffer.wrap(frame, FrameHeader.HEADER_SIZE, frame.length - FrameHeader.HEADER_SIZE).slice();
    }

    @Test
    void computesTheHmacOfTheHandWrittenVector() throws FrameException {
        assertEquals(TestFrames.HMAC_HEX, HexFormat.of().formatHex(auth.compute(header(VECTOR), payload(VECTOR))));
        FrameHeader h = FrameHeader.parse(ByteBuffer.wrap(VECTOR));
        assertEquals(TestFrames.HMAC_HEX, HexFormat.of().formatHex(auth.compute(h, payload(VECTOR))));
        assertTrue(auth.verify(h, payload(VECTOR)));
        assertTrue(auth.verify(header(VECTOR), payload(VECTOR)));
    }

    @Test
    void everyChangedByteFailsVerification() throws FrameException {
        for (int i = 0; i < VECTOR.length; i++) {
            if (i >= FrameHeader.SIZE_OFFSET && i < FrameHeader.HEADER_SIZE) {
                continue;   // a changed size no longer matches the payload: covered below
            }
            byte[] frame = VECTOR.clone();
            frame[i] ^= 0x01;
            assertFalse(auth.verify(header(frame), payload(frame)), "byte " + i);
            assertFalse(auth.verify(FrameHeader.parse(ByteBuffer.wrap(frame)), payload(frame)), "byte " + i);
        }
    }

    @Test
    void aPayloadThatDoesNotMatchTheSizeFieldIsRejectedLoudly() throws FrameException {
        FrameHeader h = FrameHeader.parse(ByteBuffer.wrap(VECTOR));
        ByteBuffer shorter = ByteBuffer.wrap(VECTOR, FrameHeader.HEADER_SIZE, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> auth.verify(h, shorter));
        assertEquals("the header announces 9 payload bytes, got 8", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> auth.verify(header(VECTOR), shorter));
        assertThrows(IllegalArgumentException.class, () -> auth.compute(ByteBuffer.allocate(61), shorter));
    }

    @Test
    void anotherKeyFailsVerification() {
        assertFalse(FrameAuthenticator.forKey("private kez").verify(header(VECTOR), payload(VECTOR)));
        assertTrue(FrameAuthenticator.forKey("private key").verify(header(VECTOR), payload(VECTOR)));
    }

    @Test
    void leavesTheCallersBuffersWhereTheyWere() {
        ByteBuffer h = header(VECTOR);
        ByteBuffer p = payload(VECTOR);
        auth.verify(h, p);
        auth.compute(h, p);
        assertEquals(0, h.position());
        assertEquals(FrameHeader.HEADER_SIZE, h.limit());
        assertEquals(0, p.position());
        assertEquals(9, p.remaining());
    }

    @Test
    void aDirectPayloadGivesTheSameResult() throws FrameException {
        ByteBuffer direct = ByteBuffer.allocateDirect(9).put(TestFrames.PAYLOAD).flip();
        assertTrue(auth.verify(FrameHeader.parse(ByteBuffer.wrap(VECTOR)), direct));
    }

    @Test
    void signsHeadersAndWholeFrames() {
        FrameHeader unsigned = FrameHeader.unsigned(1, 3, TestFrames.SENSOR, TestFrames.TIMESTAMP, 9);
        FrameHeader signed = auth.sign(unsigned, ByteBuffer.wrap(TestFrames.PAYLOAD));
        assertEquals(TestFrames.HMAC_HEX, HexFormat.of().formatHex(signed.hmac()));

        byte[] frame = VECTOR.clone();
        Arrays.fill(frame, FrameHeader.HMAC_OFFSET, FrameHeader.SIZE_OFFSET, (byte) 0x55);
        auth.signInPlace(ByteBuffer.wrap(frame));
        assertArrayEquals(VECTOR, frame);
        assertThrows(IllegalArgumentException.class, () -> auth.signInPlace(ByteBuffer.wrap(frame, 0, 70)));
        assertThrows(IllegalArgumentException.class, () -> auth.signInPlace(ByteBuffer.wrap(frame, 0, 61)));
    }

    @Test
    void repeatedUseGivesTheSameResult() {
        for (int i = 0; i < 3; i++) {
            assertTrue(auth.verify(header(VECTOR), payload(VECTOR)));
            assertFalse(auth.verify(header(VECTOR), ByteBuffer.wrap("hello d5\n".getBytes())));
        }
    }

    @Test
    void anEmptyKeyIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FrameAuthenticator(new byte[0]));
        assertEquals("the HMAC key is empty", e.getMessage());
        assertThrows(NullPointerException.class, () -> new FrameAuthenticator(null));
    }

    @Test
    void aPayloadHashedInFragmentsVerifiesAsAWhole() throws FrameException {
        FrameHeader h = FrameHeader.parse(ByteBuffer.wrap(VECTOR));
        ByteBuffer payload = payload(VECTOR);
        for (int cut = 0; cut <= payload.remaining(); cut++) {
            auth.begin(h);
            auth.update(payload.slice(0, cut));
            auth.update(payload.slice(cut, payload.remaining() - cut));
            assertTrue(auth.end(h), "cut at " + cut);
        }
        auth.begin(h);
        auth.update(ByteBuffer.wrap("hello d5\n".getBytes()));
        assertFalse(auth.end(h));
    }

    @Test
    void fragmentsMustAddUpToTheAnnouncedSize() throws FrameException {
        FrameHeader h = FrameHeader.parse(ByteBuffer.wrap(VECTOR));
        assertThrows(IllegalStateException.class, () -> auth.update(ByteBuffer.allocate(1)), "no frame begun");
        assertThrows(IllegalStateException.class, () -> auth.end(h), "no frame begun");
        auth.begin(h);
        auth.update(payload(VECTOR).slice(0, 4));
        assertThrows(IllegalStateException.class, () -> auth.end(h), "payload bytes missing");
        auth.begin(h);
        assertThrows(IllegalStateException.class, () -> auth.update(ByteBuffer.allocate(10)), "past the size");
    }

    @Test
    void anAbandonedFrameDoesNotSpoilTheNextOne() throws FrameException {
        FrameHeader h = FrameHeader.parse(ByteBuffer.wrap(VECTOR));
        auth.begin(h);
        auth.update(payload(VECTOR).slice(0, 3));
        assertTrue(auth.verify(h, payload(VECTOR)));
        auth.begin(h);
        auth.update(payload(VECTOR).slice(0, 3));
        auth.begin(h);
        auth.update(payload(VECTOR));
        assertTrue(auth.end(h));
    }
}
