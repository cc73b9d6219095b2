// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet6Address;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.d4.fingerprint.tls.CertificateInfo;
import org.junit.jupiter.api.Test;

/**
 * The captures recorded with OpenSSL, GnuTLS, curl and Python (make-captures.sh) against the values
 * tshark (JA3, JA3S, SNI) and openssl x509 (certificates) computed for them (expected.tsv,
 * certificates.tsv): every expected value must be matched.
 */
class RecordedCapturesTest {

    private static Map<Integer, HandshakeRecord> byClientPort(String file) throws IOException {
        List<HandshakeRecord> records = Captures.fingerprint(file, FlowLimits.defaults());
        return records.stream().collect(Collectors.toMap(r -> r.client().getPort(), Function.identity()));
    }

    @Test
    void ja3AndJa3sMatchTshark() throws IOException {
        Set<String> seenClient = new HashSet<>();
        int checked = 0;
        for (String[] row : Captures.table("expected.tsv", 6)) {
            Map<Integer, HandshakeRecord> records = byClientPort(row[0]);
            HandshakeRecord record = records.get(Integer.parseInt(row[2]));
            assertNotNull(record, "no handshake reported for " + String.join(" ", row));
            if (row[1].equals("client")) {
                if (!seenClient.add(row[0] + row[2])) {
                    continue;                        // the second ClientHello after an HRR: JA3 is of the first
                }
                assertEquals(row[3], record.ja3(), row[0] + " " + row[2]);
                assertEquals(row[4], record.ja3Md5(), row[0] + " " + row[2]);
                assertEquals(row[5].isEmpty() ? null : row[5], record.serverName(), row[0] + " " + row[2]);
            } else {
                assertEquals(row[3], record.ja3s(), row[0] + " " + row[2]);
                assertEquals(row[4], record.ja3sMd5(), row[0] + " " + row[2]);
            }
            checked++;
        }
        assertTrue(checked >= 20, "only " + checked + " expected values");
    }

    @Test
    void ja4MatchesTsharksDissection() throws IOException {
        int checked = 0;
        for (String[] row : Captures.table("ja4.tsv", 4)) {
            HandshakeRecord record = byClientPort(row[0]).get(Integer.parseInt(row[1]));
            assertNotNull(record, String.join(" ", row));
            assertEquals(row[2], record.ja4(), row[0] + " " + row[1]);
            assertEquals(row[3], record.ja4Raw(), row[0] + " " + row[1]);
            checked++;
        }
        assertTrue(checked >= 12, "only " + checked + " JA4 values");
    }

    @Test
    void certificatesMatchOpenssl() throws IOException {
        DateTimeFormatter openssl = DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy z", Locale.ROOT);
        int checked = 0;
        for (String[] row : Captures.table("certificates.tsv", 10)) {
            int sourcePort = Integer.parseInt(row[1]);
            int destinationPort = Integer.parseInt(row[2]);
            Map<Integer, HandshakeRecord> records = byClientPort(row[0]);
            boolean fromServer = records.containsKey(destinationPort);
            HandshakeRecord record = records.get(fromServer ? destinationPort : sourcePort);
            List<CertificateInfo> certificates = fromServer ? record.serverCertificates() : record.clientCertificates();
            String sha1 = row[3].replace(":", "").toLowerCase(Locale.ROOT);
            CertificateInfo c = certificates.stream().filter(x -> x.sha1().equals(sha1)).findFirst()
                    .orElseThrow(() -> new AssertionError("certificate " + row[3] + " not found in " + String.join(" ", row)));
            assertEquals(row[4].replace(":", "").toLowerCase(Locale.ROOT), c.sha256());
            assertEquals(row[5], c.subject());
            assertEquals(row[6], c.issuer());
            assertEquals(row[7], c.serial());
            assertEquals(ZonedDateTime.parse(row[8].replaceAll(" +", " "), openssl).toInstant(), c.notBefore());
            assertEquals(ZonedDateTime.parse(row[9].replaceAll(" +", " "), openssl).toInstant(), c.notAfter());
            checked++;
        }
        assertTrue(checked >= 10, "only " + checked + " certificates");
    }

    @Test
    void tls13OverIpv4WithAlpnAndRecordsSplitAt512Bytes() throws IOException {
        List<HandshakeRecord> records = Captures.fingerprint("tls13-ipv4.pcap", FlowLimits.defaults());
        assertEquals(1, records.size());
        HandshakeRecord r = records.get(0);
        assertEquals(0x0304, r.negotiatedVersion());
        assertEquals(0x1302, r.negotiatedCipher());
        assertEquals(List.of("h2", "http/1.1"), r.offeredAlpn());
        assertNull(r.selectedAlpn(), "TLS 1.3 sends the chosen ALPN in EncryptedExtensions");
        assertEquals("server.d4.test", r.serverName());
        assertEquals(4433, r.server().getPort());
        assertTrue(r.serverCertificates().isEmpty(), "TLS 1.3 certificates are encrypted");
        assertTrue(r.ja4().startsWith("t13d0411h2_"), r.ja4());
        assertFalse(r.helloRetryRequest());
        assertTrue(r.complete());
        assertTrue(r.timestamp().isAfter(Instant.parse("2020-01-01T00:00:00Z")));
    }

