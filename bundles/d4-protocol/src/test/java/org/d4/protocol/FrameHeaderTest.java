// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import static org.d4.protocol.TestFrames.SENSOR;
import static org.d4.protocol.TestFrames.VECTOR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameHeaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN"})
    void parsesTheHandWrittenVectorWhateverTheBufferOrder(String order) throws FrameException {
        ByteBuffer in = ByteBuffer.wrap(VECTOR).order(order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        FrameHeader h = FrameHeader.parse(in);
        assertEquals(1, h.version());
        assertEquals(3, h.type());
        assertEquals(SENSOR, h.uuid());
        assertEquals(1_700_000_000L, h.timestamp());
        assertEquals(TestFrames.HMAC_HEX, HexFormat.of().formatHex(h.hmac()));
        assertEquals(9, h.size());
        assertEquals(FrameHeader.HEADER_SIZE, in.position());
        assertEquals(order, in.order().toString(), "the caller's byte order is left alone");
    }

    @Test
    void writesTheSameBytesItParsedWhateverTheBufferOrder() throws FrameException {
        FrameHeader h = FrameHeader.parse(ByteBuffer.wrap(VECTOR));
        ByteBuffer out = ByteBuffer.allocate(70).order(ByteOrder.LITTLE_ENDIAN).position(5);
        h.writeTo(out);
        assertEquals(5 + FrameHeader.HEADER_SIZE, out.position());
        assertArrayEquals(Arrays.copyOf(VECTOR, FrameHeader.HEADER_SIZE), Arrays.copyOfRange(out.array(), 5, 67));
        assertArrayEquals(Arrays.copyOf(VECTOR, FrameHeader.HEADER_SIZE), h.toBytes());
    }

    @Test
    void keepsTheFullUnsignedRangeOfEveryField() throws FrameException {
        FrameHeader h = new FrameHeader(255, 255, SENSOR, -1L, new byte[32], FrameHeader.MAX_SIZE);
        byte[] bytes = h.toBytes();
        assertEquals("ffffffffffffffff", HexFormat.of().formatHex(bytes, 18, 26));
        assertEquals("ffffffff", HexFormat.of().formatHex(bytes, 58, 62));
        FrameHeader back = FrameHeader.parse(ByteBuffer.wrap(bytes));
        assertEquals(h, back);
        assertEquals(4_294_967_295L, back.size(), "a size above 2^31 stays positive");
        assertTrue(back.toString().contains("timestamp=18446744073709551615"), back.toString());
    }

    @Test
    void parseReadsAtThePositionOfASharedBuffer() throws FrameException {
        ByteBuffer in = ByteBuffer.allocate(100).position(20);
        in.put(VECTOR).position(20);
        assertEquals(SENSOR, FrameHeader.parse(in).uuid());
        assertEquals(82, in.position());
    }

    @Test
    void aShortBufferIsATruncatedHeaderAndNothingIsConsumed() {
        ByteBuffer in = ByteBuffer.wrap(VECTOR, 0, FrameHeader.HEADER_SIZE - 1);
        FrameException e = assertThrows(FrameException.class, () -> FrameHeader.parse(in));
        assertEquals(FrameException.Reason.TRUNCATED, e.reason());
        assertTrue(e.getMessage().contains("only 61 available"), e.getMessage());
        assertEquals(0, in.position());
        assertThrows(FrameException.class, () -> FrameHeader.parse(ByteBuffer.allocate(0)));
    }

    @Test
    void writeToAShortBufferWritesNothing() {
        FrameHeader h = FrameHeader.unsigned(1, 3, SENSOR, 0, 0);
        ByteBuffer out = ByteBuffer.allocate(61);
        assertThrows(BufferOverflowException.class, () -> h.writeTo(out));
        assertEquals(0, out.position());
        assertArrayEquals(new byte[61], out.array());
    }

    @Test
    void rejectsValuesThatDoNotFitTheirField() {
        byte[] mac = new byte[32];
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(256, 1, SENSOR, 0, mac, 0));
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(-1, 1, SENSOR, 0, mac, 0));
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(1, 256, SENSOR, 0, mac, 0));
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(1, -1, SENSOR, 0, mac, 0));
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(1, 1, SENSOR, 0, mac, -1));
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(1, 1, SENSOR, 0, mac, 1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(1, 1, SENSOR, 0, new byte[31], 0));
        assertThrows(NullPointerException.class, () -> new FrameHeader(1, 1, null, 0, mac, 0));
        assertThrows(NullPointerException.class, () -> new FrameHeader(1, 1, SENSOR, 0, null, 0));
    }

    @Test
    void theHmacCannotBeChangedFromOutside() {
        byte[] mac = new byte[32];
        FrameHeader h = new FrameHeader(1, 1, SENSOR, 0, mac, 0);
        mac[0] = 1;
        h.hmac()[1] = 1;
        assertArrayEquals(new byte[32], h.hmac());
    }

    @Test
    void equalityComparesTheHmacContent() {
        byte[] mac = new byte[32];
        FrameHeader a = new FrameHeader(1, 1, SENSOR, 0, mac, 0);
        assertEquals(a, new FrameHeader(1, 1, SENSOR, 0, new byte[32], 0));
        assertEquals(a.hashCode(), new FrameHeader(1, 1, SENSOR, 0, new byte[32], 0).hashCode());
        mac[31] = 1;
        assertNotEquals(a, a.withHmac(mac));
    }

    @Test
    void version4MeansVersionNibble4AndTheRfc4122Variant() {
        assertTrue(FrameHeader.isVersion4(UUID.randomUUID()));
        assertTrue(FrameHeader.isVersion4(SENSOR));
        assertTrue(FrameHeader.isVersion4(UUID.fromString("00000000-0000-4000-b000-000000000000")));
        // version 1 (time-based) and version 3 (name-based) UUIDs
        assertFalse(FrameHeader.isVersion4(UUID.fromString("c232ab00-9414-11ec-b3c8-9e6bdeced846")));
        assertFalse(FrameHeader.isVersion4(UUID.nameUUIDFromBytes("sensor".getBytes(StandardCharsets.UTF_8))));
        // version nibble 4 but another variant: NCS (0xxx), Microsoft (110x), reserved (111x)
        assertFalse(FrameHeader.isVersion4(UUID.fromString("f8a2d4b6-3c1e-4a5b-7d7f-0123456789ab")));
        assertFalse(FrameHeader.isVersion4(UUID.fromString("f8a2d4b6-3c1e-4a5b-cd7f-0123456789ab")));
        assertFalse(FrameHeader.isVersion4(UUID.fromString("f8a2d4b6-3c1e-4a5b-ed7f-0123456789ab")));
        assertFalse(FrameHeader.isVersion4(new UUID(0, 0)));
        assertFalse(FrameHeader.isVersion4(null));
    }
}
