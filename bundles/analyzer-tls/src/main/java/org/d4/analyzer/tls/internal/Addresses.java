// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.d4.common.Ipv6Text;

/**
 * IP address literals: read (never a name lookup), written in one canonical form (dotted IPv4,
 * RFC 5952 IPv6), and as the 16 bytes the address index sorts by (IPv4 mapped into IPv6, so that
 * a network of either family is one range).
 */
final class Addresses {
    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private Addresses() {
    }

    /** The address of a literal, or null when the text is not an IPv4 or IPv6 literal. */
    static InetAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        boolean v4 = V4.matcher(t).matches();
        if (!v4 && !(t.indexOf(':') >= 0 && V6.matcher(t).matches())) {
            return null;     // only literals reach InetAddress: it would look a name up
        }
        if (v4) {
            for (String part : t.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    /** The canonical text of a literal, or null when it is not one. */
    static String canonical(String text) {
        InetAddress a = parse(text);
        return a == null ? null : text(a);
    }

    static String text(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        return Ipv6Text.format(address.getAddress());
    }

    /** The 16 bytes of an address, IPv4 as {@code ::ffff:a.b.c.d}. */
    static byte[] sixteen(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length == 16) {
            return raw;
        }
        byte[] out = new byte[16];
        out[10] = (byte) 0xFF;
        out[11] = (byte) 0xFF;
        System.arraycopy(raw, 0, out, 12, 4);
        return out;
    }

    /** The prefix length in the 16-byte space of a network of this family ({@code /24} of IPv4 is 120). */
    static int sixteenPrefix(InetAddress address, int prefix) {
        return address instanceof Inet4Address ? 96 + prefix : prefix;
    }
}
