// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void dottedQuads() {
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, Addresses.parseV4("192.0.2.1"));
        assertArrayEquals(new byte[] {0, 0, 0, 0}, Addresses.parseV4("0.0.0.0"));
        assertEquals("255.255.255.255", Addresses.format(Addresses.parseV4("255.255.255.255")));
        for (String bad : new String[] {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.", ".1.2.3", "1..2.3", "a.b.c.d", "1.2.3.4 ",
                "1.2.3.-4", "1111.2.3.4", "example.com", "1.2.3.4/24"}) {
            assertNull(Addresses.parseV4(bad), bad);
        }
    }

    @Test
    void ipv6InItsCanonicalForm() {
        assertEquals("2001:db8::1", Addresses.format(Addresses.parseV6("2001:0db8:0000:0000:0000:0000:0000:0001")));
        assertEquals("2001:db8::1", Addresses.format(Addresses.parseV6("2001:DB8::1".toLowerCase())));
        assertEquals("::", Addresses.format(Addresses.parseV6("::")));
        assertEquals("::1", Addresses.format(Addresses.parseV6("::1")));
        assertEquals("1::", Addresses.format(Addresses.parseV6("1::")));
        assertEquals("2001:db8:0:1:1:1:1:1", Addresses.format(Addresses.parseV6("2001:db8:0:1:1:1:1:1")), "one zero group stays");
        assertEquals("2001:db8::1:0:0:1", Addresses.format(Addresses.parseV6("2001:db8:0:0:1:0:0:1")), "the first of equal runs");
        assertEquals("2001:0:0:1::1", Addresses.format(Addresses.parseV6("2001:0:0:1:0:0:0:1")), "the longest run");
        assertEquals("::ffff:c000:201", Addresses.format(Addresses.parseV6("::ffff:192.0.2.1")));
        assertEquals("1:2:3:4:5:6:102:304", Addresses.format(Addresses.parseV6("1:2:3:4:5:6:1.2.3.4")));
        for (String bad : new String[] {"", ":", ":::", "1:2", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "1:2:3:4:5:6:7:8::",
                "::1:2:3:4:5:6:7:8", ":1::", "1::2:", "1.2.3.4", "::1.2.3", "1.2.3.4::", "fe80::1%eth0", "2001:db8::/32"}) {
            assertNull(Addresses.parseV6(bad), bad);
        }
    }

    @Test
    void everyAddressFormatsAsTheJdkReadsIt() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] a = new byte[16];
            for (int g = 0; g < 8; g++) {
                if (random.nextInt(3) > 0) {       // many zero groups, so every compression case comes up
                    a[2 * g] = (byte) random.nextInt(3);
                    a[2 * g + 1] = (byte) random.nextInt(256);
                }
            }
            String text = Addresses.format(a);
            assertArrayEquals(a, Addresses.parseV6(text), text);
            assertArrayEquals(a, InetAddress.getByName(text).getAddress().length == 16 ? InetAddress.getByName(text).getAddress()
                    : toMapped(InetAddress.getByName(text).getAddress()), text);
        }
    }

    private static byte[] toMapped(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }
}
