// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.d4.api.queue.QueueItem;
import org.d4.fingerprint.HandshakeRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ja3JsonLineTest {
    static final UUID SENSOR = UUID.randomUUID();
    final Ja3JsonLine lines = new Ja3JsonLine();
    final HandshakeRecord hrr = Captures.handshakes("tls12-mtls-ipv6.pcap").get(0);

    ObjectNode good() {
        return (ObjectNode) Captures.readTree(Captures.clientLine(hrr));
    }

    @Test
    void theGoSensorsLayoutAndOurs() throws Exception {
        Sighting go = lines.parse(Captures.goLine(hrr), SENSOR, 5);
        assertEquals(hrr.ja3Md5(), go.ja3Md5());
        assertEquals(hrr.ja3(), go.ja3());
        assertEquals(hrr.ja3sMd5(), go.ja3sMd5());
        assertEquals(hrr.timestamp().getEpochSecond(), go.epochSecond(), "RFC 3339 with an offset");
        assertEquals(Addresses.text(hrr.client().getAddress()), go.clientIp());
        assertEquals(hrr.client().getPort(), go.clientPort());
        assertEquals(hrr.serverCertificates().size(), go.certificates().size());
        assertNull(go.ja4());
        Sighting ours = lines.parse(Captures.clientLine(hrr), SENSOR, 5);
        assertEquals(hrr.ja4(), ours.ja4());
        Sighting srcDst = lines.parse(Captures.srcDstLine(hrr), SENSOR, 5);
        assertEquals(go.clientIp(), srcDst.clientIp());
        assertEquals(go.serverPort(), srcDst.serverPort());
    }

    @Test
    void aDigestWithoutItsStringAndAStringWithoutItsDigest() throws Exception {
        ObjectNode o = good();
        o.remove("JA3");
        assertEquals(hrr.ja3Md5(), lines.parse(o.toString(), SENSOR, 5).ja3Md5());
        assertNull(lines.parse(o.toString(), SENSOR, 5).ja3());
        o = good();
        o.remove("JA3Digest");
        assertEquals(hrr.ja3Md5(), lines.parse(o.toString(), SENSOR, 5).ja3Md5(), "computed from the string");
        o = good();
        o.remove("Timestamp");
        assertEquals(5, lines.parse(o.toString(), SENSOR, 5).epochSecond(), "the time it was queued");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1,2]", "\"text\"", "{\"JA3Digest\": 5}", "{}", "{\"ClientIP\": \"10.0.0.1\"}",
        "{\"JA3Digest\": \"zz4428422b734ef16cdbf05bc5d82e08\"}", "{\"JA3Digest\": \"2c4428422b734ef16cdbf05bc5d82e0\"}",
        "{\"JA4\": \"not-a-ja4\"}", "{\"JA3\": \"771,1-2,3\", \"JA3Digest\": \"2c4428422b734ef16cdbf05bc5d82e08\"}",
        "{\"JA3Digest\": \"2c4428422b734ef16cdbf05bc5d82e08\", \"ClientIP\": \"example.com\"}",
        "{\"JA3Digest\": \"2c4428422b734ef16cdbf05bc5d82e08\", \"ClientIP\": \"300.1.1.1\"}",
        "{\"JA3Digest\": \"2c4428422b734ef16cdbf05bc5d82e08\", \"ClientPort\": \"70000\"}",
        "{\"JA3Digest\": \"2c4428422b734ef16cdbf05bc5d82e08\", \"ClientPort\": \"-1\"}",
        "{\"JA3Digest\": \"2c4428422b734ef16cdbf05bc5d82e08\", \"Timestamp\": \"yesterday\"}",
        "{\"JA3Digest\": \"2c4428422b734ef16cdbf05bc5d82e08\", \"Certificates\": {}}",
        "{\"JA3Digest\": \"2c4428422b734ef16cdbf05bc5d82e08\", \"Certificates\": [{\"CertHash\": \"x\"}]}",
        "{\"JA3Digest\": \"2c4428422b734ef16cdbf05bc5d82e08\", \"Certificates\": [{\"Raw\": \"%%%\"}]}",
        "{\"JA3Digest\": \"2c4428422b734ef16cdbf05bc5d82e08\", \"Certificates\": [{\"Raw\": \"AAAA\"}]}",
        "{\"JA3Digest\": \"2c4428422b734ef16cdbf05bc5d82e08\", \"SNI\": \"bad name!\"}",
        "{\"JA3Digest\": \"2c4428422b734ef16cdbf05bc5d82e08\", \"ALPN\": \"h2\"}",
        "{\"JA3Digest\": \"2c4428422b734ef16cdbf05bc5d82e08\", \"ALPN\": [1]}",
        "{\"JA3Digest\": \"2c4428422b734ef16cdbf05bc5d82e08\"", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"})
    void malformedLinesAreRefusedWithAReason(String line) {
        Malformed e = assertThrows(Malformed.class, () -> lines.parse(line, SENSOR, 5));
        assertTrue(!e.getMessage().isBlank());
    }

    @Test
    void boundsOnCertificatesAndLength() {
        ObjectNode o = good();
        com.fasterxml.jackson.databind.node.ArrayNode certs = o.putArray("Certificates");
        for (int i = 0; i < Ja3JsonLine.MAX_CERTIFICATES + 1; i++) {
            certs.addObject().put("Raw", "AAAA");
        }
        assertTrue(assertThrows(Malformed.class, () -> lines.parse(o.toString(), SENSOR, 5)).getMessage().contains("more than"));
        o.putArray("Certificates").addObject().put("Raw", "A".repeat(Ja3JsonLine.MAX_CERTIFICATE_BYTES * 2));
        assertTrue(assertThrows(Malformed.class, () -> lines.parse(o.toString(), SENSOR, 5)).getMessage().contains("larger"));
        assertThrows(Malformed.class, () -> lines.parse("{\"x\":\"" + "a".repeat(Ja3JsonLine.MAX_LINE) + "\"}", SENSOR, 5));
    }

    @Test
    void theAnalyzerCountsMalformedLinesAndGoesOn(@TempDir Path home) throws Exception {
        try (Fixture d4 = new Fixture(home, new TestConfig())) {
            d4.feed(SENSOR, "garbage", "{}", "{\"JA3Digest\": \"nope\"}", " ");
            d4.feed(SENSOR, Captures.clientLine(hrr));
            assertEquals(4, d4.analyzer.counters().get("malformed"));
            assertEquals(5, d4.analyzer.counters().get("lines"));
            assertEquals(1, d4.analyzer.counters().get("handshakes"));
            assertEquals(1, d4.query(Query.Kind.JA3, hrr.ja3Md5()).size());
            byte[] invalidUtf8 = {(byte) 0xC3, (byte) 0x28, '{', '}'};
            d4.analyzer.analyze(new QueueItem(99, SENSOR, 1, invalidUtf8));
            assertEquals(5, d4.analyzer.counters().get("malformed"));
            assertTrue(List.of(d4.analyzer.counters().get("handshakes")).contains(1L));
        }
    }
}
