// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.internal;

import java.util.Arrays;
import org.d4.fingerprint.capture.TcpSegment;

/** Both endpoints of a TCP connection, the same whichever direction a segment goes. */
public final class FlowKey {
    final byte[] lowAddress;
    final int lowPort;
    final byte[] highAddress;
    final int highPort;
    private final int hash;

    private FlowKey(byte[] lowAddress, int lowPort, byte[] highAddress, int highPort) {
        this.lowAddress = lowAddress;
        this.lowPort = lowPort;
        this.highAddress = highAddress;
        this.highPort = highPort;
        this.hash = mix(lowAddress, lowPort, highAddress, highPort);
    }

    public static FlowKey of(TcpSegment s) {
        return fromLow(s) ? new FlowKey(s.sourceAddress(), s.sourcePort(), s.destinationAddress(), s.destinationPort())
                : new FlowKey(s.destinationAddress(), s.destinationPort(), s.sourceAddress(), s.sourcePort());
    }

    /** Whether the segment goes from the "low" endpoint to the "high" one. */
    public static boolean fromLow(TcpSegment s) {
        int c = Arrays.compare(s.sourceAddress(), s.destinationAddress());
        return c < 0 || c == 0 && s.sourcePort() <= s.destinationPort();
    }

    /**
     * Every bit of the endpoints spread over the hash (FNV-1a, then a 64-bit finalizer): a polynomial of
     * 31 collides for neighbouring addresses and ports, and a flow table of colliding keys slows down.
     */
    private static int mix(byte[] lowAddress, int lowPort, byte[] highAddress, int highPort) {
        long h = 0xcbf29ce484222325L;
        for (byte b : lowAddress) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        for (byte b : highAddress) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ ((long) lowPort << 16 | highPort)) * 0x100000001b3L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) (h ^ h >>> 32);
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
