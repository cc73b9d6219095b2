// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real FIFO (mkfifo): each writer is a stream of its own, separated by a boundary (read returns 0). */
class NamedPipeSourceTest {
    @TempDir Path dir;

    @Test
    void eachWriterIsAStreamAndThePipeIsOpenedAgain() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        assertTrue(NamedPipeSource.isNamedPipe(fifo));
        assertFalse(NamedPipeSource.isNamedPipe(Files.writeString(dir.resolve("plain"), "x")));
        NamedPipeSource source = new NamedPipeSource(fifo, Duration.ofMillis(10));
        // the second writer comes after the first has gone (writers holding the pipe at once are one stream, as in the kernel)
        CompletableFuture<Void> first = write(fifo, "first writer\n");
        assertEquals("first writer\n", readStream(source));
        first.get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> second = write(fifo, "second writer\n");
        assertEquals("second writer\n", readStream(source));
        second.get(10, TimeUnit.SECONDS);
        source.close();
        assertEquals(-1, source.read(new byte[10], 0, 10), "closed: the end");
    }

    private static CompletableFuture<Void> write(Path fifo, String text) {
        return CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {   // blocks until the source opens the pipe
                out.write(text.getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Reads up to the next boundary. */
    private static String readStream(NamedPipeSource source) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[4];
        for (int n = source.read(b, 0, b.length); n > 0; n = source.read(b, 0, b.length)) {
            out.write(b, 0, n);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
