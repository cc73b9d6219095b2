// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.io.IOException;

/** One export's destination. Used by one thread at a time, except {@link #close}, which may come from another to end a blocked write. */
interface Sink {
    /** Connects (or opens the file); the previous connection, if any, is closed first. */
    void open() throws IOException;

    /** True while connected and not known to be closed by the other end. */
    boolean isOpen();

    /** Writes one framed item completely, or throws. */
    void write(byte[] frame) throws IOException;

    /** Closes the connection or file; the next {@link #open} starts afresh. */
    void close();
}
