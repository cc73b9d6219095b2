// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A named pipe (FIFO): each writer's data is a stream of its own; when the last writer closes, the
 * pipe is opened again for the next one (after the poll delay) and a stream boundary is reported.
 * Writers that hold the pipe open at the same time are one stream, as the kernel sees them. With a zero
 * poll delay, the first writer's end is the end.
 */
public final class NamedPipeSource implements Source {
    private final Path pipe;
    private final Duration reopenDelay;
    private InputStream in;
    private volatile boolean closed;

    public NamedPipeSource(Path pipe, Duration reopenDelay) {
        this.pipe = pipe;
        this.reopenDelay = reopenDelay;
    }

    /** True if {@code path} is a FIFO. */
    public static boolean isNamedPipe(Path path) {
        try {
            return (((Integer) Files.getAttribute(path, "unix:mode")) & 0170000) == 0010000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
        if (closed) {
            return -1;
        }
        if (in == null) {
            in = Files.newInputStream(pipe);   // blocks until a writer opens the pipe
        }
        int n;
        do {
            n = in.read(buffer, offset, length);
        } while (n == 0);
        if (n > 0) {
            return n;
        }
        in.close();
        in = null;
        if (reopenDelay.isZero() || closed) {
            return -1;
        }
        Thread.sleep(reopenDelay.toMillis());
        return 0;
    }

    @Override
    public int available() throws IOException {
        return in == null ? 0 : in.available();
    }

    @Override
    public String describe() {
        return "named pipe " + pipe;
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }
}
