// SPDX-License-Identifier: Apache-2.0
package org.d4.common;

/** The text of an IPv6 address as RFC 5952 recommends, from its eight 16-bit groups. */
public final class Ipv6Text {
    private Ipv6Text() {
    }

    /** The text of the 16 bytes of an IPv6 address (network order), as {@link #format(int[])}. */
    public static String format(byte[] address) {
        if (address.length != 16) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + address.length);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (address[2 * i] & 0xff) << 8 | address[2 * i + 1] & 0xff;
        }
        return format(groups);
    }

    /**
     * Lower-case hexadecimal groups without leading zeros, the longest run of two or more zero
     * groups (the first of equal runs) written {@code ::} (RFC 5952, section 4).
     *
     * @param groups eight values of 0 to 0xffff
     */
    public static String format(int[] groups) {
        if (groups.length != 8) {
            throw new IllegalArgumentException("an IPv6 address has 8 groups, not " + groups.length);
        }
        int bestStart = -1;
        int bestLength = 1;     // RFC 5952 4.2.2: a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }
}
