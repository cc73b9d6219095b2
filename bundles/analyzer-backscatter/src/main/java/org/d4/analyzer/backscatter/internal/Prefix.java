// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

/**
 * An address block, e.g. 192.0.2.0/24 or 2001:db8::/32, on the 128-bit form of {@link Packet}
 * (an IPv4 /n is the mapped /96+n).
 */
record Prefix(long hi, long lo, int bits, boolean v4) {

    static Prefix parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        long[] a = Addresses.parse(slash < 0 ? t : t.substring(0, slash));
        boolean v4 = Packet.isV4(a[0], a[1]);
        int max = v4 ? 32 : 128;
        int bits = max;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length: " + text);
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("bad prefix length: " + text);
            }
        }
        int full = v4 ? bits + 96 : bits;
        return new Prefix(a[0] & mask(full, 0), a[1] & mask(full, 64), full, v4);
    }

    /** Bits of the mask that fall in the half starting at bit {@code from} (0 or 64). */
    static long mask(int bits, int from) {
        int n = Math.max(0, Math.min(64, bits - from));
        return n == 0 ? 0 : -1L << (64 - n);
    }

    boolean contains(long h, long l) {
        return (h & mask(bits, 0)) == hi && (l & mask(bits, 64)) == lo;
    }

    /** Addresses in the block, as a double (an IPv6 /0 has 2^128). */
    double size() {
        return Math.pow(2, 128 - bits);
    }

    /** The prefix length as written (IPv4 ones from 0 to 32). */
    int length() {
        return v4 ? bits - 96 : bits;
    }

    @Override
    public String toString() {
        return Addresses.format(hi, lo) + "/" + length();
    }
}
