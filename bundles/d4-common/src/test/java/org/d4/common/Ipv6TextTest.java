// SPDX-License-Identifier: Apache-2.0
package org.d4.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class Ipv6TextTest {

    /** The examples of RFC 5952, section 4: each form on the left is written as on the right. */
    @Test
    void theRecommendedForms() throws Exception {
        String[][] cases = {
            {"2001:0db8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1"},   // 4.1 leading zeros, 4.2.1 longest run
            {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},               // 4.2.2 one zero group stays
            {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},                         // 4.2.3 the longest run
            {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},                   // 4.2.3 the first of equal runs
            {"2001:DB8::AAAA", "2001:db8::aaaa"},                            // 4.3 lower case
            {"::", "::"},
            {"::1", "::1"},
            {"1::", "1::"},
        };
        for (String[] c : cases) {
            byte[] bytes = InetAddress.getByName(c[0]).getAddress();
            assertEquals(c[1], Ipv6Text.format(groups(bytes)), c[0]);
            assertEquals(c[1], Ipv6Text.format(bytes), c[0]);
        }
    }

    @Test
    void eightGroupsOnly() {
        assertThrows(IllegalArgumentException.class, () -> Ipv6Text.format(new int[4]));
        assertThrows(IllegalArgumentException.class, () -> Ipv6Text.format(new byte[4]));
    }

    private static int[] groups(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
        return g;
    }
}
