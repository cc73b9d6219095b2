// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveFileTest {
    @TempDir
    Path dir;

    @Test
    void pastTheBudgetAWriteOpensAppendsAndClosesAndNothingIsLost() throws IOException {
        OpenFileBudget budget = new OpenFileBudget(1);
        ArchiveFile held = new ArchiveFile(dir.resolve("a.txt"), budget, DirectWrites.off());
        ArchiveFile over = new ArchiveFile(dir.resolve("b.txt"), budget, DirectWrites.off());
        held.write(ByteBuffer.wrap(new byte[] {1}));
        over.write(ByteBuffer.wrap(new byte[] {2}), ByteBuffer.wrap(new byte[] {3}));
        over.write(ByteBuffer.wrap(new byte[] {4}));
        assertEquals(List.of(dir.resolve("a.txt").toRealPath()), OpenFiles.under(dir), "only the file within the budget stays open");
        assertEquals(0, budget.available());

        held.restIfQuiet();   // written since the last tick: stays open
        over.restIfQuiet();   // its unforced bytes are forced
        held.restIfQuiet();   // quiet a whole tick: rests and gives its place back
        assertEquals(List.of(), OpenFiles.under(dir));
        assertEquals(1, budget.available());

        over.write(ByteBuffer.wrap(new byte[] {5}));   // now within the budget: held open
        assertEquals(List.of(dir.resolve("b.txt").toRealPath()), OpenFiles.under(dir));
        held.write(ByteBuffer.wrap(new byte[] {6}));
        held.close();
        over.close();
        assertEquals(1, budget.available());
        assertEquals(List.of(), OpenFiles.under(dir));
        assertArrayEquals(new byte[] {1, 6}, Files.readAllBytes(dir.resolve("a.txt")));
        assertArrayEquals(new byte[] {2, 3, 4, 5}, Files.readAllBytes(dir.resolve("b.txt")));
    }

    @Test
    void largeWritesGoPastThePageCacheSmallOnesDoNotAndEveryByteIsKeptInOrder() throws Exception {
        Random random = new Random(7);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        OpenFileBudget budget = new OpenFileBudget(4);
        ArchiveFile file = new ArchiveFile(dir.resolve("direct.txt"), budget, new DirectWrites(true));
        int[] sizes = {100, 5000, 70_000, 3, 4093, 1_500_000, 64 * 1024, 1, 2_100_000, 12, 65_535, 300_000};
        for (int round = 0; round < 3; round++) {
            for (int size : sizes) {
                file.write(pieces(random, size, expected));
                if (size == 1) {
                    assertEquals(2, budget.limit() - budget.available(), "a large write opened the O_DIRECT channel beside the file's own");
                    assertTrue(directDescriptors(dir) == 1, "one descriptor of the file is O_DIRECT");
                }
            }
            file.restIfQuiet();
            file.restIfQuiet();   // quiet a tick: closed, the tail in memory forgotten; the next write reads it back
            assertEquals(4, budget.available());
        }
        file.close();
        long pages = expected.size() / 4096;
        assertTrue(residentPages(dir.resolve("direct.txt")) < pages / 20, "whole blocks did not stay in the page cache");
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(dir.resolve("direct.txt")));

        ArchiveFile buffered = new ArchiveFile(dir.resolve("buffered.txt"), budget, DirectWrites.off());
        buffered.write(pieces(random, 8 << 20, new ByteArrayOutputStream()));
        buffered.close();
        assertTrue(residentPages(dir.resolve("buffered.txt")) > (8 << 20) / 4096 / 2, "without direct writes the page cache keeps them");
    }

    @Test
    void onTmpfsEveryByteIsKeptToo() throws Exception {
        // tmpfs refused O_DIRECT before Linux 6.6 (the archive then writes through the page cache) and takes it since
        Path shm = Files.createTempDirectory(Path.of("/dev/shm"), "archive-file-test");
        try {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            OpenFileBudget budget = new OpenFileBudget(4);
            ArchiveFile file = new ArchiveFile(shm.resolve("a.txt"), budget, new DirectWrites(true));
            Random random = new Random(3);
            for (int size : new int[] {10, 200_000, 7, 1_100_000}) {
                file.write(pieces(random, size, expected));
            }
            file.close();
            assertArrayEquals(expected.toByteArray(), Files.readAllBytes(shm.resolve("a.txt")));
        } finally {
            try (var files = Files.list(shm)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(shm);
        }
    }

    /** {@code size} random bytes in up to four buffers, heap and direct, appended to {@code expected}. */
    private static ByteBuffer[] pieces(Random random, int size, ByteArrayOutputStream expected) {
        byte[] all = new byte[size];
        random.nextBytes(all);
        expected.writeBytes(all);
        int count = Math.min(size, 1 + random.nextInt(4));
        ByteBuffer[] pieces = new ByteBuffer[count];
        int from = 0;
        for (int i = 0; i < count; i++) {
            int to = i == count - 1 ? size : from + random.nextInt(size - from - (count - i - 1)) + 1;
            ByteBuffer piece = i % 2 == 0 ? ByteBuffer.allocate(to - from) : ByteBuffer.allocateDirect(to - from);
            pieces[i] = piece.put(all, from, to - from).flip();
            from = to;
        }
        return pieces;
    }

    /** Descriptors of this process under {@code folder} opened with O_DIRECT, from {@code /proc/self/fdinfo}. */
    private static long directDescriptors(Path folder) throws IOException {
        Path root = folder.toRealPath();
        long count = 0;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).startsWith(root)) {
                        String info = Files.readString(Path.of("/proc/self/fdinfo").resolve(fd.getFileName()));
                        String flags = info.lines().filter(l -> l.startsWith("flags:")).findFirst().orElseThrow().split("\\s+")[1];
                        if ((Integer.parseInt(flags, 8) & 040000) != 0) {
                            count++;
                        }
                    }
                } catch (IOException closedMeanwhile) {
                    // the listing's own descriptor
                }
            }
        }
        return count;
    }

    /** Pages of the file in the page cache, as util-linux's fincore counts them. */
    private static long residentPages(Path file) throws Exception {
        Process fincore = new ProcessBuilder("fincore", "--raw", "--noheadings", "--output", "PAGES", file.toString()).start();
        String out = new String(fincore.getInputStream().readAllBytes()).trim();
        assertEquals(0, fincore.waitFor(), "fincore: " + new String(fincore.getErrorStream().readAllBytes()));
        return Long.parseLong(out);
    }

    @Test
    void theDefaultBudgetIsAQuarterOfTheDescriptorLimit() {
        long limit = ((com.sun.management.UnixOperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        assertEquals(Math.max(64, limit / 4), OpenFileBudget.fromDescriptorLimit().limit());
    }
}
