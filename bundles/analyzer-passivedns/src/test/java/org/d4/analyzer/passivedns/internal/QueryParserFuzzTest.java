// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Arbitrary COF queries (seeds: queries as pDNS clients send them, {@code QueryParserFuzzTestInputs}):
 * a target (names, wildcards, addresses, networks), parameters (rrtype, time fences, limit,
 * cursor, and unknown ones) and the dribble headers. {@link QueryParser#parse} either returns a
 * well-formed request or throws {@link BadRequest}, never another exception; the target of a
 * request, written back, parses to the same query (same cursor fingerprint).
 */
class QueryParserFuzzTest {

    private static final List<String> PARAMETERS = List.of("rrtype", "time_first_after", "time_first_before", "time_last_after",
            "time_last_before", "limit", "cursor", "rrname");
    private final QueryParser parser = new QueryParser(RrTypes.load());

    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(FuzzedDataProvider data) throws BadRequest {
        String target = data.consumeString(400);
        boolean full = data.consumeBoolean();
        Map<String, String[]> parameters = new HashMap<>();
        for (int n = data.consumeInt(0, 4); n > 0; n--) {
            String name = data.consumeBoolean() ? data.pickValue(PARAMETERS) : data.consumeString(20);
            String[] values = new String[data.consumeInt(1, 2)];
            for (int i = 0; i < values.length; i++) {
                values[i] = data.consumeString(40);
            }
            parameters.put(name, values);
        }
        Map<String, String> headers = new HashMap<>();
        for (String header : List.of("dribble-filter-rrtype", "dribble-paginate-count", "dribble-paginate-cursor")) {
            if (data.consumeBoolean()) {
                headers.put(header, data.consumeString(40));
            }
        }

        QueryParser.Request request;
        try {
            request = parser.parse(target, full, parameters, headers::get);
        } catch (BadRequest refused) {
            assertNotNull(refused.getMessage());
            return;
        }
        assertTrue(request.limit() >= 1);
        assertTrue(request.cursor() >= 0);
        Query q = request.query();
        assertEquals(full, q.full());
        switch (q.kind()) {
            case NAME, SUBDOMAINS, PREFIX -> {
                assertNull(q.address());
                assertEquals(q.name(), DnsNames.normalize(q.name()), "name in its stored form");
                assertTrue(!full || q.kind() == Query.Kind.NAME);
            }
            case ADDRESS -> {
                assertTrue(q.address().length == 4 || q.address().length == 16);
                assertEquals(q.address().length * 8, q.prefixLength());
            }
            case NETWORK -> {
                assertTrue(q.address().length == 4 || q.address().length == 16);
                assertTrue(q.prefixLength() >= 0 && q.prefixLength() <= q.address().length * 8);
                for (int bit = q.prefixLength(); bit < q.address().length * 8; bit++) {
                    assertEquals(0, q.address()[bit / 8] & (0x80 >> (bit % 8)), "host bits are off");
                }
                assertTrue(!full);
            }
            default -> throw new AssertionError(q.kind());
        }
        String written = switch (q.kind()) {
            case NAME -> q.name() + ".";   // the final dot keeps a name of digits ("10.0.0.1.") from reading as an address
            case SUBDOMAINS -> "*." + q.name();
            case PREFIX -> q.name() + ".*";
            case ADDRESS -> Addresses.format(q.address());
            case NETWORK -> Addresses.format(q.address()) + "/" + q.prefixLength();
        };
        assertEquals(q.fingerprint(), parser.target(written, full, q.filters()).fingerprint(), written);
    }
}
