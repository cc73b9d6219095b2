// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
        byte[] expected = new byte[FILE];
        new Random(1).nextBytes(expected);
        Files.write(path, expected);
        Volume mapped = MappedFileVol.FACTORY.makeVolume(path.toString(), false, 0L, 20, 0, false);
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
                    if (random.nextInt(5) == 0) {
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
}
