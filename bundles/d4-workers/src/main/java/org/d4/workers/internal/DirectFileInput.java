// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a finished archive file past the page cache ({@code O_DIRECT}), as {@link DirectWrites}
 * wrote it: compressing a file read through the page cache would fill it all the same. Aligned
 * reads of a megabyte; a short read is the end of the file.
 */
final class DirectFileInput extends InputStream {
    private static final int CHUNK = 1 << 20;

    private final DirectWrites.Opened file;
    private final ByteBuffer buffer;
    private long position;
    private boolean end;

    private DirectFileInput(DirectWrites.Opened file) {
        this.file = file;
        this.buffer = ByteBuffer.allocateDirect(CHUNK + file.alignment()).alignedSlice(file.alignment()).limit(0);
    }

    /** The file past the page cache where allowed ({@code direct} and a file system that takes it), through it otherwise. */
    static InputStream open(Path path, boolean direct) throws IOException {
        DirectWrites.Opened opened = direct ? DirectWrites.open(path, StandardOpenOption.READ) : null;
        return opened == null ? Files.newInputStream(path) : new DirectFileInput(opened);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!buffer.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(length, buffer.remaining());
        buffer.get(into, offset, n);
        return n;
    }

    private boolean fill() throws IOException {
        if (end) {
            return false;
        }
        buffer.clear().limit(CHUNK);
        while (buffer.hasRemaining()) {
            int n = file.channel().read(buffer, position + buffer.position());
            if (n <= 0 || buffer.position() % file.alignment() != 0) {
                end = true;      // a short read: the file ends here
                break;
            }
        }
        position += buffer.position();
        buffer.flip();
        return buffer.hasRemaining();
    }

    @Override
    public void close() throws IOException {
        file.channel().close();
    }
}
