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
        this.hash = 31 * (31 * (31 * Arrays.hashCode(lowAddress) + lowPort) + Arrays.hashCode(highAddress)) + highPort;
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
