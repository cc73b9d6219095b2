// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.d4.fingerprint.HandshakeRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsAnalyzerTest {
    static final UUID SENSOR = Fixture.SENSOR;
    @TempDir
    Path home;
    @AutoClose
    Fixture d4;

    @BeforeEach
    void open() throws Exception {
        d4 = new Fixture(home, new TestConfig());
    }


    @Test
    void goSensorLinesGiveTsharksJa3AndJa3s() throws Exception {
        d4.feedCapture("curl-gnutls-python.pcapng");
        for (HandshakeRecord r : Captures.handshakes("resumption.pcap")) {
            d4.feed(SENSOR, Captures.goLine(r));     // no server name in the Go sensor's records
        }
        for (String capture : List.of("resumption.pcap", "curl-gnutls-python.pcapng")) {
            List<String[]> rows = Captures.expected("expected.tsv", capture);
            assertFalse(rows.isEmpty());
            for (String[] row : rows) {
                boolean client = row[1].equals("client");
                List<JsonNode> answers = d4.query(client ? Query.Kind.JA3 : Query.Kind.JA3S, row[4].toUpperCase(Locale.ROOT));
                assertEquals(1, answers.size(), String.join(" ", row));
                JsonNode a = answers.get(0);
                assertEquals(client ? "ja3" : "ja3s", a.path("kind").asText());
                assertEquals(row[4], a.path("fingerprint").asText());
                assertEquals(row[3], a.path(client ? "ja3" : "ja3s").asText(), "tshark's full string");
                long sameMd5 = Captures.expected("expected.tsv", "resumption.pcap").stream().filter(r -> r[4].equals(row[4])).count()
                        + Captures.expected("expected.tsv", "curl-gnutls-python.pcapng").stream().filter(r -> r[4].equals(row[4])).count();
                assertTrue(a.path("count").asLong() >= 1 && a.path("count").asLong() <= sameMd5, a.toString());
                assertEquals(SENSOR.toString(), a.path("sensors").get(0).asText());
                if (client && !row[5].isEmpty() && capture.endsWith(".pcapng")) {
                    assertTrue(a.path("sni").toString().contains("\"" + row[5] + "\""), a.toString());
                }
            }
        }
        JsonNode info = Captures.JSON.valueToTree(d4.analyzer.counters());
        assertEquals(0, info.path("malformed").asLong());
        assertEquals(info.path("lines").asLong(), info.path("handshakes").asLong());
    }

    @Test
    void certificatesAnsweredAsOpensslSawThem() throws Exception {
        d4.feedCapture("tls12-mtls-ipv6.pcap");
        d4.feedCapture("resumption.pcap");
        int checked = 0;
        for (String capture : List.of("tls12-mtls-ipv6.pcap", "resumption.pcap")) {
            for (String[] row : Captures.expected("certificates.tsv", capture)) {
                if (!row[1].startsWith("443")) {
                    continue;       // a client certificate (mutual TLS): not in the Go sensor's records
                }
                String sha1 = row[3].replace(":", "").toLowerCase(Locale.ROOT);
                String sha256 = row[4].replace(":", "").toLowerCase(Locale.ROOT);
                for (String digest : List.of(row[3], sha256)) {
                    List<JsonNode> answers = d4.query(Query.Kind.CERTIFICATE, digest);
                    assertEquals(1, answers.size(), digest);
                    JsonNode c = answers.get(0);
                    assertEquals(sha256, c.path("fingerprint").asText());
                    assertEquals(sha1, c.path("sha1").asText());
                    assertEquals(row[5], c.path("subject").asText());
                    assertEquals(row[6], c.path("issuer").asText());
                    assertEquals(row[7], c.path("serial").asText());
                    assertEquals(row[5].equals(row[6]), c.path("self_signed").asBoolean(), "the CA signs itself");
                }
                byte[] der = d4.analyzer.certificate(sha1);
                assertEquals(sha256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
                assertArrayEquals(der, d4.analyzer.certificate(sha256));
                checked++;
            }
        }
        assertTrue(checked >= 6);
        assertEquals(2, d4.analyzer.counters().get("certificates"), "each certificate kept once");
    }

    @Test
    void addressesNetworksAndTheSourceDestinationLayout() throws Exception {
        List<HandshakeRecord> v6 = Captures.handshakes("tls12-mtls-ipv6.pcap");
        for (HandshakeRecord r : v6) {
            d4.feed(SENSOR, Captures.srcDstLine(r));
        }
        d4.feedCapture("resumption.pcap");
        String client = Addresses.text(v6.get(0).client().getAddress());
        List<JsonNode> exact = d4.query(Query.Kind.ADDRESS, client);
        assertFalse(exact.isEmpty());
        assertTrue(exact.stream().allMatch(a -> a.path("clients").toString().contains(client) || a.path("servers").toString().contains(client)));
        Set<String> kinds = new HashSet<>();
        exact.forEach(a -> kinds.add(a.path("kind").asText()));
        assertTrue(kinds.containsAll(List.of("ja3", "ja3s", "pair", "certificate")), kinds.toString());
        String expectedJa3 = Captures.expected("expected.tsv", "tls12-mtls-ipv6.pcap").get(0)[4];
        assertTrue(exact.stream().anyMatch(a -> a.path("fingerprint").asText().equals(expectedJa3)));
        assertEquals(exact, d4.query(Query.Kind.ADDRESS, client + "/64"), "IPv4 addresses (mapped into ::/64) are not answers of an IPv6 network");
        List<JsonNode> v4 = d4.query(Query.Kind.ADDRESS, "127.0.0.0/8", "kind", "ja3");
        assertFalse(v4.isEmpty());
        assertTrue(v4.stream().allMatch(a -> a.path("kind").asText().equals("ja3")));
        assertTrue(d4.query(Query.Kind.ADDRESS, "10.0.0.0/8").isEmpty());
        assertTrue(d4.query(Query.Kind.ADDRESS, "255.255.255.255").isEmpty(), "the top of the range");
    }

    @Test
    void namesExactAndWildcard() throws Exception {
        d4.feedCapture("resumption.pcap");
        List<JsonNode> resume = d4.query(Query.Kind.NAME, "RESUME.d4.test.");
        assertFalse(resume.isEmpty());
        assertTrue(resume.stream().allMatch(a -> a.path("sni").toString().contains("resume.d4.test")));
        List<JsonNode> all = d4.query(Query.Kind.NAME, "*.d4.test");
        assertTrue(all.size() > resume.size());
        assertTrue(all.stream().anyMatch(a -> a.path("sni").toString().contains("ticket.d4.test")));
        assertTrue(d4.query(Query.Kind.NAME, "d4.test").isEmpty(), "the parent name is another name");
        assertTrue(d4.query(Query.Kind.NAME, "*.other.test").isEmpty());
    }

    @Test
    void pagesHaveNoDuplicatesAndNoGaps() throws Exception {
        d4.feedCapture("resumption.pcap");
        d4.feedCapture("curl-gnutls-python.pcapng");
        List<String> all = d4.query(Query.Kind.ADDRESS, "127.0.0.0/8").stream().map(a -> a.path("fingerprint").asText() + a.path("role")).toList();
        assertTrue(all.size() > 10, all.toString());
        List<String> paged = new java.util.ArrayList<>();
        long cursor = 0;
        int pages = 0;
        do {
            Fixture.Answers page = cursor == 0 ? d4.page(Query.Kind.ADDRESS, "127.0.0.0/8", "limit", "3")
                    : d4.page(Query.Kind.ADDRESS, "127.0.0.0/8", "limit", "3", "cursor", Long.toString(cursor));
            assertTrue(page.answers().size() <= 3);
            page.answers().forEach(a -> paged.add(a.path("fingerprint").asText() + a.path("role")));
            cursor = page.cursor();
            pages++;
        } while (cursor != 0 && pages < 100);
        assertEquals(all, paged);
        Malformed other = org.junit.jupiter.api.Assertions.assertThrows(Malformed.class, () -> d4.page(Query.Kind.ADDRESS, "10.0.0.0/8", "limit", "3",
                "cursor", Long.toString(d4.page(Query.Kind.ADDRESS, "127.0.0.0/8", "limit", "1").cursor())));
        assertTrue(other.getMessage().contains("another query"), other.getMessage());
        assertThrowsMalformed("unknown or expired cursor", Query.Kind.ADDRESS, "127.0.0.1", "cursor", "12345");
    }

    @Test
    void newSinceAndTimeFences() throws Exception {
        d4.feedCapture("tls13-ipv4.pcap");
        List<JsonNode> fresh = d4.query(Query.Kind.NEW, "", "since", "0");
        assertFalse(fresh.isEmpty());
        long first = fresh.get(0).path("first_seen").asLong();
        assertTrue(first > 1_700_000_000L, "the capture's own time, not the time received");
        assertTrue(d4.query(Query.Kind.NEW, "", "since", Long.toString(first + 1)).isEmpty());
        assertEquals(fresh.size(), d4.query(Query.Kind.NEW, "", "since", java.time.Instant.ofEpochSecond(first).toString()).size(), "RFC 3339");
        String ja3 = fresh.stream().filter(a -> a.path("kind").asText().equals("ja3")).findFirst().orElseThrow().path("fingerprint").asText();
        assertEquals(1, d4.query(Query.Kind.JA3, ja3, "time_first_after", Long.toString(first)).size());
        assertTrue(d4.query(Query.Kind.JA3, ja3, "time_first_after", Long.toString(first + 1)).isEmpty());
        assertTrue(d4.query(Query.Kind.JA3, ja3, "time_last_before", Long.toString(first - 1)).isEmpty());
        assertTrue(d4.query(Query.Kind.NEW, "", "since", "0", "kind", "ja4").stream().allMatch(a -> a.path("kind").asText().equals("ja4")));
    }

    @Test
    void storeSurvivesAReopen() throws Exception {
        d4.feedCapture("tls13-ipv4.pcap");
        List<JsonNode> before = d4.query(Query.Kind.NEW, "", "since", "0");
        d4.close();
        d4.open();
        assertEquals(before, d4.query(Query.Kind.NEW, "", "since", "0"));
        d4.feedCapture("tls13-ipv4.pcap");
        JsonNode again = d4.query(Query.Kind.NEW, "", "since", "0", "kind", "ja3").get(0);
        assertEquals(2 * before.stream().filter(a -> a.path("kind").asText().equals("ja3")).findFirst().orElseThrow().path("count").asLong(),
                again.path("count").asLong());
    }

    @Test
    void addressesPerFingerprintAreBoundedAndTheMostFrequentStay() throws Exception {
        d4.close();
        d4.config.maxAddresses = 4;
        d4.open();
        HandshakeRecord r = Captures.handshakes("tls13-ipv4.pcap").get(0);
        JsonNode line = Captures.readTree(Captures.goLine(r));
        for (int i = 0; i < 200; i++) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) line).put("ClientIP", i % 2 == 0 ? "192.0.2.7" : "198.51.100." + i);
            d4.analyzer.analyze(new org.d4.api.queue.QueueItem(i, SENSOR, 1, line.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        d4.analyzer.flush();
        JsonNode a = d4.query(Query.Kind.JA3, r.ja3Md5()).get(0);
        assertEquals(200, a.path("count").asLong());
        assertEquals(4, a.path("clients").size(), a.toString());
        assertEquals("192.0.2.7", a.path("clients").get(0).path("ip").asText(), "seen half the time: kept, first");
        assertTrue(a.path("clients").get(0).path("count").asLong() >= 100);
    }

    private void assertThrowsMalformed(String expected, Query.Kind kind, String target, String... parameters) {
        Malformed e = org.junit.jupiter.api.Assertions.assertThrows(Malformed.class, () -> d4.query(kind, target, parameters));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
