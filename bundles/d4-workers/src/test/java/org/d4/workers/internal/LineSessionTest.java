// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.d4.workers.internal.Captures.concat;
import static org.d4.workers.internal.WorkerFixture.feed;
import static org.d4.workers.internal.WorkerFixture.gunzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.queue.QueueItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineSessionTest {
    private static final int MAX_LINE = 64;

    @TempDir
    Path dir;
    WorkerFixture workers;
    LineHandler lines;

    @BeforeEach
    void start() throws IOException {
        workers = WorkerFixture.started(dir, Duration.ofSeconds(10), MAX_LINE);
        lines = new LineHandler(workers.context, workers.queues);
    }

    @AfterEach
    void stop() {
        workers.close();
    }

    @Test
    void reassemblesLinesSplitAtEveryPosition() throws IOException {
        UUID queue = workers.queue(3);
        byte[] text = bytes("alpha\nbeta\r\n\ngamma delta\r\n\r\nlast without newline");
        List<String> expected = List.of("alpha", "beta", "gamma delta", "last without newline");
        for (int split = 1; split < text.length; split++) {
            PayloadSession session = lines.open(workers.session(3));
            feed(session, Arrays.copyOf(text, split), Arrays.copyOfRange(text, split, text.length));
            session.close();
            assertEquals(expected, workers.texts(queue), "split at " + split);
        }
        PayloadSession byteByByte = lines.open(workers.session(3));
        for (byte b : text) {
            feed(byteByByte, new byte[] {b});
        }
        byteByByte.close();
        assertEquals(expected, workers.texts(queue));
    }

    @Test
    void payloadsHandedOverTogetherAreArchivedAndQueuedAsIfOneByOne() throws IOException {
        UUID queue = workers.queue(3);
        String overlong = "z".repeat(MAX_LINE + 10);
        byte[] text = bytes("alpha\nbeta\r\n\n" + overlong + "\ngamma delta\r\n\r\nlast without newline");
        List<String> expected = List.of("alpha", "beta", "z".repeat(MAX_LINE), "gamma delta", "last without newline");
        for (int piece = 1; piece <= 9; piece += 4) {
            List<ByteBuffer> payloads = new ArrayList<>();
            for (int at = 0; at < text.length; at += piece) {
                payloads.add(ByteBuffer.wrap(Arrays.copyOfRange(text, at, Math.min(text.length, at + piece))));
            }
            PayloadSession session = lines.open(workers.session(3));
            session.acceptAll(payloads.subList(0, payloads.size() / 2), 0);
            workers.clock.advance(Duration.ofSeconds(11));   // the next batch starts a new file
            session.acceptAll(payloads.subList(payloads.size() / 2, payloads.size()), 0);
            session.close();
            workers.clock.advance(Duration.ofSeconds(11));   // file names sort in the order written
            assertEquals(expected, workers.texts(queue), "pieces of " + piece);
        }
        workers.drain();
        ByteArrayOutputStream archived = new ByteArrayOutputStream();
        for (Path file : workers.files(".txt.gz")) {
            archived.writeBytes(gunzip(file));
        }
        assertEquals(3 * 2, workers.files(".txt.gz").size(), "two files per session");
        assertArrayEquals(concat(text, text, text), archived.toByteArray());
    }

    @Test
    void dropsOneCarriageReturnBeforeTheNewline() throws IOException {
        UUID queue = workers.queue(8);
        PayloadSession session = lines.open(workers.session(8));
        feed(session, bytes("a\r\r\nb\r\nc\rd\n"));
        session.close();
        assertEquals(List.of("a\r", "b", "c\rd"), workers.texts(queue));
    }

    @Test
    void cutsOverlongLinesToTheLimitAndCountsThem() throws IOException {
        UUID queue = workers.queue(4);
        String longLine = "x".repeat(MAX_LINE) + "y".repeat(100);
        byte[] text = bytes("short\n" + longLine + "\nnext\n" + "z".repeat(MAX_LINE + 1));
        for (int pieceSize : new int[] {text.length, 1, 7, MAX_LINE}) {
            LineSession session = (LineSession) lines.open(workers.session(4));
            for (int at = 0; at < text.length; at += pieceSize) {
                feed(session, Arrays.copyOfRange(text, at, Math.min(text.length, at + pieceSize)));
            }
            session.close();
            assertEquals(List.of("short", "x".repeat(MAX_LINE), "next", "z".repeat(MAX_LINE)), workers.texts(queue), "pieces of " + pieceSize);
            assertEquals(2, session.cutLines());
        }
    }

    @Test
    void aLineOfExactlyTheLimitEndingInCrLfIsNotCutWhereverItIsSplit() throws IOException {
        UUID queue = workers.queue(3);
        String full = "f".repeat(MAX_LINE);
        byte[] text = bytes(full + "\r\n" + full + "\r");
        for (int split = MAX_LINE - 1; split <= MAX_LINE + 2; split++) {
            LineSession session = (LineSession) lines.open(workers.session(3));
            feed(session, Arrays.copyOf(text, split), Arrays.copyOfRange(text, split, text.length));
            session.close();
            assertEquals(List.of(full, full), workers.texts(queue), "split at " + split);
            assertEquals(0, session.cutLines());
        }
    }

    @Test
    void binaryJunkIsQueuedAndArchivedAsBytes() throws IOException {
        UUID queue = workers.queue(3);
        ByteArrayOutputStream junk = new ByteArrayOutputStream();
        for (int b = 0; b < 256; b++) {
            if (b != '\n' && b != '\r') {
                junk.write(b);
            }
        }
        byte[] line = Arrays.copyOf(junk.toByteArray(), MAX_LINE);
        byte[] payload = concat(line, new byte[] {'\n'}, new byte[] {(byte) 0xff, 0, (byte) 0xc3});
        PayloadSession session = lines.open(workers.session(3));
        feed(session, payload);
        session.close();
        List<QueueItem> items = workers.items(queue);
        assertArrayEquals(line, items.get(0).data());
        assertArrayEquals(new byte[] {(byte) 0xff, 0, (byte) 0xc3}, items.get(1).data());
        workers.drain();
        assertArrayEquals(payload, gunzip(workers.files(".txt.gz").get(0)));
    }

    @Test
    void archivesPayloadsAsReceivedInRotatedTextFiles() throws IOException {
        UUID queue = workers.queue(6);
        PayloadSession session = lines.open(workers.session(6));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String json = "{\"n\":" + i + "}";
            expected.add(json);
            // each line split over two payloads, so lines straddle the archive's file boundaries
            byte[] payload = bytes(json.substring(0, 3));
            byte[] rest = bytes(json.substring(3) + "\n");
            feed(session, payload);
            workers.clock.advance(Duration.ofSeconds(4));
            feed(session, rest);
            all.writeBytes(payload);
            all.writeBytes(rest);
        }
        session.close();
        workers.drain();
        assertEquals(expected, workers.texts(queue));
        List<Path> files = workers.files(".txt.gz");
        assertTrue(files.size() >= 3, "rotated: " + files);
        ByteArrayOutputStream archived = new ByteArrayOutputStream();
        for (Path file : files) {
            assertTrue(file.startsWith(workers.archive.resolve(workers.sensor + "/6/2024/05/06")), file.toString());
            archived.writeBytes(gunzip(file));
        }
        assertArrayEquals(all.toByteArray(), archived.toByteArray());
        assertEquals(List.of(), workers.files(".txt"));
    }

    @Test
    void ja3LinesAreQueuedOnlyWhenTheyAreJsonObjects() throws IOException {
        UUID queue = workers.queue("ja3-jl");
        Ja3JsonLineHandler ja3 = new Ja3JsonLineHandler(workers.context, workers.queues, true, 65_536);
        String valid1 = "{\"ja3\":\"769,47-53,0-10,23-24,0\",\"ip\":\"192.0.2.1\"}";
        String valid2 = "{ \"nested\": {\"a\": [1, 2, {\"b\": null}]}, \"t\": true }";
        List<String> invalid = List.of("[1,2]", "{\"a\":", "not json", "{\"a\":1} trailing", "{\"a\":1}{\"b\":2}", "\"text\"");
        LineSession session = (LineSession) ja3.open(workers.session("ja3-jl", Map.of("encoding", "utf-8")));
        feed(session, bytes(valid1 + "\n" + String.join("\n", invalid) + "\n" + valid2 + "\n"));
        session.close();
        assertEquals(List.of(valid1, valid2), workers.texts(queue));
        assertEquals(invalid.size(), session.refusedLines());
        workers.drain();
        assertTrue(new String(gunzip(workers.files(".txt.gz").get(0)), StandardCharsets.UTF_8).contains("not json"), "archive keeps every line");
    }

    @Test
    void theDefaultLineHandlerTakesAnyExtendedTypeAndWritesItsMetaHeaderBesideTheData() throws IOException {
        UUID queue = workers.queue("maltrail");
        Map<String, Object> meta = Map.of("encoding", "utf-8", "tags", List.of("a", "b"), "misp:org", "CIRCL");
        PayloadSession session = lines.open(workers.session("maltrail", meta));
        List<Path> metaFiles = workers.files(".meta.json");
        assertEquals(1, metaFiles.size(), "written when the session opens");
        feed(session, bytes("one\ntwo\n"));
        session.close();
        workers.drain();
        assertEquals(List.of("one", "two"), workers.texts(queue));

        Path data = workers.files(".txt.gz").get(0);
        String base = workers.sensor + "-2024-05-06-070809";
        assertEquals(workers.archive.resolve(workers.sensor + "/maltrail/2024/05/06/" + base + ".txt.gz"), data);
        assertEquals(data.resolveSibling(base + ".meta.json"), metaFiles.get(0));
        Map<?, ?> written = new ObjectMapper().readValue(metaFiles.get(0).toFile(), Map.class);
        assertEquals(Map.of("type", "maltrail", "encoding", "utf-8", "tags", List.of("a", "b"), "misp:org", "CIRCL"), written);
    }

    @Test
    void findsEveryLineInDirectAndHeapPayloadsWhateverTheWordAlignment() throws IOException {
        UUID queue = workers.queue(3);
        java.util.Random random = new java.util.Random(42);
        List<String> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            int length = 1 + random.nextInt(MAX_LINE - 1);
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < length; j++) {
                line.append((char) ('a' + random.nextInt(26)));
            }
            expected.add(line.toString());
            text.append(line).append(random.nextInt(4) == 0 ? "\r\n" : "\n");
        }
        byte[] all = bytes(text.toString());
        for (boolean direct : new boolean[] {false, true}) {
            PayloadSession session = lines.open(workers.session(3));
            int at = 0;
            while (at < all.length) {
                int length = Math.min(all.length - at, 1 + random.nextInt(300));
                ByteBuffer payload = direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length + 8).position(5).slice();
                payload.put(0, all, at, length).limit(length);
                session.accept(payload, 0);
                at += length;
            }
            session.close();
            assertEquals(expected, workers.texts(queue), direct ? "direct buffers" : "heap buffers with an offset");
        }
    }

    @Test
    void aQueueCreatedMidSessionGetsWholeLinesFromThenOn() throws IOException {
        PayloadSession session = lines.open(workers.session(3));
        feed(session, bytes("before one\nbefore two\nstarted be"));
        UUID queue = workers.queue(3);
        feed(session, bytes("fore the queue\nafter\npartial"));
        session.close();
        assertEquals(List.of("started before the queue", "after", "partial"), workers.texts(queue));

        // the archive still has everything, the skipped lines included
        workers.drain();
        String archived = new String(gunzip(workers.files(".txt.gz").get(0)), StandardCharsets.UTF_8);
        assertEquals("before one\nbefore two\nstarted before the queue\nafter\npartial", archived);
    }

    @Test
    void anOverlongLineStartedBeforeTheQueueIsStillCut() throws IOException {
        PayloadSession session = lines.open(workers.session(3));
        feed(session, bytes("skipped\n" + "x".repeat(MAX_LINE + 10)));
        UUID queue = workers.queue(3);
        feed(session, bytes("yy\nnext\n"));
        session.close();
        assertEquals(List.of("next"), workers.texts(queue));
    }

    @Test
    void aQuietSessionsFileIsClosedUntilItsNextPayloadAndStaysOneFile() throws IOException {
        UUID queue = workers.queue(3);
        PayloadSession session = lines.open(workers.session(3));
        feed(session, bytes("first\n"));
        workers.context.tick();   // written since the last tick: stays open
        assertEquals(1, OpenFiles.under(workers.archive).size());
        workers.context.tick();   // quiet for a whole tick: rests
        assertEquals(List.of(), OpenFiles.under(workers.archive));
        feed(session, bytes("second\n"));
        assertEquals(1, OpenFiles.under(workers.archive).size(), "opened again by the write");
        workers.context.tick();
        workers.context.tick();
        session.close();
        workers.drain();

        assertEquals(List.of("first", "second"), workers.texts(queue));
        List<Path> files = workers.files(".txt.gz");
        assertEquals(1, files.size(), "one file of the series: " + files);
        assertEquals("first\nsecond\n", new String(gunzip(files.get(0)), StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
