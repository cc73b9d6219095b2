// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.UUID;
import org.d4.fingerprint.HandshakeRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsTest {
    static final UUID SENSOR = UUID.randomUUID();
    final HandshakeRecord r = Captures.handshakes("tls12-mtls-ipv6.pcap").get(0);

    @Test
    void csvFileLabelsAreAnsweredAndReadAgainWhenChanged(@TempDir Path home) throws Exception {
        Path file = Files.createDirectories(home.resolve("etc")).resolve("tls-labels.csv");
        String cert = r.serverCertificates().get(0).sha1().toUpperCase();
        Files.writeString(file, "# fingerprint,label\n" + r.ja3Md5() + ",\"curl, OpenSSL\"\n" + cert + ",Test server\nnot-a-fingerprint,x\n"
                + r.ja4() + ",\n");
        try (Fixture d4 = new Fixture(home, new TestConfig())) {
            d4.feed(SENSOR, Captures.clientLine(r));
            assertEquals(List.of("curl, OpenSSL"), labels(d4.query(Query.Kind.JA3, r.ja3Md5()).get(0)));
            assertEquals(List.of("Test server"), labels(d4.query(Query.Kind.CERTIFICATE, r.serverCertificates().get(0).sha256()).get(0)),
                    "a certificate's SHA-1 label on its answer by SHA-256");
            assertEquals(List.of(), labels(d4.query(Query.Kind.JA4, r.ja4()).get(0)), "an empty label is left out");
            assertEquals(2, d4.analyzer.labels().fileSize());

            Files.writeString(file, "[{\"fingerprint\": \"" + r.ja4() + "\", \"label\": \"from JSON\"}]");
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
            d4.analyzer.labels().refresh();
            assertEquals(List.of("from JSON"), labels(d4.query(Query.Kind.JA4, r.ja4()).get(0)));
            assertEquals(List.of(), labels(d4.query(Query.Kind.JA3, r.ja3Md5()).get(0)));
        }
    }

    @Test
    void labelsAddedAndRemovedThroughTheApiLastAcrossRestarts(@TempDir Path home) throws Exception {
        Path file = Files.createDirectories(home.resolve("etc")).resolve("labels.json");
        Files.writeString(file, "{\"" + r.ja3Md5() + "\": \"file label\"}");
        TestConfig config = new TestConfig();
        config.labelsFile = "etc/labels.json";
        try (Fixture d4 = new Fixture(home, config)) {
            d4.feed(SENSOR, Captures.clientLine(r));
            d4.analyzer.labels().add(r.ja3Md5().toUpperCase(), "api label");
            d4.analyzer.labels().add(r.ja3sMd5(), "server stack");
            assertEquals(List.of("file label", "api label"), labels(d4.query(Query.Kind.JA3, r.ja3Md5()).get(0)));
            d4.close();
            d4.open();
            assertEquals(List.of("server stack"), labels(d4.query(Query.Kind.JA3S, r.ja3sMd5()).get(0)));
            assertTrue(d4.analyzer.labels().remove(r.ja3sMd5()));
            assertFalse(d4.analyzer.labels().remove(r.ja3sMd5()));
            assertEquals(List.of(), labels(d4.query(Query.Kind.JA3S, r.ja3sMd5()).get(0)));
            assertThrows(Malformed.class, () -> d4.analyzer.labels().add("nope", "x"));
            assertThrows(Malformed.class, () -> d4.analyzer.labels().add(r.ja3Md5(), ""));
            assertThrows(Malformed.class, () -> d4.analyzer.labels().add(r.ja3Md5(), "a\nb"));
            assertThrows(Malformed.class, () -> d4.analyzer.labels().add(r.ja3Md5(), "x".repeat(Labels.MAX_LABEL + 1)));
            assertThrows(Malformed.class, () -> d4.analyzer.labels().remove("nope"));
        }
    }

    static List<String> labels(JsonNode answer) {
        List<String> out = new java.util.ArrayList<>();
        answer.path("labels").forEach(l -> out.add(l.asText()));
        return out;
    }
}
