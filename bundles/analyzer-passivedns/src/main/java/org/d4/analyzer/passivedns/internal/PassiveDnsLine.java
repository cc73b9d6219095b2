// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import org.d4.common.Samples;
import java.util.Locale;
import java.util.UUID;

/**
 * Parses one line of passivedns CSV as D4 sensors send it (type 8):
 * {@code timestamp||client-ip||server-ip||class||query||rrtype||answer||ttl||count}. Older
 * passivedns versions leave out the count (then 1). An answer may itself contain {@code ||}
 * (TXT data): the fields before it are taken from the left, those after it from the right.
 */
final class PassiveDnsLine {
    private static final String SEPARATOR = "||";

    private final RrTypes types;

    PassiveDnsLine(RrTypes types) {
        this.types = types;
    }

    Observation parse(String line, UUID sensor) throws Malformed {
        String[] f = split(line);
        long time = timestamp(f[0]);
        String dnsClass = dnsClass(f[3]);
        String rrname = DnsNames.normalize(f[4]);
        if (rrname == null) {
            throw new Malformed("query is not a usable name: " + Samples.cut(f[4]));
        }
        int rrtype = types.number(f[5]);
        if (rrtype < 0) {
            throw new Malformed("unknown rrtype: " + Samples.cut(f[5]));
        }
        String rdata = Rdata.normalize(rrtype, f[6]);
        long ttl = number(f[7], 0xffff_ffffL, "ttl");
        long count = f.length > 8 ? number(f[8], Long.MAX_VALUE / 4, "count") : 1;
        if (count < 1) {
            throw new Malformed("count must be at least 1, not " + count);
        }
        return new Observation(rrname, rrtype, rdata, time, time, count, sensor, ttl, dnsClass);
    }

    private static String[] split(String line) throws Malformed {
        int separators = 0;
        for (int i = line.indexOf(SEPARATOR); i >= 0; i = line.indexOf(SEPARATOR, i + 2)) {
            separators++;
        }
        if (separators < 7) {
            throw new Malformed("expected 9 fields separated by ||, found " + (separators + 1));
        }
        int fields = separators == 7 ? 8 : 9;
        String[] f = new String[fields];
        int at = 0;
        for (int i = 0; i < 6; i++) {
            int end = line.indexOf(SEPARATOR, at);
            f[i] = line.substring(at, end);
            at = end + 2;
        }
        int tailFields = fields - 7;   // ttl, and count when present
        int end = line.length();
        for (int i = fields - 1; i > fields - 1 - tailFields; i--) {
            // end - 2: the separator before a field may not share a bar with the one after it ("300|||5")
            int start = line.lastIndexOf(SEPARATOR, end - 2);
            f[i] = line.substring(start + 2, end);
            end = start;
        }
        f[6] = line.substring(at, end);
        return f;
    }

    private static long timestamp(String text) throws Malformed {
        int dot = text.indexOf('.');
        String seconds = dot < 0 ? text : text.substring(0, dot);
        for (int i = dot + 1; dot >= 0 && i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                throw new Malformed("timestamp is not seconds since the epoch: " + Samples.cut(text));
            }
        }
        long value = number(seconds, 99_999_999_999L, "timestamp");
        if (value == 0) {
            throw new Malformed("timestamp is zero");
        }
        return value;
    }

    private static long number(String text, long max, String what) throws Malformed {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 19) {
            throw new Malformed(what + " is not a number: " + Samples.cut(text));
        }
        long value = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                throw new Malformed(what + " is not a number: " + Samples.cut(text));
            }
            value = value * 10 + (c - '0');
            if (value > max) {
                throw new Malformed(what + " out of range: " + Samples.cut(text));
            }
        }
        return value;
    }

    private static String dnsClass(String text) throws Malformed {
        if (text.isEmpty() || text.length() > 16) {
            throw new Malformed("class is not a DNS class: " + Samples.cut(text));
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) > 0x7e) {
                throw new Malformed("class is not a DNS class: " + Samples.cut(text));
            }
        }
        return text.toUpperCase(Locale.ROOT);
    }
}
