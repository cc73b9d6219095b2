// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends to a file, created when missing. A file moved away (rotated) is noticed at the next item,
 * which goes into a new file of the same name.
 */
final class FileSink implements Sink {
    private final Path path;
    private volatile FileChannel channel;

    FileSink(Path path) {
        this.path = path;
    }

    @Override
    public void open() throws IOException {
        close();
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public boolean isOpen() {
        FileChannel c = channel;
        return c != null && c.isOpen() && Files.exists(path);
    }

    @Override
    public void write(byte[] frame) throws IOException {
        FileChannel c = channel;
        if (c == null) {
            throw new IOException("not open");
        }
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        while (buffer.hasRemaining()) {
            c.write(buffer);
        }
    }

    @Override
    public void close() {
        FileChannel c = channel;
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
