// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.d4.fingerprint.tls.CertificateInfo;
import org.d4.fingerprint.tls.TlsFormatException;

/**
 * Whole-store views for the console page and the export: the most frequent fingerprints of a
 * kind, those first seen since a time, the certificates worth a look (expiring, self-signed), and
 * every summary as NDJSON or CSV. The views scan the store; the certificate scan stops after
 * {@link #MAX_SCAN} certificates so a page view stays bounded.
 */
final class Overview {
    static final int MAX_SCAN = 200_000;
    static final String CSV_HEADER = "kind,fingerprint,detail,first_seen,last_seen,count,sensors,labels,sha1,subject,issuer,not_after,self_signed";

    record Ranked(FingerprintKey key, Summary summary) {
    }

    record CertificateRow(CertificateInfo info, Summary summary) {
    }

    private final TlsStore store;

    Overview(TlsStore store) {
        this.store = store;
    }

    /** The {@code n} fingerprints of a kind seen most often, most first. */
    List<Ranked> top(FingerprintKey.Kind kind, int n) {
        PriorityQueue<Ranked> best = new PriorityQueue<>(Comparator.comparingLong((Ranked r) -> r.summary().count));
        String prefix = kind.id() + ":";
        for (Map.Entry<String, byte[]> e : store.summaries().tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            Summary s = Summary.decode(e.getValue());
            if (best.size() < n) {
                best.add(new Ranked(FingerprintKey.parse(e.getKey()), s));
            } else if (n > 0 && s.count > best.peek().summary().count) {
                best.poll();
                best.add(new Ranked(FingerprintKey.parse(e.getKey()), s));
            }
        }
        List<Ranked> out = new ArrayList<>(best);
        out.sort(Comparator.comparingLong((Ranked r) -> r.summary().count).reversed());
        return out;
    }

    /** Fingerprints (not pairs or certificates) first seen at or after {@code since}, oldest first, at most {@code n}. */
    List<Ranked> firstSeenSince(long since, int n) {
        List<Ranked> out = new ArrayList<>();
        Iterator<byte[]> it = store.byFirst().tailSet(TlsStore.firstKey(since, ""), true).iterator();
        while (it.hasNext() && out.size() < n) {
            FingerprintKey key = FingerprintKey.parse(TlsStore.keyOf(it.next(), 8));
            if (key == null || key.kind() == FingerprintKey.Kind.PAIR || key.kind() == FingerprintKey.Kind.CERTIFICATE) {
                continue;
            }
            Summary s = store.summary(key);
            if (s != null) {
                out.add(new Ranked(key, s));
            }
        }
        return out;
    }

    /** Certificates the predicate accepts, by the order of their SHA-256, at most {@code n}. */
    List<CertificateRow> certificates(Predicate<CertificateInfo> wanted, int n) {
        List<CertificateRow> out = new ArrayList<>();
        int scanned = 0;
        for (Map.Entry<String, byte[]> e : store.certificates().entrySet()) {
            if (out.size() >= n || ++scanned > MAX_SCAN) {
                break;
            }
            try {
                CertificateInfo info = CertificateInfo.parse(e.getValue());
                if (wanted.test(info)) {
                    out.add(new CertificateRow(info, store.summary(new FingerprintKey(FingerprintKey.Kind.CERTIFICATE, e.getKey()))));
                }
            } catch (TlsFormatException damaged) {
                // counted when it was stored; nothing to show
            }
        }
        return out;
    }

    static Predicate<CertificateInfo> expiringBefore(Instant limit) {
        return c -> c.notAfter().isBefore(limit);
    }

    /** Every summary of the kinds asked, as the query answers (NDJSON). */
    void exportJson(Set<FingerprintKey.Kind> kinds, AnswerWriter writer) throws IOException {
        for (Map.Entry<String, byte[]> e : store.summaries().entrySet()) {
            FingerprintKey key = FingerprintKey.parse(e.getKey());
            if (key != null && kinds.contains(key.kind())) {
                writer.answer(key, Summary.decode(e.getValue()), null);
            }
        }
    }

    /** Every summary of the kinds asked as CSV (RFC 4180: fields quoted when they need it, CRLF line ends). */
    void exportCsv(Set<FingerprintKey.Kind> kinds, Function<String, List<String>> labels, OutputStream stream) throws IOException {
        Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8));
        out.write(CSV_HEADER + "\r\n");
        for (Map.Entry<String, byte[]> e : store.summaries().entrySet()) {
            FingerprintKey key = FingerprintKey.parse(e.getKey());
            if (key == null || !kinds.contains(key.kind())) {
                continue;
            }
            Summary s = Summary.decode(e.getValue());
            List<String> row = new ArrayList<>(List.of(key.kind().id(), key.value(), s.detail, Long.toString(s.first), Long.toString(s.last),
                    Long.toString(s.count), String.join(" ", s.sensors), String.join(" ", labels.apply(key.value()))));
            CertificateInfo c = key.kind() == FingerprintKey.Kind.CERTIFICATE ? parsed(store.certificate(key.value())) : null;
            if (c != null) {
                row.addAll(List.of(c.sha1(), c.subject(), c.issuer(), c.notAfter().toString(), Boolean.toString(c.selfSigned())));
            } else {
                row.addAll(List.of("", "", "", "", ""));
            }
            out.write(String.join(",", row.stream().map(Overview::csvField).toList()) + "\r\n");
        }
        out.flush();
    }

    private static CertificateInfo parsed(byte[] der) {
        try {
            return der == null ? null : CertificateInfo.parse(der);
        } catch (TlsFormatException e) {
            return null;
        }
    }

    static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
