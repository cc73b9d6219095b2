// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class PassiveDnsLineTest {
    static final UUID SENSOR = UUID.fromString("8a5b4c7e-1d2f-4a3b-9c8d-7e6f5a4b3c2d");
    final PassiveDnsLine parser = new PassiveDnsLine(RrTypes.load());

    Observation parse(String line) throws Malformed {
        return parser.parse(line, SENSOR);
    }

    @Test
    void aLineAsPassivednsWritesIt() throws Malformed {
        Observation o = parse("1322849924.408856||10.1.1.1||8.8.8.8||IN||Upload.YouTube.com.||A||74.125.43.117||46587||5");
        assertEquals("upload.youtube.com", o.rrname());
        assertEquals(1, o.rrtype());
        assertEquals("74.125.43.117", o.rdata());
        assertEquals(1322849924L, o.timeFirst(), "seconds, the fraction dropped");
        assertEquals(1322849924L, o.timeLast());
        assertEquals(5, o.count());
        assertEquals(46587, o.ttl());
        assertEquals("IN", o.dnsClass());
        assertEquals(SENSOR, o.sensor());
    }

    @Test
    void answersNormalizedByType() throws Malformed {
        assertEquals("www.l.google.com", parse("1700000000||1.1.1.1||2.2.2.2||IN||www.google.com.||CNAME||WWW.L.Google.com.||300||1").rdata());
        assertEquals("2001:db8::1", parse("1700000000||1.1.1.1||2.2.2.2||IN||v6.example.||AAAA||2001:0DB8:0:0::1||300||1").rdata());
        assertEquals("v=spf1 include:_spf.Example.com ~all",
                parse("1700000000||1.1.1.1||2.2.2.2||IN||example.com.||TXT||\"v=spf1 include:_spf.Example.com ~all\"||300||1").rdata(),
                "TXT unquoted, its case kept");
        assertEquals("mail.example.com", parse("1700000000||1.1.1.1||2.2.2.2||IN||example.com.||MX||Mail.Example.com.||300||1").rdata());
        assertEquals("AwEAAaz/tAm8yTn4Mfeh", parse("1700000000||1.1.1.1||2.2.2.2||IN||example.com.||DNSKEY||AwEAAaz/tAm8yTn4Mfeh||300||1").rdata(),
                "base64 keeps its case");
    }

    @Test
    void typesByMnemonicGenericNameOrNumber() throws Malformed {
        assertEquals(257, parse("1700000000||1.1.1.1||2.2.2.2||IN||example.com||CAA||0 issue \"ca.example\"||300||1").rrtype());
        assertEquals(65280, parse("1700000000||1.1.1.1||2.2.2.2||IN||example.com||TYPE65280||\\# 2 abcd||300||1").rrtype());
        assertEquals(32769, parse("1700000000||1.1.1.1||2.2.2.2||IN||example.com||DLV||x||300||1").rrtype());
        assertEquals(33, parse("1700000000||1.1.1.1||2.2.2.2||IN||_sip._tcp.example.com||33||0 5 5060 sip.example.com||300||1").rrtype());
    }

    @Test
    void anAnswerContainingTheSeparator() throws Malformed {
        Observation o = parse("1700000000||1.1.1.1||2.2.2.2||IN||example.com||TXT||\"a||b||c\"||300||2");
        assertEquals("a||b||c", o.rdata());
        assertEquals(300, o.ttl());
        assertEquals(2, o.count());
    }

    @Test
    void withoutACountItIsOne() throws Malformed {
        Observation o = parse("1700000000||1.1.1.1||2.2.2.2||IN||example.com||A||192.0.2.1||300");
        assertEquals(1, o.count());
        assertEquals(300, o.ttl());
    }

    @Test
    void theRootName() throws Malformed {
        assertEquals(".", parse("1700000000||1.1.1.1||2.2.2.2||IN||.||NS||a.root-servers.net.||518400||1").rrname());
    }

    @Test
    void malformedLinesSayWhatIsWrong() {
        String[][] cases = {
            {"", "expected 9 fields"},
            {"garbage", "expected 9 fields"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||example.com||A", "expected 9 fields"},
            {"x||1.1.1.1||2.2.2.2||IN||example.com||A||192.0.2.1||300||1", "timestamp"},
            {"-5||1.1.1.1||2.2.2.2||IN||example.com||A||192.0.2.1||300||1", "timestamp"},
            {"0||1.1.1.1||2.2.2.2||IN||example.com||A||192.0.2.1||300||1", "timestamp is zero"},
            {"17000000000000||1.1.1.1||2.2.2.2||IN||example.com||A||192.0.2.1||300||1", "timestamp out of range"},
            {"1700000000.5x||1.1.1.1||2.2.2.2||IN||example.com||A||192.0.2.1||300||1", "timestamp"},
            {"1700000000||1.1.1.1||2.2.2.2||||example.com||A||192.0.2.1||300||1", "class"},
            {"1700000000||1.1.1.1||2.2.2.2||I N||example.com||A||192.0.2.1||300||1", "class"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||||A||192.0.2.1||300||1", "query is not a usable name"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||a..b||A||192.0.2.1||300||1", "query is not a usable name"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||" + "a".repeat(300) + "||A||192.0.2.1||300||1", "query is not a usable name"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||example.com||NOPE||192.0.2.1||300||1", "unknown rrtype"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||example.com||TYPE70000||x||300||1", "unknown rrtype"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||example.com||A||||300||1", "empty answer"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||example.com||A||not-an-ip||300||1", "not an address"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||example.com||AAAA||192.0.2.1||300||1", "not an address"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||example.com||TXT||" + "x".repeat(5000) + "||300||1", "longer than 4096"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||example.com||TXT||a\u0000b||300||1", "NUL"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||example.com||A||192.0.2.1||x||1", "ttl is not a number"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||example.com||A||192.0.2.1||4294967296||1", "ttl out of range"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||example.com||A||192.0.2.1||300||0", "count must be at least 1"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||example.com||A||192.0.2.1||300||-1", "count is not a number"},
            {"1700000000||1.1.1.1||2.2.2.2||IN||example.com||A||192.0.2.1||300||99999999999999999999", "count"},
        };
        for (String[] c : cases) {
            Malformed e = assertThrows(Malformed.class, () -> parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
            assertTrue(e.getMessage().length() < 400, "the reason quotes only a sample");
        }
    }

    @Test
    void randomBytesNeverThrowAnythingElse() {
        java.util.Random random = new java.util.Random(3);
        String alphabet = "|.:0123456789abcdefAIN\"\\ \t-";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder line = new StringBuilder();
            int length = random.nextInt(80);
            for (int j = 0; j < length; j++) {
                line.append(random.nextInt(10) == 0 ? (char) random.nextInt(0x3000) : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                Observation o = parse(line.toString());
                assertTrue(o.timeFirst() > 0 && o.count() > 0 && DnsNames.normalize(o.rrname()) != null, line.toString());
            } catch (Malformed expected) {
                assertNull(expected.getCause());
            }
        }
    }

    /**
     * Found by PassiveDnsLineFuzzTest: the fields after the answer were taken from the right with
     * separators that could share a bar, so in "300|||5" the count's separator and the ttl's
     * overlapped and cutting the ttl threw StringIndexOutOfBoundsException instead of Malformed.
     */
    @Test
    void barsSharedByTheLastSeparatorsAreMalformedNotACrash() throws Malformed {
        assertThrows(Malformed.class, () -> parse("1700000000||1.1.1.1||2.2.2.2||IN||example.com.||TXT||x||300|||5"));
        assertThrows(Malformed.class, () -> parse("0.192.in-add1|1003|10.1.1.132||weIN||weird.example.1||.8.8.8||IN||1.2.0||TXT||\"a||a||b\"|||."));
        assertEquals("x|", parse("1700000000||1.1.1.1||2.2.2.2||IN||example.com.||TXT||x|||300||5").rdata(), "a bar ending the answer is data");
    }

    /**
     * Found by {@code PassiveDnsLineFuzzTest} (input kept as {@code crash-answer-longer-when-written-again}):
     * the length limit is on the answer as received, so a text at the limit that passivedns wrote
     * without quotes is taken, and the same text quoted is refused; the round trip of the fuzz test
     * now leaves out answers that no longer fit once written the canonical way.
     */
    @Test
    void theAnswerLimitCountsTheCharactersAsReceived() throws Malformed {
        String text = "v".repeat(Rdata.MAX_LENGTH);
        assertEquals(text, parse("1700000000||1.1.1.1||2.2.2.2||IN||example.com.||TXT||" + text + "||300||5").rdata());
        Malformed refused = assertThrows(Malformed.class, () -> parse("1700000000||1.1.1.1||2.2.2.2||IN||example.com.||TXT||\"" + text + "\"||300||5"));
        assertEquals("answer longer than 4096 characters", refused.getMessage());
    }
}
