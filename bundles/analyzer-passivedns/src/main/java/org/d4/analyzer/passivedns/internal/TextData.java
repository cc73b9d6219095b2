// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The text of a TXT or SPF record, decoded from the master-file form passivedns writes
 * (RFC 1035 section 5.1): each character-string, quoted or not, loses its quotes; {@code \"},
 * {@code \\} and any {@code \X} become X, {@code \DDD} the byte DDD; the strings are joined with
 * nothing between them, as SPF (RFC 7208 section 3.3) and DKIM read a record split in 255-byte
 * strings. The bytes are read as UTF-8, a malformed sequence becoming U+FFFD.
 *
 * <p>Data that does not start with a quote is taken as text already decoded and kept as it is
 * (other producers, such as a COF import, may write it so). Quoted data that is not well formed is
 * still decoded rather than refused, since a sensor's bytes are all the evidence there is: an
 * unterminated quote runs to the end, a lone backslash at the end is kept.
 */
final class TextData {
    private TextData() {
    }

    static String decode(String raw) {
        if (raw.isEmpty() || raw.charAt(0) != '"') {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        byte[] in = raw.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        while (i < in.length) {
            if (isBlank(in[i])) {
                i++;
            } else if (in[i] == '"') {
                i = string(in, i + 1, true, out);
            } else {
                i = string(in, i, false, out);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Copies one character-string from {@code i} to {@code out}; the index after it. */
    private static int string(byte[] in, int i, boolean quoted, ByteArrayOutputStream out) {
        while (i < in.length) {
            byte b = in[i];
            if (quoted ? b == '"' : isBlank(b)) {
                return i + 1;
            }
            if (b == '\\' && i + 1 < in.length) {
                int digits = decimalEscape(in, i + 1);
                if (digits >= 0) {
                    out.write(digits);
                    i += 4;
                } else {
                    out.write(in[i + 1]);
                    i += 2;
                }
                continue;
            }
            out.write(b);
            i++;
        }
        return i;
    }

    /** The byte of a {@code \DDD} escape whose digits start at {@code i}, or -1. */
    private static int decimalEscape(byte[] in, int i) {
        if (i + 3 > in.length) {
            return -1;
        }
        int value = 0;
        for (int k = i; k < i + 3; k++) {
            if (in[k] < '0' || in[k] > '9') {
                return -1;
            }
            value = value * 10 + in[k] - '0';
        }
        return value <= 255 ? value : -1;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }
}
