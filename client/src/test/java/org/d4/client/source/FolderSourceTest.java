// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSourceTest {
    @TempDir
    Path dir;

    private final ExecutorService reader = Executors.newSingleThreadExecutor();
    private final Random random = new Random(3);

    @AfterEach
    void stop() {
        reader.shutdownNow();
    }

    @Test
    void newFilesOfTheFolderAndItsSubFoldersGoOutAsBase64LinesOldestFirst() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("watched"));
        byte[] first = bytes(100_000);
        byte[] second = bytes(5);
        write(folder.resolve("a.bin"), first, 1000);
        Files.createDirectory(folder.resolve("sub"));
        write(folder.resolve("sub/b.bin"), second, 2000);
        write(folder.resolve(".partial"), bytes(10), 500);     // hidden: a file in progress for most tools
        try (FolderSource source = open(folder, false, Clock.systemUTC())) {
            List<byte[]> lines = lines(source, 2, Duration.ofSeconds(10));
            assertArrayEquals(first, Base64.getDecoder().decode(lines.get(0)));
            assertArrayEquals(second, Base64.getDecoder().decode(lines.get(1)));
            assertTrue(new String(lines.get(0), StandardCharsets.US_ASCII).indexOf('=') < 0 || lines.get(0).length % 4 == 0,
                    "one base64 text, padded at its end only");

            byte[] later = bytes(3000);
            write(folder.resolve("sub/c.bin"), later, System.currentTimeMillis());
            assertArrayEquals(later, Base64.getDecoder().decode(lines(source, 1, Duration.ofSeconds(10)).get(0)), "a file written later");
        }
    }

    @Test
    void filesTakenByAConnectionAreNotSentAgainAfterARestartUnlessChanged() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("watched"));
        write(folder.resolve("a.txt"), "one".getBytes(StandardCharsets.US_ASCII), 1000);
        write(folder.resolve("b.txt"), "two".getBytes(StandardCharsets.US_ASCII), 2000);
        try (FolderSource source = open(folder, false, Clock.systemUTC())) {
            List<byte[]> lines = lines(source, 2, Duration.ofSeconds(10));
            source.acknowledged(lines.get(0).length + 1);     // the connection took a.txt only
        }
        assertEquals(1, Files.readAllLines(dir.resolve("folder.sent")).size());
        try (FolderSource source = open(folder, false, Clock.systemUTC())) {
            List<byte[]> lines = lines(source, 1, Duration.ofSeconds(10));
            assertEquals("two", decoded(lines.get(0)), "b.txt was handed out but not taken: sent again");
            source.acknowledged(lines.get(0).length + 1);
            write(folder.resolve("a.txt"), "one, changed".getBytes(StandardCharsets.US_ASCII), 3000);
            byte[] changed = lines(source, 1, Duration.ofSeconds(10)).get(0);
            assertEquals("one, changed", decoded(changed), "a changed file is new");
            source.acknowledged(lines.get(0).length + 1 + changed.length + 1);
        }
        Files.delete(folder.resolve("b.txt"));
        try (FolderSource source = open(folder, false, Clock.systemUTC())) {
            assertTrue(lines(source, 1, Duration.ofSeconds(3)).isEmpty(), "nothing new");
        }
        assertEquals(0, Files.readAllLines(dir.resolve("folder.sent")).stream().filter(l -> l.endsWith("b.txt")).count(),
                "the state forgets files that are gone");
    }

    @Test
    void aFileCutByALostConnectionIsSpoiledThenSentAgain() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("watched"));
        byte[] file = bytes(10_000);
        write(folder.resolve("a.bin"), file, 1000);
        try (FolderSource source = open(folder, false, Clock.systemUTC())) {
            List<byte[]> lines = lines(source, 1, Duration.ofSeconds(10));
            assertEquals(0, source.interrupted(0).length, "nothing of it went out: nothing to spoil");
            byte[] spoil = source.interrupted(100);
            assertArrayEquals(new byte[] {0}, spoil, "not base64: the server drops the rest of the line");
            assertArrayEquals(file, Base64.getDecoder().decode(lines(source, 1, Duration.ofSeconds(10)).get(0)), "sent again");
            assertEquals(0, source.interrupted(2L * (lines.get(0).length + 1)).length, "at a file boundary");
        }
    }

    @Test
    void jsonFilesAreSentCompactAndOthersAreLeftOut() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("watched"));
        write(folder.resolve("a.json"), "{\n  \"a\" : 1.50,\n  \"b\" : [ \"x\", \"\\u00e9\" ]\n}\n".getBytes(StandardCharsets.UTF_8), 1000);
        write(folder.resolve("b.json"), "not json".getBytes(StandardCharsets.UTF_8), 2000);
        write(folder.resolve("c.json"), "{\"n\":1}\n{\"n\":2}\n".getBytes(StandardCharsets.UTF_8), 3000);
        try (FolderSource source = open(folder, true, Clock.systemUTC())) {
            List<byte[]> lines = lines(source, 3, Duration.ofSeconds(10));
            assertEquals("{\"a\":1.50,\"b\":[\"x\",\"é\"]}", new String(lines.get(0), StandardCharsets.UTF_8), "numbers keep their text");
            assertEquals("{\"n\":1}", new String(lines.get(1), StandardCharsets.UTF_8));
            assertEquals("{\"n\":2}", new String(lines.get(2), StandardCharsets.UTF_8));
        }
        assertTrue(Files.readString(dir.resolve("folder.sent")).contains("b.json"), "not JSON: remembered, not tried again");
    }

    @Test
    void dailyFollowsTheFolderOfTheDayOnceItExists() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("watched"));
        write(Files.createDirectories(folder.resolve("20261203")).resolve("old.txt"), "yesterday".getBytes(StandardCharsets.US_ASCII), 1000);
        Instant now = Instant.now();
        Clock today = Clock.offset(Clock.system(ZoneId.of("UTC")), Duration.between(now, Instant.parse("2026-12-04T10:00:00Z")));
        try (FolderSource source = FolderSource.open(folder, false, true, dir.resolve("folder.sent"), Duration.ofMillis(50), today)) {
            Future<List<byte[]>> waiting = reader.submit(() -> readLines(source, 1));
            Thread.sleep(500);
            assertTrue(!waiting.isDone(), "today's folder does not exist yet");
            write(Files.createDirectories(folder.resolve("20261204")).resolve("new.txt"), "today".getBytes(StandardCharsets.US_ASCII),
                    System.currentTimeMillis() - 5000);
            assertEquals("today", decoded(waiting.get(10, TimeUnit.SECONDS).get(0)));
        }
    }

    private FolderSource open(Path folder, boolean json, Clock clock) throws IOException {
        return FolderSource.open(folder, json, false, dir.resolve("folder.sent"), Duration.ofMillis(50), clock);
    }

    /** Up to {@code count} lines within {@code wait}; fewer when the source has no more by then (it is closed at the end of the test). */
    private List<byte[]> lines(FolderSource source, int count, Duration wait) throws Exception {
        Future<List<byte[]>> f = reader.submit(() -> readLines(source, count));
        try {
            return f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return List.of();
        }
    }

    private static List<byte[]> readLines(FolderSource source, int count) throws IOException, InterruptedException {
        List<byte[]> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[7000];
        while (lines.size() < count) {
            int n = source.read(buffer, 0, buffer.length);
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    lines.add(line.toByteArray());
                    line.reset();
                } else {
                    line.write(buffer[i]);
                }
            }
        }
        return lines;
    }

    private static String decoded(byte[] line) {
        return new String(Base64.getDecoder().decode(line), StandardCharsets.UTF_8);
    }

    private static void write(Path file, byte[] content, long modifiedMillis) throws IOException {
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
