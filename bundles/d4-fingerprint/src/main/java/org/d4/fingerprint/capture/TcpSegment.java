// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.capture;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * One TCP segment: addresses (4 or 16 bytes), ports, sequence number, flags and the payload, which
 * lies in {@code data[payloadOffset, payloadOffset + payloadLength)} and, like the whole segment and its
 * address arrays (a decoder reuses them), is valid only during the call it is handed to.
 */
public record TcpSegment(long timestampNanos, byte[] sourceAddress, int sourcePort, byte[] destinationAddress,
                         int destinationPort, long sequence, int flags, byte[] data, int payloadOffset,
                         int payloadLength) {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int ACK = 0x10;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public InetSocketAddress source() {
        return socket(sourceAddress, sourcePort);
    }

    public InetSocketAddress destination() {
        return socket(destinationAddress, destinationPort);
    }

    static InetSocketAddress socket(byte[] address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address of " + address.length + " bytes", e);
        }
    }
}
