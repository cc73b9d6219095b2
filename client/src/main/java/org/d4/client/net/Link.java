// SPDX-License-Identifier: Apache-2.0
package org.d4.client.net;

import java.io.IOException;
import java.io.OutputStream;

/** One open connection (or stdout) frames are written to. */
public interface Link extends AutoCloseable {
    /** Buffered; the client flushes whenever its source has nothing more at hand. */
    OutputStream out();

    /** Why the peer ended the connection, once known (e.g. "closed by the server"), else null. */
    String closeReason();

    /** Flushes and ends the connection cleanly. */
    void finish() throws IOException;

    /** Drops the connection at once; never throws. */
    @Override
    void close();
}
