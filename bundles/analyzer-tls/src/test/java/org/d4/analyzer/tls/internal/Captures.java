// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.d4.fingerprint.FlowLimits;
import org.d4.fingerprint.HandshakeRecord;
import org.d4.fingerprint.TlsFingerprinter;
import org.d4.fingerprint.tls.CertificateInfo;

/**
 * The captures of d4-fingerprint (made with real TLS stacks by its make-captures.sh), read in
 * place, with the values tshark and openssl found in them (expected.tsv, certificates.tsv), and the
 * Go sensor's record layout to turn a handshake into a {@code ja3-jl} line.
 */
final class Captures {
    static final Path FOLDER = Path.of("../d4-fingerprint/src/test/resources/captures");
    static final ObjectMapper JSON = new ObjectMapper();

    private Captures() {
    }

    static List<HandshakeRecord> handshakes(String capture) {
        List<HandshakeRecord> out = new ArrayList<>();
        TlsFingerprinter f = new TlsFingerprinter(FlowLimits.defaults(), out::add);
        try (InputStream in = Files.newInputStream(FOLDER.resolve(capture))) {
            f.readCapture(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Rows of expected.tsv or certificates.tsv for one capture, split at tabs. */
    static List<String[]> expected(String table, String capture) {
        try {
            return Files.readAllLines(FOLDER.resolve(table)).stream().map(l -> l.split("\t", -1)).filter(r -> r[0].equals(capture)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The handshake as the Go sensor writes it: its field names, ports as strings, certificates with CertHash (SHA-256) and Raw. */
    static String goLine(HandshakeRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ServerIP", r.server().getAddress().getHostAddress());
        o.put("ServerPort", Integer.toString(r.server().getPort()));
        o.put("ClientIP", r.client().getAddress().getHostAddress());
        o.put("ClientPort", Integer.toString(r.client().getPort()));
        o.put("TLSH", "");
        o.put("Timestamp", r.timestamp().atOffset(ZoneOffset.ofHours(2)).toString());
        o.put("JA3", r.ja3());
        o.put("JA3Digest", r.ja3Md5());
        o.put("JA3S", r.ja3s() == null ? "" : r.ja3s());
        o.put("JA3SDigest", r.ja3sMd5() == null ? "" : r.ja3sMd5());
        ArrayNode certs = o.putArray("Certificates");
        for (CertificateInfo c : r.serverCertificates()) {
            ObjectNode e = certs.addObject();
            e.put("CertHash", c.sha256());
            e.put("Raw", Base64.getEncoder().encodeToString(c.der()));
            e.putObject("Subject").put("CommonName", "ignored");
            e.put("Version", 3);
        }
        return o.toString();
    }

    /** The handshake with the fields our client adds to the Go sensor's (JA4, server name, ALPN). */
    static String clientLine(HandshakeRecord r) {
        ObjectNode o = (ObjectNode) readTree(goLine(r));
        o.put("JA4", r.ja4());
        o.put("JA4_r", r.ja4Raw());
        o.put("SNI", r.serverName());
        ArrayNode alpn = o.putArray("ALPN");
        r.offeredAlpn().forEach(alpn::add);
        return o.toString();
    }

    /** The same with the source/destination names some sensors use (the source being the client). */
    static String srcDstLine(HandshakeRecord r) {
        ObjectNode o = (ObjectNode) readTree(goLine(r));
        o.put("IPSrc", o.remove("ClientIP").asText());
        o.put("IPDst", o.remove("ServerIP").asText());
        o.put("PortSrc", Integer.parseInt(o.remove("ClientPort").asText()));
        o.put("PortDst", Integer.parseInt(o.remove("ServerPort").asText()));
        return o.toString();
    }

    static com.fasterxml.jackson.databind.JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
