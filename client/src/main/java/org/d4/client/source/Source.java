// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

import java.io.IOException;

/** Bytes to send, in order. Read by one thread; {@link #close()} may come from another to stop it. */
public interface Source extends AutoCloseable {
    /**
     * Blocks until data is available and reads some of it.
     *
     * @return bytes read; -1 at the end for good; 0 at a stream boundary: what follows is a new stream
     *     (a new writer on a named pipe), which starts its own connection when it is a pcap stream
     */
    int read(byte[] buffer, int offset, int length) throws IOException, InterruptedException;

    /** How many bytes {@link #read} returns without blocking (0 when unknown). */
    int available() throws IOException;

    /** For logs. */
    String describe();

    /** Ends reading; a blocked {@link #read} returns -1 or throws. Never throws itself. */
    @Override
    void close();
}
