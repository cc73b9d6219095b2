// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryParserTest {
    final QueryParser parser = new QueryParser();

    static Map<String, String[]> params(String... pairs) {
        Map<String, String[]> p = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            p.put(pairs[i], new String[] {pairs[i + 1]});
        }
        return p;
    }

    void bad(String reason, Query.Kind kind, String target, String... pairs) {
        Malformed e = assertThrows(Malformed.class, () -> parser.parse(kind, target, params(pairs)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void targets() throws Exception {
        assertEquals("2c4428422b734ef16cdbf05bc5d82e08", parser.parse(Query.Kind.JA3, "2C4428422B734EF16CDBF05BC5D82E08", Map.of()).query().target());
        assertEquals("t13d1516h2_8daaf6152771_e5627efa2ab1", parser.parse(Query.Kind.JA4, "t13d1516h2_8daaf6152771_e5627efa2ab1", Map.of()).query().target());
        assertEquals("092f1d2f0cdfbeebe0164c9aa2ee3c61f40ce651",
                parser.parse(Query.Kind.CERTIFICATE, "09:2F:1D:2F:0C:DF:BE:EB:E0:16:4C:9A:A2:EE:3C:61:F4:0C:E6:51", Map.of()).query().target());
        Query net = parser.parse(Query.Kind.ADDRESS, "192.0.2.77/24", Map.of()).query();
        assertEquals("00000000000000000000ffffc0000200", HexFormat.of().formatHex(net.low()));
        assertEquals("00000000000000000000ffffc00002ff", HexFormat.of().formatHex(net.high()));
        Query v6 = parser.parse(Query.Kind.ADDRESS, "2001:db8::1/32", Map.of()).query();
        assertEquals("20010db8000000000000000000000000", HexFormat.of().formatHex(v6.low()));
        assertEquals("20010db8ffffffffffffffffffffffff", HexFormat.of().formatHex(v6.high()));
        assertArrayEquals(parser.parse(Query.Kind.ADDRESS, "::1", Map.of()).query().low(), parser.parse(Query.Kind.ADDRESS, "::1", Map.of()).query().high());
        assertEquals("test.d4.", parser.parse(Query.Kind.NAME, "*.D4.test", Map.of()).query().target());
        assertEquals("test.d4.www" + TlsStore.NAME_END, parser.parse(Query.Kind.NAME, "www.d4.test.", Map.of()).query().target());
        assertEquals(1714564800L, parser.parse(Query.Kind.NEW, "", params("since", "2024-05-01T12:00:00Z")).query().since());
        assertEquals(1714521600L, parser.parse(Query.Kind.NEW, "", params("since", "2024-05-01")).query().since());
        assertEquals(7, parser.parse(Query.Kind.JA3, "2c4428422b734ef16cdbf05bc5d82e08", params("limit", "7")).limit());
    }

    @Test
    void badInputSaysWhatIsWrong() {
        bad("MD5", Query.Kind.JA3, "2c44");
        bad("MD5", Query.Kind.JA3S, "zz4428422b734ef16cdbf05bc5d82e08");
        bad("empty query", Query.Kind.JA3, "");
        bad("not a JA4", Query.Kind.JA4, "t13d1516h2_8daaf6152771");
        bad("SHA-1", Query.Kind.CERTIFICATE, "abcd");
        bad("not an address", Query.Kind.ADDRESS, "example.com");
        bad("not an address", Query.Kind.ADDRESS, "256.1.1.1");
        bad("not an address", Query.Kind.ADDRESS, "1.2.3");
        bad("prefix length", Query.Kind.ADDRESS, "192.0.2.0/33");
        bad("prefix length", Query.Kind.ADDRESS, "192.0.2.0/");
        bad("prefix length", Query.Kind.ADDRESS, "2001:db8::/129");
        bad("not a server name", Query.Kind.NAME, "www.*.example");
        bad("not a server name", Query.Kind.NAME, "*");
        bad("not a server name", Query.Kind.NAME, "bad name");
        bad("longer than", Query.Kind.NAME, "a".repeat(400));
        bad("needs since", Query.Kind.NEW, "");
        bad("takes no path", Query.Kind.NEW, "x", "since", "0");
        bad("since is a parameter of /tls/new", Query.Kind.JA3, "2c4428422b734ef16cdbf05bc5d82e08", "since", "0");
        bad("RFC 3339", Query.Kind.NEW, "", "since", "last tuesday");
        bad("unknown parameter", Query.Kind.JA3, "2c4428422b734ef16cdbf05bc5d82e08", "rrtype", "A");
        bad("positive whole number", Query.Kind.ADDRESS, "::1", "limit", "0");
        bad("positive whole number", Query.Kind.ADDRESS, "::1", "limit", "-3");
        bad("positive whole number", Query.Kind.ADDRESS, "::1", "cursor", "abc");
        bad("unknown kind", Query.Kind.ADDRESS, "::1", "kind", "ja5");
        bad("time_first_after", Query.Kind.ADDRESS, "::1", "time_first_after", "soon");
        Malformed twice = assertThrows(Malformed.class, () -> parser.parse(Query.Kind.ADDRESS, "::1", Map.of("limit", new String[] {"1", "2"})));
        assertTrue(twice.getMessage().contains("more than once"));
    }
}
