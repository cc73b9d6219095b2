// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RrTypesTest {
    final RrTypes types = RrTypes.load();

    @Test
    void theRegistryFromAThroughCaaTaAndDlv() {
        assertEquals(1, types.number("A"));
        assertEquals(28, types.number("AAAA"));
        assertEquals(5, types.number("CNAME"));
        assertEquals(23, types.number("NSAP-PTR"));
        assertEquals(46, types.number("RRSIG"));
        assertEquals(65, types.number("HTTPS"));
        assertEquals(99, types.number("SPF"));
        assertEquals(257, types.number("CAA"));
        assertEquals(32768, types.number("TA"));
        assertEquals(32769, types.number("DLV"));
        assertEquals("CAA", types.name(257));
        assertEquals("DLV", types.name(32769));
        assertEquals("NSAP-PTR", types.name(23));
        assertEquals(96, types.size(), "every mnemonic of the registry, and ANY");
    }

    @Test
    void namesInAnyCaseGenericTypesAndNumbers() {
        assertEquals(16, types.number("txt"));
        assertEquals(255, types.number("ANY"));
        assertEquals(255, types.number("*"));
        assertEquals("*", types.name(255));
        assertEquals(65280, types.number("TYPE65280"));
        assertEquals(65280, types.number("type65280"));
        assertEquals(28, types.number("28"));
        assertEquals(0, types.number("0"));
        assertEquals(65535, types.number("65535"));
    }

    @Test
    void unassignedTypesHaveNoName() {
        assertNull(types.name(54));
        assertNull(types.name(65280));
        assertNull(types.name(0));
        assertNull(types.name(-1));
        assertNull(types.name(70000));
    }

    @Test
    void whatIsNoTypeIsMinusOne() {
        for (String bad : new String[] {"", "FOO", "A1", "TYPE", "TYPE65536", "65536", "-1", "1.5", " A", "TYPEx", "99999999999999999"}) {
            assertEquals(-1, types.number(bad), bad);
        }
        assertEquals(-1, types.number(null));
    }
}
