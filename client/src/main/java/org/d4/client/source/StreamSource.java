// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

import java.io.IOException;
import java.io.InputStream;

/** A byte stream read once to its end: stdin, a regular file. */
public final class StreamSource implements Source {
    private final InputStream in;
    private final String name;

    public StreamSource(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        do {
            n = in.read(buffer, offset, length);
        } while (n == 0);
        return n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
