// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.io.IOException;

/**
 * A stream sink. A thread per connection reads (and discards) what the other end sends, so that its
 * close is noticed before the next item is written: an item written into a connection the receiver
 * already closed would vanish in the kernel's buffer.
 */
final class StreamSink implements Sink {
    /** Opens a link: a TCP or TLS socket, a unix socket. */
    interface Connector {
        Link connect() throws IOException;
    }

    private final String name;
    private final Connector connector;
    private volatile Link link;
    private volatile boolean peerOpen;

    StreamSink(String name, Connector connector) {
        this.name = name;
        this.connector = connector;
    }

    @Override
    public void open() throws IOException {
        close();
        Link opened = connector.connect();
        link = opened;
        peerOpen = true;
        Thread watcher = new Thread(() -> watch(opened), "d4-export-" + name + "-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void watch(Link watched) {
        byte[] buffer = new byte[4096];
        try {
            while (watched.read(buffer) >= 0) {
                // what a receiver sends is of no use to an export
            }
        } catch (IOException e) {
            // reset or closed: either way the connection is over
        }
        if (link == watched) {
            peerOpen = false;
        }
    }

    @Override
    public boolean isOpen() {
        return link != null && peerOpen;
    }

    @Override
    public void write(byte[] frame) throws IOException {
        Link current = link;
        if (current == null || !peerOpen) {
            throw new IOException("not connected");
        }
        current.write(frame);
    }

    @Override
    public void close() {
        Link current = link;
        link = null;
        peerOpen = false;
        if (current != null) {
            current.close();
        }
    }
}
