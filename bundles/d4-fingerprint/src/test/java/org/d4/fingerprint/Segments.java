// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint;

import java.util.Arrays;
import org.d4.fingerprint.capture.TcpSegment;

/** Builds the segments of one connection between a client and a server, for reassembly tests. */
final class Segments {
    final byte[] client;
    final byte[] server;
    final int clientPort;
    final long clientIsn;
    final long serverIsn;
    long now = 1_700_000_000_000_000_000L;

    Segments(int clientHost, int clientPort) {
        this.client = new byte[] {10, 0, (byte) (clientHost >>> 8), (byte) clientHost};
        this.server = new byte[] {10, 1, 0, 1};
        this.clientPort = clientPort;
        this.clientIsn = 0xfffff000L;                // close to the wrap, so sequence arithmetic wraps
        this.serverIsn = 77_000L;
    }

    TcpSegment syn() {
        return new TcpSegment(now, client, clientPort, server, 443, clientIsn, TcpSegment.SYN, new byte[0], 0, 0);
    }

    TcpSegment synAck() {
        return new TcpSegment(now, server, 443, client, clientPort, serverIsn, TcpSegment.SYN | TcpSegment.ACK, new byte[0], 0, 0);
    }

    /** Client bytes [from, from + length) of {@code stream}. */
    TcpSegment fromClient(byte[] stream, int from, int length) {
        return new TcpSegment(now, client, clientPort, server, 443, (clientIsn + 1 + from) & 0xffffffffL, TcpSegment.ACK,
                Arrays.copyOfRange(stream, from, from + length), 0, length);
    }

    TcpSegment fromServer(byte[] stream, int from, int length) {
        return new TcpSegment(now, server, 443, client, clientPort, (serverIsn + 1 + from) & 0xffffffffL, TcpSegment.ACK,
                Arrays.copyOfRange(stream, from, from + length), 0, length);
    }

    TcpSegment flags(boolean fromClient, int flags) {
        return fromClient
                ? new TcpSegment(now, client, clientPort, server, 443, clientIsn, flags, new byte[0], 0, 0)
                : new TcpSegment(now, server, 443, client, clientPort, serverIsn, flags, new byte[0], 0, 0);
    }
}
