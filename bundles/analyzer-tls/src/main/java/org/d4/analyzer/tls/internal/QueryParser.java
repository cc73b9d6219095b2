// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import org.d4.common.Samples;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.d4.common.web.QueryValues;

/**
 * Reads a query from its route and parameters: {@code /tls/ja3/{md5}}, {@code /tls/ja3s/{md5}},
 * {@code /tls/ja4/{ja4}}, {@code /tls/certificate/{sha1|sha256}}, {@code /tls/ip/{address|network}},
 * {@code /tls/sni/{name|*.name}}, {@code /tls/new?since=}; parameters {@code time_first_after},
 * {@code time_first_before}, {@code time_last_after}, {@code time_last_before} (epoch seconds or
 * RFC 3339), {@code kind} (ja3, ja3s, ja4, pair, certificate; comma-separated), {@code limit},
 * {@code cursor}. Anything else is a {@link Malformed} saying what is wrong.
 */
final class QueryParser {
    static final int MAX_TARGET = 300;
    private static final Set<String> PARAMETERS = Set.of("time_first_after", "time_first_before", "time_last_after", "time_last_before",
            "kind", "limit", "cursor", "since");
    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern JA4 = Pattern.compile("[tqd][0-9s]{2}[di][0-9]{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}");

    /** A query and its page: at most {@code limit} answers after the position {@code cursor} stands for (0: from the start). */
    record Request(Query query, long limit, long cursor) {
    }

    Request parse(Query.Kind kind, String rawTarget, Map<String, String[]> parameters) throws Malformed {
        for (String p : parameters.keySet()) {
            if (!PARAMETERS.contains(p)) {
                throw new Malformed("unknown parameter '" + Samples.cut(p) + "' (known: " + String.join(", ", new TreeSet<>(PARAMETERS)) + ")");
            }
        }
        if (parameters.containsKey("since") && kind != Query.Kind.NEW) {
            throw new Malformed("since is a parameter of /tls/new only");
        }
        String t = rawTarget == null ? "" : rawTarget.strip();
        if (t.length() > MAX_TARGET) {
            throw new Malformed("query longer than " + MAX_TARGET + " characters");
        }
        if (kind != Query.Kind.NEW && t.isEmpty()) {
            throw new Malformed("empty query: give a " + kind.name().toLowerCase(Locale.ROOT) + " after the route");
        }
        long firstAfter = QueryValues.time(parameters, "time_first_after", Long.MIN_VALUE, Malformed::new);
        long firstBefore = QueryValues.time(parameters, "time_first_before", Long.MAX_VALUE, Malformed::new);
        long lastAfter = QueryValues.time(parameters, "time_last_after", Long.MIN_VALUE, Malformed::new);
        long lastBefore = QueryValues.time(parameters, "time_last_before", Long.MAX_VALUE, Malformed::new);
        Set<FingerprintKey.Kind> kinds = kinds(QueryValues.single(parameters, "kind", Malformed::new));
        long limit = QueryValues.positive(QueryValues.single(parameters, "limit", Malformed::new), "limit", Long.MAX_VALUE, Malformed::new);
        long cursor = QueryValues.positive(QueryValues.single(parameters, "cursor", Malformed::new), "cursor", 0, Malformed::new);
        String target = null;
        byte[] low = null;
        byte[] high = null;
        long since = 0;
        String lower = t.toLowerCase(Locale.ROOT);
        switch (kind) {
            case JA3, JA3S -> {
                if (!MD5.matcher(lower).matches()) {
                    throw new Malformed("a " + kind.name() + " fingerprint is its MD5: 32 hexadecimal digits, not '" + Samples.cut(t) + "'");
                }
                target = lower;
            }
            case JA4 -> {
                if (!JA4.matcher(lower).matches()) {
                    throw new Malformed("not a JA4 fingerprint (e.g. t13d1516h2_8daaf6152771_e5627efa2ab1): '" + Samples.cut(t) + "'");
                }
                target = lower;
            }
            case CERTIFICATE -> {
                String hex = lower.replace(":", "");
                if (!SHA.matcher(hex).matches()) {
                    throw new Malformed("a certificate is named by the SHA-1 (40 hex digits) or SHA-256 (64) of its DER, not '" + Samples.cut(t) + "'");
                }
                target = hex;
            }
            case ADDRESS -> {
                byte[][] range = network(t);
                low = range[0];
                high = range[1];
                target = t;
            }
            case NAME -> target = namePrefix(t);
            case NEW -> {
                if (!t.isEmpty()) {
                    throw new Malformed("/tls/new takes no path, only ?since=");
                }
                if (QueryValues.single(parameters, "since", Malformed::new) == null) {
                    throw new Malformed("/tls/new needs since= (epoch seconds or RFC 3339)");
                }
                since = QueryValues.time(parameters, "since", 0, Malformed::new);
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return new Request(new Query(kind, target, low, high, since, kinds, firstAfter, firstBefore, lastAfter, lastBefore), limit, cursor);
    }

    /** The first and last 16-byte address of an address or network. */
    static byte[][] network(String text) throws Malformed {
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        InetAddress address = Addresses.parse(host);
        if (address == null) {
            throw new Malformed("not an address or network: '" + Samples.cut(text) + "' (e.g. 192.0.2.1, 2001:db8::1, 192.0.2.0/24)");
        }
        int max = address.getAddress().length * 8;
        int prefix = max;
        if (slash >= 0) {
            String bits = text.substring(slash + 1);
            prefix = bits.length() >= 1 && bits.length() <= 3 && bits.chars().allMatch(Character::isDigit) ? Integer.parseInt(bits) : -1;
            if (prefix < 0 || prefix > max) {
                throw new Malformed("prefix length must be 0 to " + max + ", not '" + Samples.cut(bits) + "'");
            }
        }
        int bits = Addresses.sixteenPrefix(address, prefix);
        byte[] low = Addresses.sixteen(address);
        byte[] high = low.clone();
        for (int bit = bits; bit < 128; bit++) {
            low[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
            high[bit / 8] |= (byte) (0x80 >> (bit % 8));
        }
        return new byte[][] {low, high};
    }

    /** The prefix of the name index for a name ({@code reversed} and its end mark) or {@code *.name} (reversed and a dot). */
    static String namePrefix(String text) throws Malformed {
        boolean wildcard = text.startsWith("*.");
        String name = DnsNames.normalize(wildcard ? text.substring(2) : text);
        if (name == null || name.indexOf('*') >= 0) {
            throw new Malformed("not a server name: '" + Samples.cut(text) + "' (a wildcard stands for the leftmost labels: *.example.com)");
        }
        return DnsNames.reversed(name) + (wildcard ? "." : String.valueOf(TlsStore.NAME_END));
    }

    private static Set<FingerprintKey.Kind> kinds(String list) throws Malformed {
        Set<FingerprintKey.Kind> out = EnumSet.noneOf(FingerprintKey.Kind.class);
        if (list == null) {
            return out;
        }
        for (String k : list.split(",")) {
            if (k.isBlank()) {
                continue;
            }
            FingerprintKey.Kind kind = FingerprintKey.Kind.of(k.strip().toLowerCase(Locale.ROOT));
            if (kind == null) {
                throw new Malformed("unknown kind '" + Samples.cut(k) + "' (ja3, ja3s, ja4, pair, certificate)");
            }
            out.add(kind);
        }
        return out;
    }
}
