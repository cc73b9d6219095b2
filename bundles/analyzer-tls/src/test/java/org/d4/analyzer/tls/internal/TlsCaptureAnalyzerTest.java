// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.d4.api.queue.QueueItem;
import org.d4.fingerprint.HandshakeRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCaptureAnalyzerTest {
    static final UUID SENSOR = UUID.randomUUID();

    static Path archived(Path home, String capture, boolean gzip) throws Exception {
        Path dir = Files.createDirectories(home.resolve("data/archive/" + SENSOR + "/1/2026/12/05"));
        byte[] bytes = Files.readAllBytes(Captures.FOLDER.resolve(capture));
        Path file = dir.resolve(capture + (gzip ? ".cap.gz" : ".cap"));
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
        return file;
    }

    static QueueItem item(Path file) {
        return new QueueItem(1, SENSOR, 1, file.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void archivedCapturesGiveTsharksFingerprints(@TempDir Path home) throws Exception {
        try (Fixture d4 = new Fixture(home, new TestConfig())) {
            TlsCaptureAnalyzer captures = new TlsCaptureAnalyzer(d4.analyzer);
            captures.analyze(item(archived(home, "resumption.pcap", true)));
            captures.analyze(item(archived(home, "tls13-hrr.pcap", false)));
            d4.analyzer.flush();
            for (String capture : List.of("resumption.pcap", "tls13-hrr.pcap")) {
                for (String[] row : Captures.expected("expected.tsv", capture)) {
                    if (capture.equals("tls13-hrr.pcap") && row[1].equals("client") && d4.query(Query.Kind.JA3, row[4]).isEmpty()) {
                        continue;       // the ClientHello after a HelloRetryRequest: the first one is the fingerprint
                    }
                    List<JsonNode> a = d4.query(row[1].equals("client") ? Query.Kind.JA3 : Query.Kind.JA3S, row[4]);
                    assertEquals(1, a.size(), String.join(" ", row));
                    assertEquals(row[3], a.get(0).path(row[1].equals("client") ? "ja3" : "ja3s").asText());
                }
            }
            for (String[] row : Captures.expected("ja4.tsv", "resumption.pcap")) {
                assertEquals(1, d4.query(Query.Kind.JA4, row[2]).size(), row[2]);
            }
            assertEquals(2, d4.analyzer.counters().get("captures"));
            assertEquals(Captures.handshakes("resumption.pcap").size() + Captures.handshakes("tls13-hrr.pcap").size(),
                    d4.analyzer.counters().get("handshakes"));
        }
    }

    @Test
    void aHandshakeSentAsARecordAndInACaptureCountsOnce(@TempDir Path home) throws Exception {
        try (Fixture d4 = new Fixture(home, new TestConfig())) {
            List<HandshakeRecord> records = Captures.handshakes("tls13-ipv4.pcap");
            for (HandshakeRecord r : records) {
                d4.feed(SENSOR, Captures.clientLine(r));
            }
            new TlsCaptureAnalyzer(d4.analyzer).analyze(item(archived(home, "tls13-ipv4.pcap", true)));
            d4.analyzer.flush();
            assertEquals(records.size(), d4.analyzer.counters().get("handshakes"));
            assertEquals(records.size(), d4.analyzer.counters().get("duplicates"));
            assertEquals(1, d4.query(Query.Kind.JA3, records.get(0).ja3Md5()).get(0).path("count").asLong());
            new TlsCaptureAnalyzer(d4.analyzer).analyze(item(archived(home, "tls13-ipv4.pcap", false)));
            d4.analyzer.flush();
            assertEquals(2L * records.size(), d4.analyzer.counters().get("handshakes"), "a third sighting counts again");
        }
    }

    @Test
    void missingOutsideAndDamagedFilesAreCountedAndSkipped(@TempDir Path home) throws Exception {
        try (Fixture d4 = new Fixture(home, new TestConfig())) {
            TlsCaptureAnalyzer captures = new TlsCaptureAnalyzer(d4.analyzer);
            captures.analyze(item(home.resolve("data/archive/none.cap.gz")));
            assertEquals(1, d4.analyzer.counters().get("captures.missing"));
            Path outside = Files.writeString(home.resolve("secret.txt"), "x");
            captures.analyze(item(outside));
            captures.analyze(item(home.resolve("data/archive/../../secret.txt")));
            assertEquals(2, d4.analyzer.counters().get("captures.refused"));
            Path whole = archived(home, "resumption.pcap", false);
            byte[] bytes = Files.readAllBytes(whole);
            Path cut = whole.resolveSibling("cut.cap");
            Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
            captures.analyze(item(cut));
            Path garbage = Files.writeString(whole.resolveSibling("garbage.cap.gz"), "not gzip at all, though named so");
            captures.analyze(item(garbage));
            Path notPcap = Files.writeString(whole.resolveSibling("text.cap"), "hello");
            captures.analyze(item(notPcap));
            d4.analyzer.flush();
            assertEquals(3, d4.analyzer.counters().get("captures.damaged"), d4.analyzer.counters().toString());
            assertEquals(0, d4.analyzer.counters().getOrDefault("captures", 0L), "only captures read to their end");
            assertTrue(d4.analyzer.counters().get("handshakes") > 0, "the handshakes before the cut count");
        }
    }
}
