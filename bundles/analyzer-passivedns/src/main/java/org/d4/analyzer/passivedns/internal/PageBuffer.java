// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One page of a paged query, held until it is complete: the cursor of the next page goes into a
 * response header, which must precede the body. Bounded: a page ends early, at a record
 * boundary, once it holds {@code maxBytes} (its first record always fits), so the client just
 * follows the cursor sooner.
 */
final class PageBuffer implements QueryEngine.Sink {
    private final ByteArrayOutputStream page = new ByteArrayOutputStream(8192);
    private final ByteArrayOutputStream scratch = new ByteArrayOutputStream(1024);
    private final CofWriter writer;
    private final int maxBytes;

    PageBuffer(PassiveDns pdns, int maxBytes) throws IOException {
        this.writer = pdns.cofWriter(scratch);
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean accept(byte[] recordKey, RecordValue value) throws IOException {
        scratch.reset();
        writer.accept(recordKey, value);
        writer.flush();
        if (page.size() > 0 && page.size() + scratch.size() > maxBytes) {
            return false;
        }
        scratch.writeTo(page);
        return true;
    }

    void writeTo(OutputStream out) throws IOException {
        page.writeTo(out);
    }

    int size() {
        return page.size();
    }
}
