// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * One datagram per item. UDP has no acknowledgement: a receiver that is down is noticed only when
 * the host answers with ICMP port unreachable, which fails the following write (retried).
 */
final class DatagramSink implements Sink {
    private final InetSocketAddress address;
    private volatile DatagramChannel channel;

    DatagramSink(InetSocketAddress address) {
        this.address = address;
    }

    @Override
    public void open() throws IOException {
        close();
        InetSocketAddress resolved = new InetSocketAddress(address.getHostString(), address.getPort());
        if (resolved.isUnresolved()) {
            throw new IOException("cannot resolve " + address.getHostString());
        }
        DatagramChannel opened = DatagramChannel.open();
        try {
            opened.connect(resolved);
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        channel = opened;
    }

    @Override
    public boolean isOpen() {
        DatagramChannel c = channel;
        return c != null && c.isOpen();
    }

    @Override
    public void write(byte[] frame) throws IOException {
        DatagramChannel c = channel;
        if (c == null) {
            throw new IOException("not open");
        }
        if (c.write(ByteBuffer.wrap(frame)) != frame.length) {
            throw new IOException("datagram of " + frame.length + " bytes not sent whole");
        }
    }

    @Override
    public void close() {
        DatagramChannel c = channel;
        channel = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
