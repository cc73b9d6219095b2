// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import org.d4.common.Ipv6Text;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.d4.fingerprint.HandshakeRecord;
import org.d4.fingerprint.tls.CertificateInfo;
import org.d4.fingerprint.tls.ClientHello;

/**
 * A handshake as a JSON object. The fields of the Go sensor keep its names and types (ports as
 * strings, certificates as {@code CertHash} and base64 {@code Raw}) so that a server's {@code ja3-jl}
 * handling reads our records unchanged; the others are ours.
 */
public final class RecordJson {
    /** Certificates whose JSON is kept: servers send the same chain to every client. */
    private static final int CACHED_CERTIFICATES = 1024;

    private final JsonFactory factory;
    private final TlshInput tlsh = new TlshInput();
    private final StringWriter buffer = new StringWriter(4096);
    /** SHA-256 to the certificate's JSON object; least recently used dropped. */
    private final Map<String, String> certificateJson = new LinkedHashMap<>(CACHED_CERTIFICATES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHED_CERTIFICATES;
        }
    };

    /** Not thread-safe (caches of certificate names and JSON): one per reader. */
    public RecordJson(ObjectMapper mapper) {
        this.factory = mapper.getFactory();
    }

    /** The record on one line, as the Go sensor prints it. */
    public String toLine(HandshakeRecord r) {
        buffer.getBuffer().setLength(0);
        try (JsonGenerator g = factory.createGenerator(buffer)) {
            write(g, r);
        } catch (IOException e) {
            throw new UncheckedIOException("a string writer does not fail", e);
        }
        return buffer.toString();
    }

    private void write(JsonGenerator g, HandshakeRecord r) throws IOException {
        g.writeStartObject();
        address(g, "Server", r.server());
        address(g, "Client", r.client());
        g.writeStringField("TLSH", tlsh.digest(r));
        g.writeStringField("Timestamp", r.timestamp().toString());
        g.writeStringField("JA3", nullToEmpty(r.ja3()));
        g.writeStringField("JA3Digest", nullToEmpty(r.ja3Md5()));
        g.writeStringField("JA3S", nullToEmpty(r.ja3s()));
        g.writeStringField("JA3SDigest", nullToEmpty(r.ja3sMd5()));
        certificates(g, "Certificates", r.serverCertificates());
        g.writeStringField("JA4", r.ja4());
        g.writeStringField("JA4_r", r.ja4Raw());
        g.writeStringField("JA4_o", r.ja4Original());
        g.writeStringField("JA4_ro", r.ja4RawOriginal());
        g.writeStringField("SNI", r.serverName());
        g.writeArrayFieldStart("ALPN");
        for (String protocol : r.offeredAlpn()) {
            g.writeString(protocol);
        }
        g.writeEndArray();
        g.writeStringField("ALPNSelected", r.selectedAlpn());
        ClientHello hello = r.clientHello();
        g.writeStringField("ClientVersion", hello == null ? null : hex(hello.legacyVersion()));
        g.writeStringField("Version", r.negotiatedVersion() == 0 ? null : hex(r.negotiatedVersion()));
        g.writeStringField("Cipher", r.negotiatedCipher() < 0 ? null : hex(r.negotiatedCipher()));
        g.writeBooleanField("HelloRetryRequest", r.helloRetryRequest());
        g.writeBooleanField("ResumptionOffered", r.resumptionOffered());
        g.writeBooleanField("Resumed", r.resumed());
        g.writeBooleanField("MutualTLS", r.mutualTls());
        certificates(g, "ClientCertificates", r.clientCertificates());
        g.writeBooleanField("Complete", r.complete());
        g.writeEndObject();
    }

    private void certificates(JsonGenerator g, String field, List<CertificateInfo> certs) throws IOException {
        g.writeArrayFieldStart(field);
        for (CertificateInfo c : certs) {
            g.writeRawValue(certificateJson.computeIfAbsent(c.sha256(), k -> certificate(c)));
        }
        g.writeEndArray();
    }

    private String certificate(CertificateInfo c) {
        StringWriter out = new StringWriter(2 * c.der().length);
        try (JsonGenerator e = factory.createGenerator(out)) {
            e.writeStartObject();
            e.writeStringField("CertHash", c.sha1());
            e.writeStringField("Raw", Base64.getEncoder().encodeToString(c.der()));
            e.writeStringField("Subject", c.subject());
            e.writeStringField("Issuer", c.issuer());
            e.writeStringField("SerialNumber", c.serial());
            e.writeStringField("SHA256", c.sha256());
            e.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a string writer does not fail", e);
        }
        return out.toString();
    }

    private static void address(JsonGenerator g, String side, InetSocketAddress a) throws IOException {
        g.writeStringField(side + "IP", a == null ? "" : text(a.getAddress()));
        g.writeStringField(side + "Port", a == null ? "" : Integer.toString(a.getPort()));
    }

    /** IPv6 in its short form (RFC 5952), as Go prints it: {@code ::1}, not Java's {@code 0:0:0:0:0:0:0:1}. */
    static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        return Ipv6Text.format(address.getAddress());
    }

    /** {@code 0x0303}; without a Formatter, which costs more than the rest of a record's fields. */
    private static String hex(int value) {
        return "0x" + HexFormat.of().toHexDigits((short) value);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
