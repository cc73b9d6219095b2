// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DnsNamesTest {

    @Test
    void lowerCaseWithoutTheTrailingDot() {
        assertEquals("www.example.com", DnsNames.normalize("WWW.Example.COM."));
        assertEquals("www.example.com", DnsNames.normalize("www.example.com"));
        assertEquals("_dmarc.example.com", DnsNames.normalize("_dmarc.example.com."));
        assertEquals(".", DnsNames.normalize("."));
        assertEquals("localhost", DnsNames.normalize("localhost"));
        assertEquals("a".repeat(63) + ".com", DnsNames.normalize("a".repeat(63) + ".com."));
    }

    @Test
    void notNames() {
        for (String bad : new String[] {"", "..", "a..b", ".a", "a b", "a\tb", "a\u0000b", "a".repeat(64) + ".com",
                ("a".repeat(60) + ".").repeat(5), "a\u007fb"}) {
            assertNull(DnsNames.normalize(bad), bad);
        }
        assertNull(DnsNames.normalize(null));
    }

    @Test
    void reversedByLabel() {
        assertEquals("com.example.www", DnsNames.reverse("www.example.com"));
        assertEquals("www.example.com", DnsNames.reverse(DnsNames.reverse("www.example.com")));
        assertEquals("localhost", DnsNames.reverse("localhost"));
        assertEquals(".", DnsNames.reverse("."));
    }
}
