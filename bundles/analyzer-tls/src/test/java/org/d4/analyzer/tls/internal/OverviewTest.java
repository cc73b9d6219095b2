// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's and the export's views, checked against tshark's and openssl's values for resumption.pcap. */
class OverviewTest {
    static final String CAPTURE = "resumption.pcap";
    @TempDir
    Path home;
    @AutoClose
    Fixture d4;

    @BeforeEach
    void feedTheCapture() throws Exception {
        d4 = new Fixture(home, new TestConfig());
        d4.feedCapture(CAPTURE);
    }


    static String hex(String colons) {
        return colons.replace(":", "").toLowerCase(Locale.ROOT);
    }

    @Test
    void topFingerprintsAreTsharksJa3CountedAndSorted() {
        Map<String, Long> expected = Captures.expected("expected.tsv", CAPTURE).stream().filter(r -> r[1].equals("client"))
                .collect(Collectors.groupingBy(r -> r[4], Collectors.counting()));
        List<Overview.Ranked> top = d4.analyzer.overview().top(FingerprintKey.Kind.JA3, 10);
        assertEquals(expected.size(), top.size());
        for (Overview.Ranked r : top) {
            assertEquals(expected.get(r.key().value()), r.summary().count, r.key().value());
        }
        for (int i = 1; i < top.size(); i++) {
            assertTrue(top.get(i - 1).summary().count >= top.get(i).summary().count, "most first");
        }
        assertEquals(1, d4.analyzer.overview().top(FingerprintKey.Kind.JA3, 1).size());
        assertEquals(0, d4.analyzer.overview().top(FingerprintKey.Kind.JA3, 0).size());
        Set<String> fresh = d4.analyzer.overview().firstSeenSince(0, 100).stream().map(r -> r.key().text()).collect(Collectors.toSet());
        expected.keySet().forEach(md5 -> assertTrue(fresh.contains("ja3:" + md5), md5));
        assertTrue(fresh.stream().noneMatch(k -> k.startsWith("pair:") || k.startsWith("certificate:")), "fingerprints only");
        assertEquals(List.of(), d4.analyzer.overview().firstSeenSince(Long.MAX_VALUE / 2, 100));
    }

    @Test
    void selfSignedAndExpiringCertificatesAsOpensslSawThem() {
        Map<String, String[]> bySha1 = new HashMap<>();
        Captures.expected("certificates.tsv", CAPTURE).forEach(r -> bySha1.put(hex(r[3]), r));
        List<Overview.CertificateRow> selfSigned = d4.analyzer.overview().certificates(c -> c.selfSigned(), 50);
        assertEquals(1, selfSigned.size());
        String[] ca = bySha1.get(selfSigned.get(0).info().sha1());
        assertEquals(ca[5], ca[6], "openssl: subject is issuer");
        assertEquals(ca[5], selfSigned.get(0).info().subject());
        // openssl: the server certificate ends in March 2029, the CA in 2036
        List<Overview.CertificateRow> expiring = d4.analyzer.overview().certificates(Overview.expiringBefore(Instant.parse("2030-01-01T00:00:00Z")), 50);
        assertEquals(1, expiring.size());
        assertTrue(bySha1.get(expiring.get(0).info().sha1())[9].startsWith("Mar  8"), "the server certificate");
        assertTrue(expiring.get(0).summary().count >= 1);
    }

    @Test
    void exportsEverySummaryAsJsonOrCsv() throws Exception {
        long summaries = d4.analyzer.counters().entrySet().stream().filter(e -> e.getKey().startsWith("fingerprints."))
                .mapToLong(Map.Entry::getValue).sum();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        d4.analyzer.export("json", EnumSet.allOf(FingerprintKey.Kind.class), json);
        List<String> lines = json.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.size() >= 4, lines.toString());
        for (String line : lines) {
            JsonNode n = Captures.readTree(line);
            assertTrue(n.has("kind") && n.has("fingerprint") && n.has("count"), line);
        }
        assertEquals(summaries, lines.size(), "one line per summary (the store's fingerprints.* counters)");

        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        d4.analyzer.export("csv", EnumSet.of(FingerprintKey.Kind.JA3, FingerprintKey.Kind.CERTIFICATE), csv);
        String text = csv.toString(StandardCharsets.UTF_8);
        List<String> rows = text.lines().toList();
        assertEquals(Overview.CSV_HEADER, rows.get(0));
        assertTrue(text.contains("\r\n"), "CRLF as RFC 4180 writes");
        String[] client = Captures.expected("expected.tsv", CAPTURE).stream().filter(r -> r[1].equals("client")).findFirst().orElseThrow();
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("ja3," + client[4] + ",\"" + client[3] + "\",")), "the JA3 string quoted (it has commas)");
        String[] ca = Captures.expected("certificates.tsv", CAPTURE).stream().filter(r -> r[5].equals(r[6])).findFirst().orElseThrow();
        assertTrue(rows.stream().anyMatch(r -> r.contains("," + hex(ca[3]) + ",\"" + ca[5] + "\",\"" + ca[6] + "\",") && r.endsWith(",true")
                || r.contains("," + hex(ca[3]) + "," + ca[5] + "," + ca[6] + ",") && r.endsWith(",true")), "the CA row: " + rows);
        assertTrue(rows.stream().skip(1).allMatch(r -> r.startsWith("ja3,") || r.startsWith("certificate,")), "only the kinds asked");
    }
}
