// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.d4.workers.internal.WorkerFixture.feed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.ingest.RejectedPayloadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTransferSessionTest {
    @TempDir
    Path dir;

    private final Random random = new Random(7);

    @Test
    void base64FilesAreSavedOnceByTheirSha256AndEachArrivalIsQueued() throws IOException {
        byte[] big = bytes(200_000);
        byte[] small = "hello\n".getBytes(StandardCharsets.UTF_8);
        try (WorkerFixture workers = WorkerFixture.started(dir, Duration.ofSeconds(300))) {
            UUID queue = workers.queue("filewatcher");
            PayloadSession session = handler(workers, 1 << 20).open(workers.session("filewatcher", Map.of("type", "filewatcher",
                    "extension", "bin")));
            byte[] stream = concat(line(big), line(small), line(big));
            feedInPieces(session, stream);
            session.close();

            Path folder = workers.archive.resolve(workers.sensor + "/filewatcher/2024/05/06/files");
            Path bigFile = folder.resolve(sha256(big) + ".bin");
            Path smallFile = folder.resolve(sha256(small) + ".bin");
            assertEquals(List.of(bigFile.toString(), smallFile.toString(), bigFile.toString()), workers.texts(queue),
                    "every arrival queued, by absolute path");
            assertArrayEquals(big, Files.readAllBytes(bigFile));
            assertArrayEquals(small, Files.readAllBytes(smallFile));
            try (var files = Files.list(folder)) {
                assertEquals(2, files.count(), "the same content is kept once, no partial file left");
            }
        }
    }

    @Test
    void chunksPaddedOneByOneDecodeAsOneFile() throws IOException {
        // a sender that encodes each read on its own pads every chunk whose length is not a multiple of three
        byte[] file = bytes(11_000);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        int[] reads = {3072, 1000, 3072, 2, 3072, 782};
        int at = 0;
        for (int n : reads) {
            stream.writeBytes(Base64.getEncoder().encode(java.util.Arrays.copyOfRange(file, at, at + n)));
            at += n;
        }
        assertEquals(file.length, at);
        stream.write('\n');
        try (WorkerFixture workers = WorkerFixture.started(dir, Duration.ofSeconds(300))) {
            UUID queue = workers.queue("filewatcher");
            PayloadSession session = handler(workers, 1 << 20).open(workers.session("filewatcher", Map.of("type", "filewatcher")));
            feedInPieces(session, stream.toByteArray());
            session.close();
            List<String> paths = workers.texts(queue);
            assertEquals(1, paths.size());
            assertTrue(paths.get(0).endsWith("/files/" + sha256(file)), "no extension: the bare hash");
            assertArrayEquals(file, Files.readAllBytes(Path.of(paths.get(0))));
        }
    }

    @Test
    void tooLargeAndMalformedFilesAreDroppedAndTheNextOnesKept() throws IOException {
        byte[] ok = bytes(1000);
        byte[] tooLarge = bytes(5000);
        byte[] broken = "not*base64!\n".getBytes(StandardCharsets.US_ASCII);
        try (WorkerFixture workers = WorkerFixture.started(dir, Duration.ofSeconds(300))) {
            UUID queue = workers.queue("filewatcher");
            FileTransferSession session = (FileTransferSession) handler(workers, 4096).open(workers.session("filewatcher",
                    Map.of("type", "filewatcher", "extension", "dat")));
            feedInPieces(session, concat(line(tooLarge), broken, line(ok), "QQ=A\n".getBytes(StandardCharsets.US_ASCII), line(ok)));
            session.close();
            assertEquals(1, session.refusedTooLarge());
            assertEquals(2, session.malformedLines());
            assertEquals(2, session.savedFiles());
            assertEquals(2, workers.texts(queue).size());
            assertEquals(1, workers.files(".dat").size());
            assertTrue(workers.files(ReceivedFile.PARTIAL_SUFFIX).isEmpty(), "dropped files leave nothing behind");
        }
    }

    @Test
    void aFileCutByTheEndOfTheConnectionIsDroppedNotQueued() throws IOException {
        byte[] whole = bytes(3000);
        byte[] cut = Base64.getEncoder().encode(bytes(3000));
        try (WorkerFixture workers = WorkerFixture.started(dir, Duration.ofSeconds(300))) {
            UUID queue = workers.queue("filewatcher");
            PayloadSession session = handler(workers, 1 << 20).open(workers.session("filewatcher", Map.of("type", "filewatcher")));
            feed(session, line(whole), java.util.Arrays.copyOf(cut, 2000));
            session.close();
            assertEquals(1, workers.texts(queue).size());
            assertTrue(workers.files(ReceivedFile.PARTIAL_SUFFIX).isEmpty());
            assertThrows(IOException.class, () -> feed(session, line(whole)), "a closed session takes nothing more");
        }
    }

    @Test
    void compressedAndSharedFilesAsTheMetaHeaderAsks() throws IOException {
        byte[] file = "x".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        try (WorkerFixture workers = WorkerFixture.started(dir, Duration.ofSeconds(300))) {
            UUID queue = workers.queue("filewatcher");
            PayloadSession session = handler(workers, 1 << 20).open(workers.session("filewatcher", Map.of("type", "filewatcher",
                    "extension", "log", "compress", true, "segregate", "false")));
            feed(session, line(file));
            session.close();
            Path expected = workers.archive.resolve("shared/filewatcher/2024/05/06/files/" + sha256(file) + ".log.gz");
            assertEquals(List.of(expected.toString()), workers.texts(queue), "named by the hash of the content, not of the gzip");
            assertArrayEquals(file, WorkerFixture.gunzip(expected));
        }
    }

    @Test
    void jsonDocumentsAreSavedAsTheyCome() throws IOException {
        String first = "{\"a\": 1, \"b\": [1, 2, 3]}";
        String second = "{\"c\": \"d\"}";
        try (WorkerFixture workers = WorkerFixture.started(dir, Duration.ofSeconds(300))) {
            UUID queue = workers.queue("filewatcherjson");
            FileTransferSession session = (FileTransferSession) handler(workers, 1 << 20).open(workers.session("filewatcherjson",
                    Map.of("type", "filewatcherjson", "extension", "ignored")));
            // a client cut off in a file begins the next connection with a NUL byte: that line goes
            feedInPieces(session, ("\u0000\": 3, \"tail\": true}\n" + first + "\n\n" + second + "\n" + first + "\n{\"cut")
                    .getBytes(StandardCharsets.UTF_8));
            session.close();
            assertEquals(1, session.malformedLines());
            Path folder = workers.archive.resolve(workers.sensor + "/filewatcherjson/2024/05/06/files");
            Path one = folder.resolve(sha256(first.getBytes(StandardCharsets.UTF_8)) + ".json");
            Path two = folder.resolve(sha256(second.getBytes(StandardCharsets.UTF_8)) + ".json");
            assertEquals(List.of(one.toString(), two.toString(), one.toString()), workers.texts(queue));
            assertEquals(first, Files.readString(one));
            assertEquals(second, Files.readString(two));
        }
    }

    @Test
    void aMetaHeaderThatWouldNameFilesBadlyIsRefused() throws IOException {
        try (WorkerFixture workers = WorkerFixture.started(dir, Duration.ofSeconds(300))) {
            FileTransferHandler handler = handler(workers, 1 << 20);
            for (Object extension : List.of("../../etc/passwd", "a/b", ".hidden", "x".repeat(33), "a..b", 42)) {
                RejectedPayloadException e = assertThrows(RejectedPayloadException.class,
                        () -> handler.open(workers.session("filewatcher", Map.of("type", "filewatcher", "extension", extension))),
                        "extension " + extension);
                assertTrue(e.getMessage().startsWith("meta header: extension"), e.getMessage());
            }
            assertThrows(RejectedPayloadException.class,
                    () -> handler.open(workers.session("filewatcher", Map.of("type", "filewatcher", "compress", "yes"))));
            assertThrows(RejectedPayloadException.class,
                    () -> handler.open(workers.session("filewatcher", Map.of("type", "filewatcher", "segregate", 1))));
            handler.open(workers.session("filewatcher", Map.of("type", "filewatcher", "extension", "tar.gz"))).close();
        }
    }

    @Test
    void aStoppingWorkerDropsTheFileInProgressAndRecoveryCleansAPartialLeftByACrash() throws IOException {
        Path stale;
        try (WorkerFixture workers = WorkerFixture.started(dir, Duration.ofSeconds(300))) {
            workers.queue("filewatcher");
            FileTransferHandler handler = handler(workers, 1 << 20);
            PayloadSession session = handler.open(workers.session("filewatcher", Map.of("type", "filewatcher")));
            feed(session, Base64.getEncoder().encode(bytes(3000)));
            handler.stop();
            assertThrows(IOException.class, () -> feed(session, "QUJD\n".getBytes(StandardCharsets.US_ASCII)),
                    "the sensor is told to reconnect");
            assertTrue(workers.files(ReceivedFile.PARTIAL_SUFFIX).isEmpty());
            // what a kill -9 in the middle of a file leaves
            stale = workers.archive.resolve(workers.sensor + "/filewatcher/2024/05/06/files/" + UUID.randomUUID() + ReceivedFile.PARTIAL_SUFFIX);
            Files.write(stale, bytes(100));
        }
        try (WorkerFixture again = WorkerFixture.started(dir, Duration.ofSeconds(300))) {
            assertFalse(Files.exists(stale), "removed at the next start");
        }
    }

    private static FileTransferHandler handler(WorkerFixture workers, long maxFileBytes) {
        return new FileTransferHandler(workers.context, workers.queues, maxFileBytes, workers.clock);
    }

    /** The payload cut at random places, as frames of any size would cut it. */
    private void feedInPieces(PayloadSession session, byte[] stream) throws IOException {
        List<byte[]> pieces = new ArrayList<>();
        for (int at = 0; at < stream.length;) {
            int n = Math.min(stream.length - at, 1 + random.nextInt(9000));
            pieces.add(java.util.Arrays.copyOfRange(stream, at, at + n));
            at += n;
        }
        feed(session, pieces.toArray(byte[][]::new));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] line(byte[] file) {
        return concat(Base64.getEncoder().encode(file), new byte[] {'\n'});
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
