// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reading command arguments, which arrive as bytes. */
final class Args {
    private Args() {
    }

    static String text(byte[] arg) {
        return new String(arg, StandardCharsets.UTF_8);
    }

    /** A Redis integer argument: optional minus sign and digits only (no '+', no blanks), within a long. */
    static Optional<Long> integer(byte[] arg) {
        String s = text(arg);
        if (!s.matches("-?[0-9]{1,19}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    /** At most {@code max} characters of client input, for replies and log lines. */
    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(0, max));
    }
}
