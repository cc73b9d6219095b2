// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.io.IOException;

/** A connected byte stream (TCP, TLS, unix socket) that one thread writes while another reads. */
interface Link {
    void write(byte[] bytes) throws IOException;

    /** Blocks for bytes from the other end; -1 once it closed its side. */
    int read(byte[] buffer) throws IOException;

    void close();
}
