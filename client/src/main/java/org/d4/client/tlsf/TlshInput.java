// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x509.Certificate;
import org.d4.fingerprint.HandshakeRecord;
import org.d4.fingerprint.tls.CertificateInfo;

/**
 * What the Go sensor feeds its TLSH: the JA3 string, the JA3S string, then for each server
 * certificate its issuer and its subject (as Go writes names, each quoted as Go's {@code %q} does),
 * with every {@code -}, {@code ,} and {@code "} taken out. The names of the {@value #CACHED}
 * certificates seen last are kept (servers send the same chain to every client), and the digests of
 * the last {@value #CACHED} texts: a client talking to a server again gives the same text, and TLSH
 * costs more than the rest of a record.
 */
final class TlshInput {
    private static final int CACHED = 1024;

    /** Certificate SHA-256 to its quoted issuer and subject; least recently used dropped. */
    private final Map<String, String> names = new LinkedHashMap<>(CACHED * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHED;
        }
    };

    /** Text to digest; least recently used dropped. */
    private final Map<String, String> digests = new LinkedHashMap<>(CACHED * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHED;
        }
    };

    String of(HandshakeRecord r) {
        StringBuilder s = new StringBuilder(512);
        s.append(nullToEmpty(r.ja3())).append(nullToEmpty(r.ja3s()));
        for (CertificateInfo c : r.serverCertificates()) {
            s.append(names.computeIfAbsent(c.sha256(), k -> quotedNames(c.der())));
        }
        StringBuilder kept = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '-' && c != ',' && c != '"') {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    String digest(HandshakeRecord r) {
        return digests.computeIfAbsent(of(r), text -> TlshDigest.of(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String quotedNames(byte[] der) {
        Certificate parsed = Certificate.getInstance(der);
        StringBuilder s = new StringBuilder(128);
        goQuote(GoDistinguishedName.of(parsed.getIssuer()), s);
        goQuote(GoDistinguishedName.of(parsed.getSubject()), s);
        return s.toString();
    }

    /** Go's {@code strconv.Quote}: printable characters as they are, the others escaped. */
    static void goQuote(String text, StringBuilder s) {
        s.append('"');
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"', '\\' -> s.append('\\').appendCodePoint(c);
                case 0x07 -> s.append("\\a");
                case '\b' -> s.append("\\b");
                case '\f' -> s.append("\\f");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case 0x0B -> s.append("\\v");
                default -> {
                    if (printable(c)) {
                        s.appendCodePoint(c);
                    } else if (c < ' ' || c == 0x7F) {
                        s.append(String.format("\\x%02x", c));
                    } else if (c < 0x10000) {
                        s.append(String.format("\\u%04x", c));
                    } else {
                        s.append(String.format("\\U%08x", c));
                    }
                }
            }
        });
        s.append('"');
    }

    /** Letters, marks, numbers, punctuation, symbols and the ASCII space, as Go's {@code unicode.IsPrint}. */
    private static boolean printable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
