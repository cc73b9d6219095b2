// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryParserTest {
    final QueryParser parser = new QueryParser(RrTypes.load());

    QueryParser.Request parse(String q, String... parameters) throws BadRequest {
        return parse(q, Map.of(), parameters);
    }

    QueryParser.Request parse(String q, Map<String, String> headers, String... parameters) throws BadRequest {
        Map<String, String[]> p = new HashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            p.merge(parameters[i], new String[] {parameters[i + 1]}, (a, b) -> new String[] {a[0], b[0]});
        }
        return parser.parse(q, false, p, headers::get);
    }

    @Test
    void namesAndWildcards() throws BadRequest {
        Query q = parse("WWW.Example.com.").query();
        assertEquals(Query.Kind.NAME, q.kind());
        assertEquals("www.example.com", q.name());
        assertEquals(Query.Kind.SUBDOMAINS, parse("*.example.com").query().kind());
        assertEquals("example.com", parse("*.example.com").query().name());
        assertEquals(Query.Kind.PREFIX, parse("www.example.*").query().kind());
        assertEquals("www.example", parse("www.example.*").query().name());
    }

    @Test
    void addressesAndNetworks() throws BadRequest {
        Query v4 = parse("192.0.2.1").query();
        assertEquals(Query.Kind.ADDRESS, v4.kind());
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, v4.address());
        assertEquals(Query.Kind.ADDRESS, parse("2001:DB8::1").query().kind());
        Query net = parse("192.0.2.77/24").query();
        assertEquals(Query.Kind.NETWORK, net.kind());
        assertEquals(24, net.prefixLength());
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 0}, net.address(), "host bits cleared");
        Query net6 = parse("2001:db8::/32").query();
        assertEquals(32, net6.prefixLength());
        assertEquals(16, net6.address().length);
        assertEquals(0, parse("0.0.0.0/0").query().prefixLength());
    }

    @Test
    void filtersFromParametersAndDribbleHeaders() throws BadRequest {
        QueryParser.Request r = parse("example.com", Map.of("dribble-filter-rrtype", "A,AAAA", "dribble-paginate-count", "50",
                "dribble-paginate-cursor", "7346046680497455128"));
        assertEquals(Set.of(1, 28), r.query().filters().types());
        assertEquals(50, r.limit());
        assertEquals(7346046680497455128L, r.cursor());
        QueryParser.Request p = parse("example.com", "rrtype", "mx", "rrtype", "TXT,CNAME", "limit", "10", "cursor", "3",
                "time_first_after", "1700000000", "time_last_before", "2024-05-01T12:00:00Z", "time_first_before", "2024-05-01",
                "time_last_after", "2024-05-01T14:00:00+02:00");
        assertEquals(Set.of(15, 16, 5), p.query().filters().types());
        assertEquals(1700000000L, p.query().filters().firstAfter());
        assertEquals(1714564800L, p.query().filters().lastBefore());
        assertEquals(1714521600L, p.query().filters().firstBefore());
        assertEquals(1714564800L, p.query().filters().lastAfter());
        assertEquals(10, p.limit());
        assertEquals(3, p.cursor());
        QueryParser.Request none = parse("example.com");
        assertEquals(Long.MAX_VALUE, none.limit());
        assertEquals(0, none.cursor());
        assertEquals(Filters.NONE, none.query().filters());
    }

    @Test
    void aCursorBelongsToItsQuery() throws BadRequest {
        assertEquals(parse("Example.com.").query().fingerprint(), parse("example.com").query().fingerprint());
        assertTrue(!parse("example.com").query().fingerprint().equals(parse("example.com", "rrtype", "A").query().fingerprint()));
        assertTrue(!parse("example.com").query().fingerprint().equals(parse("*.example.com").query().fingerprint()));
    }

    @Test
    void malformedQueriesSayWhatIsWrong() {
        String[][] cases = {
            {"", "empty query"},
            {"   ", "empty query"},
            {"a".repeat(400), "longer than"},
            {"a..b", "not a domain name"},
            {"exa mple.com", "not a domain name"},
            {"*", "wildcard"},
            {"*.*", "wildcard"},
            {"*.example.*", "wildcard"},
            {"www.exa*.com", "wildcard"},
            {"ww*.example.com", "wildcard"},
            {"*.", "wildcard"},
            {"2001:db8::g", "not an IPv6 address"},
            {"1:2:3", "not an IPv6 address"},
            {"192.0.2.0/33", "prefix length"},
            {"2001:db8::/129", "prefix length"},
            {"192.0.2.0/", "prefix length"},
            {"192.0.2.0/-1", "prefix length"},
            {"192.0.2.0/+8", "prefix length"},
            {"192.0.2.0/x", "prefix length"},
            {"example.com/24", "not a network"},
            {"192.0.2.0/24/8", "prefix length"},
        };
        for (String[] c : cases) {
            BadRequest e = assertThrows(BadRequest.class, () -> parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void malformedParametersSayWhatIsWrong() {
        String[][] cases = {
            {"rrtype", "NOPE", "unknown rrtype"},
            {"limit", "0", "limit must be a positive whole number"},
            {"limit", "-3", "limit must be"},
            {"limit", "ten", "limit must be"},
            {"limit", "99999999999999999999", "limit must be"},
            {"cursor", "abc", "cursor must be"},
            {"time_first_after", "yesterday", "time_first_after must be seconds since the epoch or an RFC 3339 time"},
            {"time_last_before", "2024-13-01T00:00:00Z", "time_last_before must be"},
            {"time_last_before", "2024-05-01T12:00:00", "time_last_before must be"},
            {"colour", "blue", "unknown parameter 'colour'"},
        };
        for (String[] c : cases) {
            BadRequest e = assertThrows(BadRequest.class, () -> parse("example.com", c[0], c[1]), c[0] + "=" + c[1]);
            assertTrue(e.getMessage().contains(c[2]), c[0] + "=" + c[1] + " -> " + e.getMessage());
        }
        BadRequest twice = assertThrows(BadRequest.class, () -> parse("example.com", "limit", "1", "limit", "2"));
        assertTrue(twice.getMessage().contains("more than once"));
        BadRequest header = assertThrows(BadRequest.class, () -> parse("example.com", Map.of("dribble-paginate-count", "x")));
        assertTrue(header.getMessage().contains("limit must be"));
        BadRequest headerType = assertThrows(BadRequest.class, () -> parse("example.com", Map.of("dribble-filter-rrtype", "A,BOGUS")));
        assertTrue(headerType.getMessage().contains("unknown rrtype: BOGUS"));
    }

    @Test
    void fqueryTakesNamesAndAddressesOnly() {
        assertThrows(BadRequest.class, () -> parser.parse("192.0.2.0/24", true, Map.of(), h -> null));
        assertThrows(BadRequest.class, () -> parser.parse("*.example.com", true, Map.of(), h -> null));
    }
}
