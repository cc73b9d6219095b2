// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.d4.fingerprint.HandshakeRecord;
import org.d4.fingerprint.tls.CertificateInfo;
import org.d4.fingerprint.tls.ClientHello;

/**
 * A handshake as a JSON object. The fields of the Go sensor keep its names and types (ports as
 * strings, certificates as {@code CertHash} and base64 {@code Raw}) so that a server's {@code ja3-jl}
 * handling reads our records unchanged; the others are ours.
 */
public final class RecordJson {
    private final ObjectMapper mapper;
    private final TlshInput tlsh = new TlshInput();

    /** Not thread-safe (a cache of certificate names): one per reader. */
    public RecordJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectNode toJson(HandshakeRecord r) {
        ObjectNode o = mapper.createObjectNode();
        address(o, "Server", r.server());
        address(o, "Client", r.client());
        o.put("TLSH", tlsh.digest(r));
        o.put("Timestamp", r.timestamp().toString());
        o.put("JA3", nullToEmpty(r.ja3()));
        o.put("JA3Digest", nullToEmpty(r.ja3Md5()));
        o.put("JA3S", nullToEmpty(r.ja3s()));
        o.put("JA3SDigest", nullToEmpty(r.ja3sMd5()));
        o.set("Certificates", certificates(r.serverCertificates()));
        o.put("JA4", r.ja4());
        o.put("JA4_r", r.ja4Raw());
        o.put("JA4_o", r.ja4Original());
        o.put("JA4_ro", r.ja4RawOriginal());
        o.put("SNI", r.serverName());
        ArrayNode alpn = o.putArray("ALPN");
        r.offeredAlpn().forEach(alpn::add);
        o.put("ALPNSelected", r.selectedAlpn());
        ClientHello hello = r.clientHello();
        o.put("ClientVersion", hello == null ? null : hex(hello.legacyVersion()));
        o.put("Version", r.negotiatedVersion() == 0 ? null : hex(r.negotiatedVersion()));
        o.put("Cipher", r.negotiatedCipher() < 0 ? null : hex(r.negotiatedCipher()));
        o.put("HelloRetryRequest", r.helloRetryRequest());
        o.put("ResumptionOffered", r.resumptionOffered());
        o.put("Resumed", r.resumed());
        o.put("MutualTLS", r.mutualTls());
        o.set("ClientCertificates", certificates(r.clientCertificates()));
        o.put("Complete", r.complete());
        return o;
    }

    /** The record on one line, as the Go sensor prints it. */
    public String toLine(HandshakeRecord r) {
        try {
            return mapper.writeValueAsString(toJson(r));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    private JsonNode certificates(List<CertificateInfo> certs) {
        ArrayNode a = mapper.createArrayNode();
        for (CertificateInfo c : certs) {
            ObjectNode e = a.addObject();
            e.put("CertHash", c.sha1());
            e.put("Raw", Base64.getEncoder().encodeToString(c.der()));
            e.put("Subject", c.subject());
            e.put("Issuer", c.issuer());
            e.put("SerialNumber", c.serial());
            e.put("SHA256", c.sha256());
        }
        return a;
    }

    private static void address(ObjectNode o, String side, InetSocketAddress a) {
        o.put(side + "IP", a == null ? "" : text(a.getAddress()));
        o.put(side + "Port", a == null ? "" : Integer.toString(a.getPort()));
    }

    /** IPv6 in its short form (RFC 5952), as Go prints it: {@code ::1}, not Java's {@code 0:0:0:0:0:0:0:1}. */
    static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xFF) << 8 | b[2 * i + 1] & 0xFF;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            s.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                s.append(':');
            }
        }
        return s.toString();
    }

    /** {@code 0x0303}; without a Formatter, which costs more than the rest of a record's fields. */
    private static String hex(int value) {
        return "0x" + HexFormat.of().toHexDigits((short) value);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
