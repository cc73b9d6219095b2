// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

import java.io.IOException;
import java.util.List;

/** An analyzer queue of a D4 server, popped oldest first. */
interface ItemQueue extends AutoCloseable {
    /** Up to {@code max} items, removed from the queue; empty when the queue is. */
    List<byte[]> pop(int max) throws IOException, InterruptedException;

    @Override
    void close();
}
