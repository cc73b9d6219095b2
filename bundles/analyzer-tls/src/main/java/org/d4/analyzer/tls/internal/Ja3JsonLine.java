// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import org.d4.common.Samples;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.d4.fingerprint.tls.CertificateInfo;
import org.d4.fingerprint.tls.Digests;
import org.d4.fingerprint.tls.TlsFormatException;

/**
 * Reads one {@code ja3-jl} line: a JSON object as the Go sensor writes it ({@code ServerIP},
 * {@code ServerPort}, {@code ClientIP}, {@code ClientPort} with ports as strings, {@code Timestamp}
 * in RFC 3339, {@code JA3}, {@code JA3Digest}, {@code JA3S}, {@code JA3SDigest}, {@code Certificates}
 * whose entries carry the DER in base64 as {@code Raw}), as our client writes it (the same plus
 * {@code JA4}, {@code SNI}, {@code ALPN}), or with {@code IPSrc}/{@code IPDst}/{@code PortSrc}/{@code PortDst}
 * (the source being the client). Anything else is {@link Malformed}, with the reason.
 */
final class Ja3JsonLine {
    static final int MAX_LINE = 1 << 20;
    static final int MAX_CERTIFICATES = 16;
    static final int MAX_CERTIFICATE_BYTES = 64 * 1024;
    static final int MAX_ALPN = 16;
    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern JA3 = Pattern.compile("\\d{1,5}(,[0-9-]{0,4000}){4}");
    private static final Pattern JA3S = Pattern.compile("\\d{1,5},\\d{0,5},[0-9-]{0,4000}");
    private static final Pattern JA4 = Pattern.compile("[tqd][0-9s]{2}[di][0-9]{4}[0-9a-zA-Z]{2}_[0-9a-f]{12}_[0-9a-f]{12}");

    private final ObjectMapper json;