    @Test
    void mutualTls12OverIpv6WithoutSni() throws IOException {
        List<HandshakeRecord> records = Captures.fingerprint("tls12-mtls-ipv6.pcap", FlowLimits.defaults());
        assertEquals(1, records.size());
        HandshakeRecord r = records.get(0);
        assertTrue(r.client().getAddress() instanceof Inet6Address);
        assertNull(r.serverName());
        assertTrue(r.ja4().startsWith("t12i"), r.ja4());
        assertEquals(0x0303, r.negotiatedVersion());
        assertTrue(r.mutualTls());
        assertEquals("CN=sensor-client", r.clientCertificates().get(0).subject());
        assertEquals("EC", r.clientCertificates().get(0).keyAlgorithm());
        assertEquals(256, r.clientCertificates().get(0).keySize());
        CertificateInfo leaf = r.serverCertificates().get(0);
        assertEquals("RSA", leaf.keyAlgorithm());
        assertEquals(3072, leaf.keySize());
        assertFalse(leaf.selfSigned());
        assertTrue(r.serverCertificates().get(1).selfSigned(), "the CA certificate signs itself");
        assertEquals(List.of("DNS:server.d4.test", "DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1"),
                leaf.subjectAlternativeNames());
        assertEquals(0, r.timestamp().getNano() % 1000 == 0 && r.timestamp().getNano() != 0 ? 1 : 0,
                "a nanosecond capture keeps its nanoseconds");
    }

    @Test
    void oldVersionsOverLinuxCookedV2() throws IOException {
        Map<Integer, HandshakeRecord> records = byClientPort("tls10-11-sll2.pcap");
        assertEquals(Set.of(0x0301, 0x0302), records.values().stream().map(HandshakeRecord::negotiatedVersion)
                .collect(Collectors.toSet()));
        assertTrue(records.values().stream().allMatch(r -> r.ja4().startsWith("t1")));
        List<HandshakeRecord> both = List.copyOf(records.values());
        assertSame(both.get(0).serverCertificates().get(0), both.get(1).serverCertificates().get(0),
                "the second connection's certificate comes from the cache");
    }

    @Test
    void helloRetryRequestGivesTwoClientHellos() throws IOException {
        List<HandshakeRecord> records = Captures.fingerprint("tls13-hrr.pcap", FlowLimits.defaults());
        assertEquals(1, records.size());
        HandshakeRecord r = records.get(0);
        assertTrue(r.helloRetryRequest());
        assertNotNull(r.retriedClientHello());
        assertNotNull(r.serverHello());
        assertFalse(r.serverHello().helloRetryRequest());
        assertEquals(0x0304, r.negotiatedVersion());
        assertTrue(r.complete());
    }

    @Test
    void otherStacksOverPcapngWithSmallMtu() throws IOException {
        List<HandshakeRecord> records = Captures.fingerprint("curl-gnutls-python.pcapng", FlowLimits.defaults());
        HandshakeRecord python = records.stream().filter(r -> "python.d4.test".equals(r.serverName())).findFirst().orElseThrow();
        assertEquals(List.of("http/1.1", "h2"), python.offeredAlpn());
        assertEquals("http/1.1", python.selectedAlpn());
        assertEquals(0x0303, python.negotiatedVersion());
        assertTrue(python.serverCertificates().get(0).selfSigned());
        assertEquals(384, python.serverCertificates().get(0).keySize());
        assertEquals(List.of("DNS:self.d4.test"), python.serverCertificates().get(0).subjectAlternativeNames());
    }

    @Test
    void resumptionSignals() throws IOException {
        List<HandshakeRecord> records = Captures.fingerprint("resumption.pcap", FlowLimits.defaults());
        Map<Integer, HandshakeRecord> byPort = records.stream().collect(Collectors.toMap(r -> r.client().getPort(), r -> r));
        List<HandshakeRecord> sessionId = records.stream().filter(r -> r.server().getPort() == 4433)
                .sorted((a, b) -> a.timestamp().compareTo(b.timestamp())).toList();
        List<HandshakeRecord> ticket = records.stream().filter(r -> r.server().getPort() == 4434)
                .sorted((a, b) -> a.timestamp().compareTo(b.timestamp())).toList();
        assertEquals(2, sessionId.size(), byPort.keySet().toString());
        assertFalse(sessionId.get(0).resumed());
        assertTrue(sessionId.get(1).resumed());
        assertTrue(sessionId.get(1).serverCertificates().isEmpty(), "an abbreviated handshake has no Certificate");
        assertEquals(2, ticket.size());
        assertFalse(ticket.get(0).resumed());
        assertFalse(ticket.get(0).resumptionOffered());
        assertTrue(ticket.get(1).resumptionOffered());
        assertTrue(ticket.get(1).resumed());
        List<HandshakeRecord> psk = records.stream().filter(r -> r.server().getPort() == 4435)
                .sorted((a, b) -> a.timestamp().compareTo(b.timestamp())).toList();
        assertEquals(2, psk.size());
        assertFalse(psk.get(0).resumed());
        assertTrue(psk.get(1).clientHello().pskOffered());
        assertTrue(psk.get(1).serverHello().pskSelected());
        assertTrue(psk.get(1).resumed());
        assertEquals(0x0304, psk.get(1).negotiatedVersion());
    }
}
