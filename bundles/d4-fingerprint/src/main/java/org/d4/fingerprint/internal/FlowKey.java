// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.internal;

import java.util.Arrays;
import org.d4.fingerprint.capture.TcpSegment;

/**
 * Both endpoints of a TCP connection, the same whichever direction a segment goes. A key in a map is
 * never changed; a {@link #probe()} is, segment after segment, to look flows up without allocating, and
 * {@link #copy()} gives the key to store.
 */
public final class FlowKey {
    private byte[] lowAddress;
    private int lowPort;
    private byte[] highAddress;
    private int highPort;
    private int hash;

    private FlowKey(byte[] lowAddress, int lowPort, byte[] highAddress, int highPort) {
        assign(lowAddress, lowPort, highAddress, highPort);
    }

    public static FlowKey of(TcpSegment s) {
        return probe().set(s).copy();
    }

    /** A key to {@link #set} for each segment; it refers to the segment's address arrays. */
    public static FlowKey probe() {
        return new FlowKey(new byte[0], 0, new byte[0], 0);
    }

    /** This key, now the segment's connection. */
    public FlowKey set(TcpSegment s) {
        if (fromLow(s)) {
            assign(s.sourceAddress(), s.sourcePort(), s.destinationAddress(), s.destinationPort());
        } else {
            assign(s.destinationAddress(), s.destinationPort(), s.sourceAddress(), s.sourcePort());
        }
        return this;
    }

    /** A key of its own, with copies of the addresses. */
    public FlowKey copy() {
        return new FlowKey(lowAddress.clone(), lowPort, highAddress.clone(), highPort);
    }

    private void assign(byte[] lowAddress, int lowPort, byte[] highAddress, int highPort) {
        this.lowAddress = lowAddress;
        this.lowPort = lowPort;
        this.highAddress = highAddress;
        this.highPort = highPort;
        this.hash = mix(lowAddress, lowPort, highAddress, highPort);
    }

    /** Whether the segment goes from the "low" endpoint to the "high" one. */
    public static boolean fromLow(TcpSegment s) {
        int c = Arrays.compare(s.sourceAddress(), s.destinationAddress());
        return c < 0 || c == 0 && s.sourcePort() <= s.destinationPort();
    }

    /**
     * Every bit of the endpoints spread over the hash (FNV-1a over 32-bit words, then a 64-bit
     * finalizer): a polynomial of 31 collides for neighbouring addresses and ports, and a flow table of
     * colliding keys slows down. Addresses are 4 or 16 bytes.
     */
    private static int mix(byte[] lowAddress, int lowPort, byte[] highAddress, int highPort) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i + 3 < lowAddress.length; i += 4) {
            h = (h ^ word(lowAddress, i)) * 0x100000001b3L;
        }
        for (int i = 0; i + 3 < highAddress.length; i += 4) {
            h = (h ^ word(highAddress, i)) * 0x100000001b3L;
        }
        h = (h ^ ((long) lowPort << 16 | highPort)) * 0x100000001b3L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) (h ^ h >>> 32);
    }

    private static long word(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k && hash == k.hash && lowPort == k.lowPort && highPort == k.highPort
                && Arrays.equals(lowAddress, k.lowAddress) && Arrays.equals(highAddress, k.highAddress);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
