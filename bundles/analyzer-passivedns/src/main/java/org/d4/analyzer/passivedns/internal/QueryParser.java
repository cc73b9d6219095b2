// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import org.d4.common.Samples;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.d4.common.web.QueryValues;

/**
 * Reads a query: the target from the path ({@code example.com}, {@code *.example.com},
 * {@code www.example.*}, {@code 192.0.2.1}, {@code 2001:db8::1}, {@code 192.0.2.0/24}), the
 * filters and the page from parameters and from the headers pDNS clients send to CIRCL's
 * service ({@code dribble-filter-rrtype}, {@code dribble-paginate-count},
 * {@code dribble-paginate-cursor}). Anything else is a {@link BadRequest} saying what is wrong.
 */
final class QueryParser {
    static final int MAX_QUERY_LENGTH = 300;
    private static final Set<String> PARAMETERS = Set.of("rrtype", "time_first_after", "time_first_before", "time_last_after",
            "time_last_before", "limit", "cursor");

    /** A query with its page: at most {@code limit} records, after the position {@code cursor} stands for (0: from the start). */
    record Request(Query query, long limit, long cursor) {
    }

    private final RrTypes types;

    QueryParser(RrTypes types) {
        this.types = types;
    }

    Request parse(String target, boolean full, Map<String, String[]> parameters, Function<String, String> header) throws BadRequest {
        for (String p : parameters.keySet()) {
            if (!PARAMETERS.contains(p)) {
                throw new BadRequest("unknown parameter '" + Samples.cut(p) + "' (known: " + String.join(", ", new java.util.TreeSet<>(PARAMETERS)) + ")");
            }
        }
        Filters filters = new Filters(types(parameters.get("rrtype"), header.apply("dribble-filter-rrtype")),
                QueryValues.time(parameters, "time_first_after", Long.MIN_VALUE, BadRequest::new),
                QueryValues.time(parameters, "time_first_before", Long.MAX_VALUE, BadRequest::new),
                QueryValues.time(parameters, "time_last_after", Long.MIN_VALUE, BadRequest::new),
                QueryValues.time(parameters, "time_last_before", Long.MAX_VALUE, BadRequest::new));
        Query query = target(target, full, filters);
        long limit = QueryValues.positive(orHeader(parameters, "limit", header.apply("dribble-paginate-count")), "limit", Long.MAX_VALUE, BadRequest::new);
        long cursor = QueryValues.positive(orHeader(parameters, "cursor", header.apply("dribble-paginate-cursor")), "cursor", 0, BadRequest::new);
        return new Request(query, limit, cursor);
    }

    Query target(String raw, boolean full, Filters filters) throws BadRequest {
        String q = raw == null ? "" : raw.strip();
        if (q.isEmpty()) {
            throw new BadRequest("empty query: give a name, an address or a network");
        }
        if (q.length() > MAX_QUERY_LENGTH) {
            throw new BadRequest("query longer than " + MAX_QUERY_LENGTH + " characters");
        }
        int slash = q.indexOf('/');
        if (slash >= 0) {
            if (full) {
                throw new BadRequest("fquery takes a name or an address, not a network");
            }
            return network(q, slash, filters);
        }
        byte[] address = Addresses.parseV4(q);
        if (address == null && q.indexOf(':') >= 0) {
            address = Addresses.parseV6(q.toLowerCase(Locale.ROOT));
            if (address == null) {
                throw new BadRequest("not an IPv6 address: " + Samples.cut(q));
            }
        }
        if (address != null) {
            return new Query(Query.Kind.ADDRESS, null, address, address.length * 8, full, filters);
        }
        return name(q.endsWith(".") && q.length() > 1 ? q.substring(0, q.length() - 1) : q, full, filters);
    }

    private Query name(String q, boolean full, Filters filters) throws BadRequest {
        Query.Kind kind = Query.Kind.NAME;
        String name = q;
        if (q.startsWith("*.")) {
            kind = Query.Kind.SUBDOMAINS;
            name = q.substring(2);
        } else if (q.endsWith(".*")) {
            kind = Query.Kind.PREFIX;
            name = q.substring(0, q.length() - 2);
        }
        if (name.indexOf('*') >= 0 || (kind != Query.Kind.NAME && full)) {
            throw new BadRequest(full ? "fquery takes a name or an address, without wildcards"
                    : "a wildcard stands for whole labels, on one side: *.example.com or www.example.*");
        }
        String normalized = DnsNames.normalize(name);
        if (normalized == null || (kind != Query.Kind.NAME && normalized.equals("."))) {
            throw new BadRequest("not a domain name: " + Samples.cut(q));
        }
        return new Query(kind, normalized, null, 0, full, filters);
    }

    private static Query network(String q, int slash, Filters filters) throws BadRequest {
        String host = q.substring(0, slash);
        byte[] address = Addresses.parseV4(host);
        if (address == null) {
            address = Addresses.parseV6(host.toLowerCase(Locale.ROOT));
        }
        if (address == null) {
            throw new BadRequest("not a network: " + Samples.cut(q) + " (expected e.g. 192.0.2.0/24 or 2001:db8::/32)");
        }
        String bits = q.substring(slash + 1);
        int length;
        try {
            length = bits.length() <= 3 && !bits.startsWith("+") ? Integer.parseInt(bits) : -1;
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length < 0 || length > address.length * 8) {
            throw new BadRequest("prefix length must be 0 to " + address.length * 8 + ", not '" + Samples.cut(bits) + "'");
        }
        for (int bit = length; bit < address.length * 8; bit++) {
            address[bit / 8] &= (byte) ~(0x80 >> (bit % 8));   // host bits off: 192.0.2.1/24 means 192.0.2.0/24
        }
        return new Query(Query.Kind.NETWORK, null, address, length, false, filters);
    }

    private Set<Integer> types(String[] values, String header) throws BadRequest {
        Set<Integer> out = new HashSet<>();
        for (String v : values == null ? new String[0] : values) {
            addTypes(v, out);
        }
        if (header != null) {
            addTypes(header, out);
        }
        return out;
    }

    private void addTypes(String list, Set<Integer> out) throws BadRequest {
        for (String t : list.split(",")) {
            String type = t.strip();
            if (type.isEmpty()) {
                continue;
            }
            int n = types.number(type);
            if (n < 0) {
                throw new BadRequest("unknown rrtype: " + Samples.cut(type));
            }
            out.add(n);
        }
    }

    /** The parameter's value, else the header's (pDNS clients page with headers). */
    private static String orHeader(Map<String, String[]> parameters, String name, String header) throws BadRequest {
        String value = QueryValues.single(parameters, name, BadRequest::new);
        return value != null ? value : header;
    }
}
