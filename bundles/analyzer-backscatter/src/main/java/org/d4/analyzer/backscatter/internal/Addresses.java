// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import org.d4.common.Ipv6Text;

/** Text forms of 128-bit addresses: dotted quads for IPv4-mapped ones, RFC 5952 for IPv6. */
final class Addresses {
    private Addresses() {
    }

    static String format(long hi, long lo) {
        if (Packet.isV4(hi, lo)) {
            int a = (int) lo;
            return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
            g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
        }
        return Ipv6Text.format(g);
    }

    private static int dottedQuad(String t, String text) {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        int a = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
            int v = Integer.parseInt(part);
            if (v > 255) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
            a = a << 8 | v;
        }
        return a;
    }

    /** Parses an IPv4 or IPv6 literal (never a host name) into {hi, lo}. */
    static long[] parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || !(t.indexOf(':') >= 0 || t.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')))) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        if (t.indexOf(':') < 0) {
            return new long[] {0, Packet.v4Lo(dottedQuad(t, text))};
        }
        if (!t.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        byte[] raw;
        try {
            raw = InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        if (raw.length == 4) {
            return new long[] {0, Packet.v4Lo(ByteBuffer.wrap(raw).getInt())};
        }
        ByteBuffer bb = ByteBuffer.wrap(raw);
        return new long[] {bb.getLong(), bb.getLong()};
    }
}
