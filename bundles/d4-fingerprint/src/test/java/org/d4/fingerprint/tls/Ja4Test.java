// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The worked example and the rules of FoxIO's JA4 specification (technical_details/JA4.md). */
class Ja4Test {

    private static final int[] SPEC_CIPHERS = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8,
        0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
    private static final int[] SPEC_SIGNATURES = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601};

    /** The specification's example hello, with GREASE values added in front of each list. */
    private static HelloBytes specHello(boolean signatures) {
        int[] ciphers = new int[SPEC_CIPHERS.length + 1];
        ciphers[0] = 0x2a2a;
        System.arraycopy(SPEC_CIPHERS, 0, ciphers, 1, SPEC_CIPHERS.length);
        HelloBytes h = new HelloBytes().ciphers(ciphers).extension(0xdada, new byte[0]).extension(0x001b, new byte[] {2, 0, 2})
                .serverName("example.com").extension(0x0033, new byte[] {0, 0}).alpn("h2", "http/1.1")
                .extension(0x4469, new byte[0]).extension(0x0017, new byte[0]).extension(0x002d, new byte[] {1, 1});
        if (signatures) {
            h.u16ListExtension(0x000d, false, SPEC_SIGNATURES);
        } else {
            h.extension(0x000d, new byte[] {0, 0});
        }
        return h.extension(0x0005, new byte[0]).extension(0x0023, new byte[0]).extension(0x0012, new byte[0])
                .u16ListExtension(0x002b, true, 0x7a7a, 0x0304, 0x0303).extension(0xff01, new byte[] {0})
                .extension(0x000b, new byte[] {1, 0}).u16ListExtension(0x000a, false, 0x001d).extension(0x0015, new byte[2]);
    }

    private static ClientHello parse(HelloBytes h) throws TlsFormatException {
        byte[] body = h.body();
        return ClientHello.parse(body, 0, body.length);
    }

    @Test
    void theSpecificationsExample() throws TlsFormatException {
        Ja4 ja4 = Ja4.of(parse(specHello(true)));
        assertEquals("t13d1516h2_8daaf6152771_e5627efa2ab1", ja4.ja4());
        assertEquals("t13d1516h2_acb858a92679_18f69afefd3d", ja4.ja4Original());
        assertEquals("t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_0005,000a,"
                + "000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,0804,0401,0503,0805,0501,0806,0601",
                ja4.ja4Raw());
        assertEquals("t13d1516h2_1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035_001b,0000,"
                + "0033,0010,4469,0017,002d,000d,0005,0023,0012,002b,ff01,000b,000a,0015_0403,0804,0401,0503,0805,0501,0806,0601",
                ja4.ja4RawOriginal());
    }

    @Test
    void withoutSignatureAlgorithmsTheListEndsWithoutUnderscore() throws TlsFormatException {
        assertEquals("t13d1516h2_8daaf6152771_6d807ffa2a79", Ja4.of(parse(specHello(false))).ja4());
    }

    @Test
    void emptyListsHashToZeros() throws TlsFormatException {
        Ja4 ja4 = Ja4.of(parse(new HelloBytes().ciphers().version(0x0301)));
        assertEquals("t10i000000_000000000000_000000000000", ja4.ja4());
    }

    @Test
    void versionsAndNoSni() throws TlsFormatException {
        assertEquals("t12i010000", Ja4.of(parse(new HelloBytes().version(0x0303))).ja4().substring(0, 10));
        assertEquals("s3", Ja4.version(parse(new HelloBytes().version(0x0300))));
        assertEquals("00", Ja4.version(parse(new HelloBytes().version(0x0305))));
        assertEquals("12", Ja4.version(parse(new HelloBytes().version(0x0301).u16ListExtension(0x2b, true, 0x0303, 0x0a0a))));
    }

    @Test
    void alpnCharactersFollowTheSpecificationsTable() throws TlsFormatException {
        assertEquals("h1", alpn("http/1.1"));
        assertEquals("hh", alpn("h"));
        assertEquals("ab", alpn("\u00ab"));
        assertEquals("20", alpn(" "));
        assertEquals("ad", alpn("\u00ab\u00cd"));
        assertEquals("21", alpn(" a"));
        assertEquals("3b", alpn("0\u00ab"));
        assertEquals("60", alpn("a "));
        assertEquals("3d", alpn("01\u00ab\u00cd"));
        assertEquals("01", alpn("0\u00ab\u00cd1"));
        assertEquals("00", Ja4.alpn(parse(new HelloBytes())));
    }

    private static String alpn(String first) throws TlsFormatException {
        return Ja4.alpn(parse(new HelloBytes().alpn(first, "x")));
    }

    @Test
    void ja3DropsGreaseEverywhere() throws TlsFormatException {
        ClientHello hello = parse(new HelloBytes().ciphers(0x0a0a, 0x1301, 0xfafa, 0xc02b).extension(0x1a1a, new byte[0])
                .u16ListExtension(0x000a, false, 0x2a2a, 0x001d, 0x0017).extension(0x000b, new byte[] {1, 0}));
        assertEquals("771,4865-49195,10-11,29-23,0", Ja3.client(hello));
    }

    @Test
    void malformedHellosAreRejected() {
        byte[] body = new HelloBytes().serverName("a.example").body();
        for (int cut = 0; cut < body.length; cut++) {
            int length = cut;
            if (length != 41) {                            // 41 bytes: a well-formed hello without extensions
                assertThrows(TlsFormatException.class, () -> ClientHello.parse(body, 0, length), "cut at " + length);
            }
        }
        assertThrows(TlsFormatException.class, () -> ClientHello.parse(new byte[] {3, 3}, 0, 2));
        byte[] odd = new HelloBytes().ciphers(0x1301).body();
        odd[36] = 3;                                       // an odd cipher suites length
        assertThrows(TlsFormatException.class, () -> ClientHello.parse(odd, 0, odd.length));
    }
}
