// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.d4.workers.internal.Captures.capture;
import static org.d4.workers.internal.Captures.concat;
import static org.d4.workers.internal.Captures.globalHeader;
import static org.d4.workers.internal.Captures.record;
import static org.d4.workers.internal.Captures.records;
import static org.d4.workers.internal.Captures.udpPacket;
import static org.d4.workers.internal.Captures.wholeRecords;
import static org.d4.workers.internal.WorkerFixture.feed;
import static org.d4.workers.internal.WorkerFixture.gunzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.ingest.RejectedPayloadException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapSessionTest {
    @TempDir
    Path dir;
    WorkerFixture workers;
    PcapHandler handler;
    UUID queue;

    @BeforeEach
    void start() throws IOException {
        workers = WorkerFixture.started(dir, Duration.ofSeconds(10));
        handler = new PcapHandler(workers.context, workers.queues);
        queue = workers.queue(1);
    }

    @AfterEach
    void stop() {
        workers.close();
    }

    @ParameterizedTest(name = "{0}, nanoseconds: {1}")
    @CsvSource({"LITTLE_ENDIAN, false", "BIG_ENDIAN, false", "LITTLE_ENDIAN, true", "BIG_ENDIAN, true"})
    void archivesACaptureOfEitherByteOrderAndPrecisionAndQueuesItsPath(String byteOrder, boolean nanos) throws IOException {
        ByteOrder order = byteOrder.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] capture = capture(order, nanos, 5);
        PayloadSession session = handler.open(workers.session(1));
        feed(session, capture);
        session.close();
        workers.drain();

        List<String> paths = workers.texts(queue);
        assertEquals(1, paths.size());
        Path gz = Path.of(paths.get(0));
        assertTrue(gz.isAbsolute());
        String base = workers.sensor + "-2024-05-06-070809";
        assertEquals(workers.archive.resolve(workers.sensor + "/1/2024/05/06/" + base + ".cap.gz"), gz);
        assertArrayEquals(capture, gunzip(gz));
        assertEquals(List.of(), workers.files(".cap"));
    }

    @Test
    void acceptsTheCaptureSplitAtEveryByte() throws IOException {
        byte[] capture = capture(ByteOrder.LITTLE_ENDIAN, false, 3);
        for (int split = 1; split < capture.length; split++) {
            PayloadSession session = handler.open(workers.session(1));
            feed(session, Arrays.copyOfRange(capture, 0, split), Arrays.copyOfRange(capture, split, capture.length));
            session.close();
        }
        PayloadSession byteByByte = handler.open(workers.session(1));
        for (byte b : capture) {
            feed(byteByByte, new byte[] {b});
        }
        byteByByte.close();
        workers.drain();

        List<String> paths = workers.texts(queue);
        assertEquals(capture.length, paths.size());
        assertEquals(paths.size(), paths.stream().distinct().count(), "one file per session, none overwritten");
        for (String path : paths) {
            assertArrayEquals(capture, gunzip(Path.of(path)), path);
        }
    }

    @Test
    void rotatesAtRecordBoundariesIntoFilesThatAreEachAValidCapture() throws IOException {
        ByteOrder order = ByteOrder.BIG_ENDIAN;
        List<byte[]> records = records(order, 12);
        byte[] stream = concat(globalHeader(order, false), concat(records.toArray(byte[][]::new)));
        PayloadSession session = handler.open(workers.session(1));
        // payloads of 37 bytes: splits land inside headers and packets; 4 s pass between payloads
        for (int at = 0; at < stream.length; at += 37) {
            feed(session, Arrays.copyOfRange(stream, at, Math.min(stream.length, at + 37)));
            workers.clock.advance(Duration.ofSeconds(4));
        }
        session.close();
        workers.drain();

        List<String> paths = workers.texts(queue);
        assertTrue(paths.size() >= 3, "rotated into " + paths);
        assertEquals(paths.stream().sorted().toList(), paths, "queued oldest first");
        List<byte[]> seen = new ArrayList<>();
        for (String path : paths) {
            byte[] file = gunzip(Path.of(path));
            assertArrayEquals(globalHeader(order, false), Arrays.copyOf(file, PcapFormat.GLOBAL_HEADER_BYTES));
            List<byte[]> inFile = wholeRecords(file, order);
            assertNotEquals(0, inFile.size());
            seen.addAll(inFile);
        }
        assertEquals(records.size(), seen.size());
        for (int i = 0; i < records.size(); i++) {
            assertArrayEquals(records.get(i), seen.get(i));
        }
    }

    @Test
    void theFlusherRotatesAQuietSensorsFile() throws Exception {
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        PayloadSession session = handler.open(workers.session(1));
        feed(session, concat(globalHeader(order, false), record(order, 1, udpPacket(1, 20))));
        workers.clock.advance(Duration.ofSeconds(11));
        workers.context.tick();
        assertTrue(workers.queues.awaitItems(queue, Duration.ofSeconds(10)), "finished without another payload");
        List<String> first = workers.texts(queue);
        assertEquals(1, first.size());

        workers.context.tick();
        assertEquals(List.of(), workers.files(".cap"), "no empty file for a sensor that stays quiet");
        feed(session, record(order, 2, udpPacket(2, 30)));
        session.close();
        workers.drain();
        List<String> second = workers.texts(queue);
        assertEquals(1, second.size());
        assertArrayEquals(concat(globalHeader(order, false), record(order, 2, udpPacket(2, 30))), gunzip(Path.of(second.get(0))));
    }

    @Test
    void sessionsStartingInTheSameSecondGetDistinctFiles() throws IOException {
        byte[] capture = capture(ByteOrder.LITTLE_ENDIAN, false, 1);
        for (int i = 0; i < 3; i++) {
            PayloadSession session = handler.open(workers.session(1));
            feed(session, capture);
            session.close();
        }
        workers.drain();
        String base = workers.sensor + "-2024-05-06-070809";
        // one lane per session: the order between sessions is the compression threads' business
        assertEquals(Set.of(base + ".cap.gz", base + "-1.cap.gz", base + "-2.cap.gz"),
                workers.texts(queue).stream().map(p -> Path.of(p).getFileName().toString()).collect(Collectors.toSet()));
    }

    @Test
    void refusesWhatIsNotLibpcap() throws IOException {
        byte[] pcapng = ByteBuffer.allocate(28).putInt(0x0a0d0d0a).putInt(28).putInt(0x1a2b3c4d).array();
        byte[] badMagic = capture(ByteOrder.LITTLE_ENDIAN, false, 1);
        badMagic[0] = 0x42;
        byte[] version3 = capture(ByteOrder.BIG_ENDIAN, false, 1);
        version3[5] = 3;
        for (byte[] stream : List.of(pcapng, badMagic, version3)) {
            PayloadSession session = handler.open(workers.session(1));
            // the header arrives in two pieces: it is judged once it is whole
            feed(session, Arrays.copyOf(stream, 10));
            RejectedPayloadException e = assertThrows(RejectedPayloadException.class,
                    () -> feed(session, Arrays.copyOfRange(stream, 10, stream.length)));
            assertTrue(e.getMessage().startsWith("incorrect file format"), e.getMessage());
            session.close();
        }
        workers.drain();
        assertEquals(List.of(), workers.texts(queue));
        assertEquals(List.of(), workers.files(".gz"));
    }

    @Test
    void refusesAnOversizedRecordButKeepsTheRecordsBeforeIt() throws IOException {
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        byte[] good = capture(order, false, 2);
        byte[] oversized = ByteBuffer.allocate(16).order(order).putInt(1).putInt(0).putInt(262_145).putInt(262_145).array();
        PayloadSession session = handler.open(workers.session(1));
        RejectedPayloadException e = assertThrows(RejectedPayloadException.class, () -> feed(session, concat(good, oversized)));
        assertEquals("incorrect file format: record of 262145 bytes", e.getMessage());
        assertThrows(RejectedPayloadException.class, () -> feed(session, record(order, 3, udpPacket(3, 10))));
        session.close();
        workers.drain();
        assertArrayEquals(good, gunzip(Path.of(workers.texts(queue).get(0))));
    }

    @Test
    void payloadsHandedOverTogetherAreArchivedAsIfOneByOneAndARejectionKeepsTheRecordsBeforeIt() throws IOException {
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        byte[] capture = capture(order, false, 4);
        List<ByteBuffer> pieces = new ArrayList<>();
        for (int at = 0; at < capture.length; at += 7) {
            pieces.add(ByteBuffer.wrap(Arrays.copyOfRange(capture, at, Math.min(capture.length, at + 7))));
        }
        PayloadSession together = handler.open(workers.session(1));
        together.acceptAll(pieces, 0);
        together.close();

        byte[] good = capture(order, false, 2);
        byte[] oversized = ByteBuffer.allocate(16).order(order).putInt(1).putInt(0).putInt(262_145).putInt(262_145).array();
        PayloadSession refused = handler.open(workers.session(1));
        RejectedPayloadException e = assertThrows(RejectedPayloadException.class, () -> refused.acceptAll(
                List.of(ByteBuffer.wrap(Arrays.copyOf(good, 30)), ByteBuffer.wrap(Arrays.copyOfRange(good, 30, good.length)),
                        ByteBuffer.wrap(oversized), ByteBuffer.wrap(record(order, 3, udpPacket(3, 10)))), 0));
        assertEquals("incorrect file format: record of 262145 bytes", e.getMessage());
        refused.close();
        workers.drain();

        List<String> archived = new ArrayList<>();
        for (String path : workers.texts(queue)) {   // queued as each file's compression ends: in either order
            archived.add(HexFormat.of().formatHex(gunzip(Path.of(path))));
        }
        assertEquals(Set.of(HexFormat.of().formatHex(capture), HexFormat.of().formatHex(good)), Set.copyOf(archived),
                "the whole capture, and of the refused stream the records before the rejected one");
        assertEquals(2, archived.size());
    }

    @Test
    void aCaptureEndingInsideARecordIsRefusedAtCloseWithItsWholeRecordsKept() throws IOException {
        ByteOrder order = ByteOrder.BIG_ENDIAN;
        byte[] good = capture(order, false, 2);
        byte[] torn = Arrays.copyOf(record(order, 3, udpPacket(3, 40)), 30);
        PayloadSession session = handler.open(workers.session(1));
        feed(session, concat(good, torn));
        RejectedPayloadException e = assertThrows(RejectedPayloadException.class, session::close);
        assertTrue(e.getMessage().startsWith("incorrect file format: the capture ends inside a record"), e.getMessage());
        workers.drain();
        assertArrayEquals(good, gunzip(Path.of(workers.texts(queue).get(0))));
    }

    @Test
    void aStoppingWorkerFinishesItsSessionsAndRefusesFurtherPayloads() throws IOException {
        byte[] capture = capture(ByteOrder.LITTLE_ENDIAN, true, 2);
        PayloadSession session = handler.open(workers.session(1));
        feed(session, capture);
        workers.drain();
        assertArrayEquals(capture, gunzip(Path.of(workers.texts(queue).get(0))));
        IOException e = assertThrows(IOException.class, () -> feed(session, record(ByteOrder.LITTLE_ENDIAN, 5, udpPacket(5, 10))));
        assertTrue(e.getMessage().contains("restarted"), e.getMessage());
        session.close();
        assertEquals(List.of(), workers.files(".cap"));
    }
}
