// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.d4.workers.internal.Captures.capture;
import static org.d4.workers.internal.Captures.concat;
import static org.d4.workers.internal.Captures.record;
import static org.d4.workers.internal.Captures.udpPacket;
import static org.d4.workers.internal.WorkerFixture.gunzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a kill -9 leaves in the archive, and what the next start makes of it. */
class ArchiveRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aTornPcapIsCutToItsLastWholeRecordThenCompressedAndQueued() throws IOException {
        ByteOrder order = ByteOrder.BIG_ENDIAN;
        byte[] whole = capture(order, true, 3);
        byte[] torn = Arrays.copyOf(record(order, 9, udpPacket(9, 50)), 40);
        try (WorkerFixture workers = new WorkerFixture(dir, Duration.ofSeconds(300), 1024)) {
            Path folder = Files.createDirectories(workers.archive.resolve(workers.sensor + "/1/2024/05/05"));
            Path cap = Files.write(folder.resolve(workers.sensor + "-2024-05-05-230000.cap"), concat(whole, torn));
            Path staleTemp = Files.write(folder.resolve(workers.sensor + "-2024-05-05-225500.cap.gz.tmp"), new byte[] {31, -117, 8});
            UUID queue = workers.queue(1);

            workers.context.start();
            assertTrue(Files.notExists(staleTemp), "stale temporary files go before any session starts");
            workers.drain();

            Path gz = folder.resolve(cap.getFileName() + ".gz");
            assertEquals(List.of(gz.toString()), workers.texts(queue));
            assertArrayEquals(whole, gunzip(gz));
            assertEquals(List.of(), workers.files(".cap"));
            assertEquals(List.of(), workers.files(".tmp"));
        }
    }

    @Test
    void leftoverTextIsCompressedAsItIs() throws IOException {
        try (WorkerFixture workers = new WorkerFixture(dir, Duration.ofSeconds(300), 1024)) {
            Path folder = Files.createDirectories(workers.archive.resolve(workers.sensor + "/ja3-jl/2024/05/05"));
            byte[] text = "{\"a\":1}\n{\"b\":".getBytes(StandardCharsets.UTF_8);
            Path txt = Files.write(folder.resolve(workers.sensor + "-2024-05-05-230000.txt"), text);
            UUID queue = workers.queue("ja3-jl");

            workers.context.start();
            workers.drain();

            assertArrayEquals(text, gunzip(folder.resolve(txt.getFileName() + ".gz")));
            assertEquals(List.of(), workers.files(".txt"));
            assertEquals(List.of(), workers.texts(queue), "its lines were queued as they arrived");
        }
    }

    @Test
    void aCompressionThatWasRenamedButNotCleanedUpIsOnlyQueued() throws IOException {
        byte[] capture = capture(ByteOrder.LITTLE_ENDIAN, false, 2);
        try (WorkerFixture workers = new WorkerFixture(dir, Duration.ofSeconds(300), 1024)) {
            Path folder = Files.createDirectories(workers.archive.resolve(workers.sensor + "/1/2024/05/05"));
            Path cap = Files.write(folder.resolve(workers.sensor + "-2024-05-05-230000.cap"), capture);
            Path gz = folder.resolve(cap.getFileName() + ".gz");
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
                out.write(capture);
            }
            Files.write(gz, compressed.toByteArray());
            UUID queue = workers.queue(1);

            workers.context.start();
            workers.drain();

            assertEquals(List.of(gz.toString()), workers.texts(queue));
            assertTrue(Files.notExists(cap));
            assertArrayEquals(capture, gunzip(gz));
        }
    }

    @Test
    void aPcapTornInsideItsGlobalHeaderIsDeletedAndFilesOutsideTheLayoutAreLeftAlone() throws IOException {
        try (WorkerFixture workers = new WorkerFixture(dir, Duration.ofSeconds(300), 1024)) {
            Path folder = Files.createDirectories(workers.archive.resolve(workers.sensor + "/1/2024/05/05"));
            Path cap = Files.write(folder.resolve(workers.sensor + "-2024-05-05-230000.cap"), new byte[] {(byte) 0xd4, (byte) 0xc3});
            Path raw = Files.write(folder.resolve(workers.sensor + "-20240505-230000-1f.raw"), new byte[] {1, 2, 3});

            workers.context.start();
            workers.drain();

            assertTrue(Files.notExists(cap));
            assertEquals(List.of(), workers.files(".gz"));
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(raw));
        }
    }
}