    Ja3JsonLine() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(MAX_LINE).build()).build();
        this.json = new ObjectMapper(factory);
    }

    Sighting parse(String line, UUID sensor, long receivedAt) throws Malformed {
        if (line.length() > MAX_LINE) {
            throw new Malformed("line longer than " + MAX_LINE + " characters");
        }
        JsonNode o;
        try {
            o = json.readTree(line);
        } catch (IOException e) {
            throw new Malformed("not JSON: " + firstLine(e.getMessage()));
        }
        if (o == null || !o.isObject()) {
            throw new Malformed("not a JSON object");
        }
        String clientIp = address(o, "ClientIP", "IPSrc");
        String serverIp = address(o, "ServerIP", "IPDst");
        int clientPort = port(o, "ClientPort", "PortSrc");
        int serverPort = port(o, "ServerPort", "PortDst");
        String ja3 = text(o, "JA3");
        String ja3Md5 = digest(o, "JA3Digest", ja3, JA3, "JA3");
        String ja3s = text(o, "JA3S");
        String ja3sMd5 = digest(o, "JA3SDigest", ja3s, JA3S, "JA3S");
        String ja4 = text(o, "JA4");
        if (ja4 != null && !JA4.matcher(ja4).matches()) {
            throw new Malformed("JA4 is not a JA4 fingerprint: " + Samples.cut(ja4));
        }
        if (ja3Md5 == null && ja3sMd5 == null && ja4 == null) {
            throw new Malformed("no fingerprint: JA3Digest, JA3SDigest and JA4 are all absent");
        }
        String sni = text(o, "SNI");
        if (sni != null) {
            sni = DnsNames.normalize(sni);
            if (sni == null) {
                throw new Malformed("SNI is not a host name");
            }
        }
        return new Sighting(timestamp(o, receivedAt), sensor, clientIp, clientPort, serverIp, serverPort,
                ja3Md5 == null ? null : ja3, ja3Md5, ja3sMd5 == null ? null : ja3s, ja3sMd5, ja4,
                sni, alpn(o), certificates(o));
    }

    private static String text(JsonNode o, String field) throws Malformed {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Malformed(field + " is not a string");
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    private static String address(JsonNode o, String field, String alternative) throws Malformed {
        String name = o.has(field) ? field : alternative;
        String raw = text(o, name);
        if (raw == null) {
            return null;
        }
        String canonical = Addresses.canonical(raw);
        if (canonical == null) {
            throw new Malformed(name + " is not an IP address: " + Samples.cut(raw));
        }
        return canonical;
    }

    private static int port(JsonNode o, String field, String alternative) throws Malformed {
        String name = o.has(field) ? field : alternative;
        JsonNode v = o.get(name);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            return 0;
        }
        String s = v.isIntegralNumber() ? v.asText() : v.isTextual() ? v.asText().strip() : "x";
        if (s.length() > 5 || !s.chars().allMatch(Character::isDigit) || s.isEmpty() || Integer.parseInt(s) > 65535) {
            throw new Malformed(name + " is not a port number: " + Samples.cut(v.toString()));
        }
        return Integer.parseInt(s);
    }

    /** The MD5 of a fingerprint: the digest field checked against its string when both are there. */
    private static String digest(JsonNode o, String field, String string, Pattern form, String what) throws Malformed {
        String digest = text(o, field);
        if (string != null && !form.matcher(string).matches()) {
            throw new Malformed(what + " is not a " + what + " string: " + Samples.cut(string));
        }
        if (digest == null) {
            return string == null ? null : Digests.hex("MD5", string.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        digest = digest.toLowerCase(Locale.ROOT);
        if (!MD5.matcher(digest).matches()) {
            throw new Malformed(field + " is not an MD5 in hex: " + Samples.cut(digest));
        }
        if (string != null && !digest.equals(Digests.hex("MD5", string.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
            throw new Malformed(field + " is not the MD5 of " + what);
        }
        return digest;
    }

    private static long timestamp(JsonNode o, long receivedAt) throws Malformed {
        JsonNode v = o.get("Timestamp");
        if (v == null || v.isNull()) {
            return receivedAt;
        }
        if (v.isNumber()) {
            return v.asLong();
        }
        try {
            return OffsetDateTime.parse(v.asText().strip()).toEpochSecond();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(v.asText().strip()).getEpochSecond();
            } catch (DateTimeParseException again) {
                throw new Malformed("Timestamp is not an RFC 3339 time: " + Samples.cut(v.asText()));
            }
        }
    }

    private static List<String> alpn(JsonNode o) throws Malformed {
        JsonNode v = o.get("ALPN");
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new Malformed("ALPN is not a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode p : v) {
            if (!p.isTextual() || p.asText().isEmpty() || p.asText().length() > 255) {
                throw new Malformed("ALPN holds something other than protocol names");
            }
            if (out.size() < MAX_ALPN) {
                out.add(p.asText());
            }
        }
        return out;
    }

    private static List<CertificateInfo> certificates(JsonNode o) throws Malformed {
        JsonNode v = o.get("Certificates");
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new Malformed("Certificates is not a list");
        }
        if (v.size() > MAX_CERTIFICATES) {
            throw new Malformed("more than " + MAX_CERTIFICATES + " certificates");
        }
        List<CertificateInfo> out = new ArrayList<>();
        for (JsonNode c : v) {
            JsonNode raw = c.get("Raw");
            if (raw == null || !raw.isTextual()) {
                throw new Malformed("a certificate without its DER (Raw)");
            }
            if (raw.asText().length() > MAX_CERTIFICATE_BYTES * 4 / 3 + 4) {
                throw new Malformed("a certificate larger than " + MAX_CERTIFICATE_BYTES + " bytes");
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(raw.asText());
            } catch (IllegalArgumentException e) {
                throw new Malformed("a certificate's Raw is not base64");
            }
            try {
                out.add(CertificateInfo.parse(der));
            } catch (TlsFormatException e) {
                throw new Malformed("a certificate that is not X.509: " + Samples.cut(e.getMessage()));
            }
        }
        return out;
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message;
        int nl = m.indexOf('\n');
        return Samples.cut(nl < 0 ? m : m.substring(0, nl));
    }
}
