// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.tls;

import java.util.Arrays;

/** GREASE values (RFC 8701): 0x?a?a with both bytes equal, reserved so that peers tolerate unknown ones. */
public final class Grease {
    private Grease() {
    }

    public static boolean isGrease(int value) {
        return (value & 0x0f0f) == 0x0a0a && (value >>> 8) == (value & 0xff);
    }

    /** The values in their order, GREASE removed. */
    public static int[] without(int[] values) {
        return Arrays.stream(values).filter(v -> !isGrease(v)).toArray();
    }
}
