// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectFileInputTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryByteWhateverTheLengthAndLeavesThePageCacheAlone() throws Exception {
        Random random = new Random(11);
        for (int size : new int[] {0, 1, 4095, 4096, 4097, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 17}) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Path file = dir.resolve("f" + size);
            Files.write(file, content);
            dropFromPageCache(file);
            byte[] read;
            try (InputStream in = DirectFileInput.open(file, true)) {
                assertTrue(in instanceof DirectFileInput, "this file system takes O_DIRECT");
                read = in.readAllBytes();
                assertEquals(-1, in.read());
            }
            assertArrayEquals(content, read, size + " bytes");
            assertTrue(residentPages(file) <= 1, "read past the page cache: " + residentPages(file) + " pages of " + size + " bytes");
        }
    }

    @Test
    void withoutDirectReadsItIsAPlainStream() throws Exception {
        Path file = dir.resolve("plain");
        Files.write(file, new byte[] {1, 2, 3});
        try (InputStream in = DirectFileInput.open(file, false)) {
            assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
        }
    }

    /** Writes the file's pages back and drops them (an O_DIRECT read of the whole file does), so fincore starts from none. */
    private static void dropFromPageCache(Path file) throws Exception {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        DirectWrites.Opened opened = DirectWrites.open(file, java.nio.file.StandardOpenOption.READ);
        opened.channel().close();
        new ProcessBuilder("dd", "if=" + file, "iflag=nocache", "count=0", "status=none").start().waitFor();
    }

    private static long residentPages(Path file) throws Exception {
        Process fincore = new ProcessBuilder("fincore", "--raw", "--noheadings", "--output", "PAGES", file.toString()).start();
        String out = new String(fincore.getInputStream().readAllBytes()).trim();
        assertEquals(0, fincore.waitFor());
        return Long.parseLong(out);
    }
}
