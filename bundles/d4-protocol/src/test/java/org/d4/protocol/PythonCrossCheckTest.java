// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import static org.d4.protocol.TestFrames.KEY;
import static org.d4.protocol.TestFrames.SENSOR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.d4.protocol.TestFrames.Collector;
import org.d4.protocol.TestFrames.Decoded;
import org.d4.protocol.TestFrames.Spec;
import org.junit.jupiter.api.Test;

/** Our codec against d4frames.py, an implementation of PROTOCOL.md written independently in Python. */
class PythonCrossCheckTest {

    private static final String KEY_TEXT = new String(KEY, StandardCharsets.US_ASCII);
    private final ObjectMapper json = new ObjectMapper();

    private static List<Decoded> decodeAll(byte[] stream) throws FrameException {
        FrameDecoder decoder = new FrameDecoder();
        Collector c = new Collector(decoder);
        decoder.feed(ByteBuffer.wrap(stream), c);
        decoder.endOfStream();
        return c.frames;
    }

    @Test
    void pythonBuildsTheHandWrittenVector() {
        PythonTool.Result r = PythonTool.run(TestFrames.PAYLOAD, "build", "--uuid", SENSOR.toString(), "--key", KEY_TEXT,
                "--type", "3", "--timestamp", "1700000000", "--no-eof-frame");
        assertEquals(0, r.exitCode(), r.stderr());
        assertArrayEquals(TestFrames.VECTOR, r.stdout());
    }

    @Test
    void framesBuiltByPythonDecodeAndVerify() throws FrameException {
        byte[] data = new byte[10_000];
        new Random(7).nextBytes(data);
        PythonTool.Result r = PythonTool.run(data, "build", "--uuid", SENSOR.toString(), "--key", KEY_TEXT,
                "--type", "1", "--timestamp", "1700000123", "--snaplen", "4096");
        assertEquals(0, r.exitCode(), r.stderr());
        FrameEncoder encoder = new FrameEncoder(KEY);
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        ours.writeBytes(encoder.encodeSplit(1, SENSOR, 1_700_000_123L, data, 4096));
        ours.writeBytes(encoder.encode(1, SENSOR, 1_700_000_123L, new byte[0]));
        assertArrayEquals(ours.toByteArray(), r.stdout(), "3 data frames and the empty end frame, byte for byte");

        List<Decoded> frames = decodeAll(r.stdout());
        FrameAuthenticator auth = new FrameAuthenticator(KEY);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (Decoded d : frames) {
            assertTrue(auth.verify(d.header(), ByteBuffer.wrap(d.payload())));
            assertEquals(1, d.header().type());
            assertEquals(SENSOR, d.header().uuid());
            joined.writeBytes(d.payload());
        }
        assertEquals(List.of(4096L, 4096L, 1808L, 0L), frames.stream().map(d -> d.header().size()).toList());
        assertArrayEquals(data, joined.toByteArray());
    }

    @Test
    void aMetaHeaderBuiltByPythonParses() throws FrameException {
        PythonTool.Result r = PythonTool.run("{\"ja3\": \"x\"}\n".getBytes(StandardCharsets.UTF_8), "build", "--uuid",
                SENSOR.toString(), "--key", KEY_TEXT, "--meta", "{\"type\": \"ja3-jl\", \"encoding\": \"utf-8\"}");
        assertEquals(0, r.exitCode(), r.stderr());
        List<Decoded> frames = decodeAll(r.stdout());
        assertEquals(List.of(2, 254, 254), frames.stream().map(d -> d.header().type()).toList());
        MetaHeader meta = MetaHeader.parse(frames.get(0).payload(), MetaHeader.DEFAULT_MAX_BYTES);
        assertEquals("ja3-jl", meta.type());
        assertEquals("utf-8", meta.metadata().get("encoding"));
    }

    @Test
    void framesBuiltInJavaPassPythonVerification() throws Exception {
        Random random = new Random(11);
        List<Spec> specs = new ArrayList<>();
        long[] timestamps = {0, 1_700_000_000L, Long.MAX_VALUE, -1L};   // -1 is 2^64-1 on the wire
        int[] types = {1, 2, 3, 4, 8, 254, 0, 255};
        for (int i = 0; i < 24; i++) {
            byte[] payload = new byte[i % 5 == 0 ? 0 : random.nextInt(3000)];
            random.nextBytes(payload);
            UUID uuid = TestFrames.v4(random.nextLong(), random.nextLong());
            specs.add(new Spec(types[i % types.length], uuid, timestamps[i % timestamps.length], payload));
        }
        PythonTool.Result r = PythonTool.run(TestFrames.encodeAll(specs), "verify", "--key", KEY_TEXT, "--json");
        assertEquals(0, r.exitCode(), r.stdoutText() + r.stderr());
        String[] lines = r.stdoutText().split("\n");
        assertEquals(specs.size(), lines.length);
        for (int i = 0; i < lines.length; i++) {
            JsonNode f = json.readTree(lines[i]);
            Spec s = specs.get(i);
            assertTrue(f.get("hmac_ok").booleanValue(), lines[i]);
            assertEquals(1, f.get("version").intValue());
            assertEquals(s.type(), f.get("type").intValue());
            assertEquals(s.uuid().toString(), f.get("uuid").textValue());
            assertEquals(Long.toUnsignedString(s.timestamp()), f.get("timestamp").asText());
            assertEquals(s.payload().length, f.get("size").intValue());
        }
    }

    @Test
    void pythonRejectsAJavaFrameWithAFlippedBit() throws Exception {
        byte[] frame = new FrameEncoder(KEY).encode(3, SENSOR, 5, "line\n".getBytes(StandardCharsets.US_ASCII));
        frame[frame.length - 1] ^= 0x40;
        PythonTool.Result r = PythonTool.run(frame, "verify", "--key", KEY_TEXT, "--json");
        assertEquals(1, r.exitCode(), r.stderr());
        assertFalse(json.readTree(r.stdoutText()).get("hmac_ok").booleanValue());
    }
}
