// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.Test;

/**
 * Names as Go's {@code pkix.Name.String()} writes them and strings as its {@code %q} quotes them, the
 * two parts of the Go sensor's TLSH text that certificates bring. The expected values follow the rules
 * of Go's crypto/x509/pkix and strconv documentation, applied by hand to a certificate openssl made
 * ({@code names.der}, {@code make-names.sh}).
 */
class GoDistinguishedNameTest {

    @Test
    void wellKnownAttributesInGosOrderThenTheOthersAsDerHex() throws IOException {
        byte[] der = Files.readAllBytes(Path.of("src", "test", "resources", "tlsh", "names.der"));
        Certificate c = Certificate.getInstance(der);
        // DER order C, ST, L, O, OU, OU, CN, emailAddress (openssl -subj); Go: SERIALNUMBER, CN, OU, O,
        // POSTALCODE, STREET, L, ST, C, then attributes it has no name for, their value re-encoded in DER
        // (a@d4.test is not a PrintableString: UTF8String, tag 0c, 9 bytes)
        String expected = "CN=x.d4.test,OU=Sensors+OU=Lab,O=D4\\, Org,L=Luxembourg,ST=Lux,C=LU,1.2.840.113549.1.9.1=#0c09614064342e74657374";
        assertEquals(expected, GoDistinguishedName.of(c.getSubject()));
        assertEquals(expected, GoDistinguishedName.of(c.getIssuer()), "self-signed");
    }

    @Test
    void quotedAsGoQuotesStrings() {
        assertEquals("\"CN=a\\\\, b\"", quote("CN=a\\, b"));
        assertEquals("\"say \\\"hi\\\"\"", quote("say \"hi\""));
        assertEquals("\"\\x01\\t\\n\\x7f\"", quote("\u0001\t\n\u007f"));
        assertEquals("\"Zürich 東京\"", quote("Zürich 東京"), "printable letters stay as they are");
        assertEquals("\"a\\u200bb\\u00a0\"", quote("a\u200bb\u00a0"), "format characters and other spaces are escaped");
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder();
        TlshInput.goQuote(s, out);
        return out.toString();
    }
}
