// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import org.d4.common.Ipv6Text;

/**
 * IPv4 and IPv6 literals to bytes and back, without {@link java.net.InetAddress} (which may
 * resolve names): records and queries compare addresses in one canonical form (dotted quad;
 * RFC 5952 for IPv6).
 */
final class Addresses {
    private Addresses() {
    }

    /** Four bytes, or null when the text is not a dotted quad of 0-255. */
    static byte[] parseV4(CharSequence s) {
        int length = s.length();
        if (length < 7 || length > 15) {
            return null;
        }
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= length; i++) {
            char c = i < length ? s.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    /** Sixteen bytes, or null when the text is not an IPv6 literal (a trailing dotted quad is allowed; no zone). */
    static byte[] parseV6(String s) {
        if (s.length() < 2 || s.length() > 45 || s.indexOf(':') < 0) {
            return null;
        }
        byte[] out = new byte[16];
        int gap = -1;
        int at = 0;
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == s.length()) {
                return out;
            }
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (i < s.length()) {
            int end = s.indexOf(':', i);
            String group = s.substring(i, end < 0 ? s.length() : end);
            if (group.indexOf('.') >= 0) {
                byte[] v4 = end < 0 && at <= 12 ? parseV4(group) : null;
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, at, 4);
                at += 4;
                break;
            }
            int value = hexGroup(group);
            if (value < 0 || at > 14) {
                return null;
            }
            out[at++] = (byte) (value >> 8);
            out[at++] = (byte) value;
            if (end < 0) {
                break;
            }
            i = end + 1;
            if (i < s.length() && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;     // two "::"
                }
                gap = at;
                i++;
            } else if (i == s.length()) {
                return null;         // a single trailing ':'
            }
        }
        if (gap < 0) {
            return at == 16 ? out : null;
        }
        if (at == 16) {
            return null;             // "::" must stand for at least one group
        }
        int tail = at - gap;
        System.arraycopy(out, gap, out, 16 - tail, tail);
        java.util.Arrays.fill(out, gap, 16 - tail, (byte) 0);
        return out;
    }

    private static int hexGroup(String g) {
        if (g.isEmpty() || g.length() > 4) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < g.length(); i++) {
            int d = Character.digit(g.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** The canonical text of 4 or 16 address bytes. */
    static String format(byte[] a) {
        return a.length == 4 ? formatV4(a) : Ipv6Text.format(a);
    }

    private static String formatV4(byte[] a) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }

    /** The address of either family, or null. */
    static byte[] parse(String s) {
        byte[] v4 = parseV4(s);
        return v4 != null ? v4 : parseV6(s);
    }
}
