// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.volume.MappedFileVol;
import org.mapdb.volume.Volume;

/** Commits written page by page into a real memory-mapped file, checked against the same writes on an array. */
class PageWriterTest {
    private static final int FILE = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void theFileEndsAsIfEveryEntryWereWrittenInItsOrder() throws Exception {
        Path path = dir.resolve("store");
        byte[] expected = fileOfRandomBytes(path, 1);
        Volume mapped = map(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            PageWriter writer = new PageWriter(mapped, channel);
            Random random = new Random(2);
            for (int commit = 0; commit < 40; commit++) {
                long at = random.nextInt(FILE / 2);
                for (int entry = 0; entry < 300; entry++) {
                    // mostly forward, as sorted commits are: runs of neighbouring pages; now and then a page again (overlaps)
                    at = random.nextInt(10) == 0 ? Math.max(0, at - random.nextInt(3 * 4096)) : at + random.nextInt(6000);
                    int size = 1 + random.nextInt(random.nextInt(8) == 0 ? 20_000 : 64);
                    if (at + size > FILE) {
                        at = random.nextInt(FILE / 2);
                    }
                    if (random.nextInt(12) == 0) {
                        // exactly what is there already, sometimes right after the run, sometimes over it
                        writer.write(at, ByteBuffer.wrap(Arrays.copyOfRange(expected, (int) at, (int) at + size)));
                    } else if (random.nextInt(5) == 0) {
                        writer.zeros(at, size);
                        Arrays.fill(expected, (int) at, (int) at + size, (byte) 0);
                    } else {
                        byte[] data = new byte[size];
                        random.nextBytes(data);
                        if (random.nextBoolean()) {
                            System.arraycopy(expected, (int) at, data, 0, size / 2);   // partly what is there already
                        }
                        writer.write(at, ByteBuffer.wrap(data));
                        System.arraycopy(data, 0, expected, (int) at, size);
                    }
                }
                writer.done();
                byte[] seen = new byte[FILE];
                mapped.getData(0, seen, 0, FILE);
                assertArrayEquals(expected, seen, "through the mapping after commit " + commit);
            }
        } finally {
            mapped.close();
        }
        assertArrayEquals(expected, Files.readAllBytes(path), "and in the file");
    }

    @Test
    void unchangedBytesAreNotWrittenAndNoUntouchedPageIsWritten() throws Exception {
        Path path = dir.resolve("store");
        byte[] content = fileOfRandomBytes(path, 3);
        Volume mapped = map(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            PageWriter writer = new PageWriter(mapped, channel);
            writer.write(100, ByteBuffer.wrap(Arrays.copyOfRange(content, 100, 5000)));
            writer.done();
            assertEquals(0, writer.bytesWritten(), "bytes as they are");

            // page 0 and page 2 change, page 1 not: two writes of the changed bytes only
            writer.write(10, changed(content, 10, 8, 3));
            writer.write(8192 + 40, changed(content, 8192 + 40, 8, 0));
            writer.done();
            assertEquals(2 + 2, writer.bytesWritten(), "two runs, the changed bytes only");

            // pages 3 and 4 change: one write, the unchanged bytes between included
            long before = writer.bytesWritten();
            writer.write(3 * 4096 + 4000, changed(content, 3 * 4096 + 4000, 8, 7));
            writer.write(4 * 4096 + 10, changed(content, 4 * 4096 + 10, 8, 0));
            writer.done();
            assertEquals(4 * 4096 + 12 - (3 * 4096 + 4007), writer.bytesWritten() - before, "one run across the page boundary");

            // an entry whose changes lie two pages apart, with an untouched page between: not one run
            before = writer.bytesWritten();
            byte[] wide = Arrays.copyOfRange(content, 6 * 4096, 9 * 4096);
            wide[5] ^= 1;
            wide[wide.length - 1] ^= 1;
            writer.write(6 * 4096, ByteBuffer.wrap(wide));
            writer.done();
            assertEquals(1 + 1, writer.bytesWritten() - before, "the middle page stays clean");

            byte[] seen = Files.readAllBytes(path);
            assertEquals(content[13] ^ 1, seen[13]);
            assertEquals(content[14] ^ 1, seen[14]);
            assertEquals(content[12], seen[12]);
            assertEquals(content[6 * 4096 + 5] ^ 1, seen[6 * 4096 + 5]);
            assertEquals(content[9 * 4096 - 1] ^ 1, seen[9 * 4096 - 1]);
        } finally {
            mapped.close();
        }
    }

    /** Fills a new file of {@link #FILE} bytes with random ones, and returns them. */
    private static byte[] fileOfRandomBytes(Path path, long seed) throws IOException {
        byte[] content = new byte[FILE];
        new Random(seed).nextBytes(content);
        Files.write(path, content);
        return content;
    }

    /** The file memory-mapped as MapDB maps a store (1 MiB slices). */
    private static Volume map(Path path) {
        return MappedFileVol.FACTORY.makeVolume(path.toString(), false, 0L, 20, 0, false);
    }

    /** {@code length} bytes of the content at {@code at}, with those at {@code from} and {@code from + 1} (when inside) flipped. */
    private static ByteBuffer changed(byte[] content, int at, int length, int from) {
        byte[] bytes = Arrays.copyOfRange(content, at, at + length);
        for (int i = from; i < Math.min(length, from + 2); i++) {
            bytes[i] ^= 1;
        }
        return ByteBuffer.wrap(bytes);
    }
}
