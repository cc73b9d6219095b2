// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.d4.workers.internal.WorkerFixture.feed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM ingests through the real workers and queues, and halts with lines and files archived but
 * not committed to the queues (split lines, a cut line, rotated and compressed files, two sessions
 * of one sensor). The next start queues what the archive holds beyond the recorded positions: each
 * unit once.
 */
class ArchiveRequeueTest {
    static final Duration ROTATION = Duration.ofSeconds(60);
    static final int MAX_LINE = 64;
    static final String LONG = "a4-" + "x".repeat(100);

    @TempDir
    Path dir;

    /** Child JVM: {@code <dir> <scenario>}; writes the queue ids to {@code <dir>/queues}, then halts. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        WorkerFixture workers = WorkerFixture.started(dir, ROTATION, MAX_LINE);
        List<UUID> queues = switch (args[1]) {
            case "lines" -> lines(workers);
            case "ja3" -> ja3(workers);
            default -> pcap(workers);
        };
        Files.writeString(dir.resolve("queues"), queues.stream().map(UUID::toString).collect(Collectors.joining(" ")));
        Runtime.getRuntime().halt(9);
    }

    private static List<UUID> lines(WorkerFixture workers) throws Exception {
        UUID all = workers.queue(8);
        UUID capped = workers.queues.create(new QueueSpec(QueueSelector.of(8), "capped", 5, Optional.empty())).uuid();
        UUID others = workers.queues.create(new QueueSpec(QueueSelector.of(8).withSensors(Set.of(UUID.randomUUID())), "group", 100,
                Optional.empty())).uuid();
        LineHandler handler = new LineHandler(workers.context, workers.queues);
        PayloadSession a = handler.open(workers.session(8));
        PayloadSession b = handler.open(workers.session(8));
        feed(a, bytes("a1\na2\na"));
        feed(b, bytes("b1\n"));
        workers.queues.commit();
        feed(a, bytes("3\n" + LONG.substring(0, 50)), bytes(LONG.substring(50)));
        feed(b, bytes("b2\r\nb3"));
        workers.clock.advance(ROTATION.plusSeconds(1));
        feed(a, bytes(" rest of the cut line\na5\n"));   // rotates: the cut line's tail starts the next file
        feed(a, bytes("a6\na7 with no newline yet"));
        feed(b, bytes("\nb4\nb5 begins"));
        workers.context.tick();                          // b's first file is finished, half of b5 in it, and compressed
        awaitFiles(workers, ".txt.gz", 2);
        feed(b, bytes(" and ends\n"), bytes("b6\n\n"));
        return List.of(all, capped, others);
    }

    private static List<UUID> ja3(WorkerFixture workers) throws Exception {
        UUID queue = workers.queue("ja3-jl");
        PayloadSession s = new Ja3JsonLineHandler(workers.context, workers.queues, true, 65_536).open(workers.session("ja3-jl", Map.of("type", "ja3-jl")));
        feed(s, bytes("{\"a\":1}\nnot json\n{\"b\":"), bytes("2}\n"));
        workers.queues.commit();
        feed(s, bytes("{\"c\":3}\n[1]\n{\"d\":"));
        return List.of(queue);
    }

    private static List<UUID> pcap(WorkerFixture workers) throws Exception {
        UUID queue = workers.queue(1);
        List<byte[]> records = Captures.records(ByteOrder.LITTLE_ENDIAN, 6);
        PayloadSession s = new PcapHandler(workers.context, workers.queues).open(workers.session(1));
        feed(s, Captures.concat(Captures.globalHeader(ByteOrder.LITTLE_ENDIAN, false), records.get(0), records.get(1)));
        workers.clock.advance(ROTATION.plusSeconds(1));
        feed(s, records.get(2), records.get(3));
        workers.clock.advance(ROTATION.plusSeconds(1));
        workers.context.tick();
        // the third file opens while the second is compressed: its path is pushed after that commit, or not
        feed(s, records.get(4), Arrays.copyOf(records.get(5), 10));
        awaitFiles(workers, ".cap.gz", 2);
        return List.of(queue);
    }

    @Test
    void linesBeyondThePositionAreQueuedOnceWithTheirFilesRotatedCompressedOrOpen() throws Exception {
        List<UUID> queues = crash("lines");
        try (WorkerFixture workers = restart()) {
            List<String> expectedA = List.of("a1", "a2", "a3", LONG.substring(0, MAX_LINE), "a5", "a6", "a7 with no newline yet");
            List<String> expectedB = List.of("b1", "b2", "b3", "b4", "b5 begins and ends", "b6");
            List<String> all = workers.texts(queues.get(0));
            assertEquals(expectedA, all.stream().filter(l -> l.startsWith("a")).toList(), "session a, in order, each once");
            assertEquals(expectedB, all.stream().filter(l -> l.startsWith("b")).toList(), "session b, in order, each once");
            assertEquals(13, all.size());
            QueueInfo capped = workers.queues.queue(queues.get(1)).orElseThrow();
            assertEquals(13, capped.in(), "a capped queue took each line once");
            assertEquals(5, capped.length());
            assertEquals(0, workers.queues.queue(queues.get(2)).orElseThrow().in(), "a group without the sensor took nothing");
            assertEquals(Map.of(), workers.queues.positions(ArchivePosition.KEY_PREFIX), "the positions were done with");
            assertEquals(List.of(), workers.files(".txt"), "the open files were compressed");
        }
        try (WorkerFixture again = restart()) {
            assertEquals(List.of(), again.texts(queues.get(0)), "a second start queues nothing more");
        }
    }

    @Test
    void extendedTypeLinesGoThroughTheirFilterAgain() throws Exception {
        List<UUID> queues = crash("ja3");
        try (WorkerFixture workers = restart()) {
            assertEquals(List.of("{\"a\":1}", "{\"b\":2}", "{\"c\":3}"), workers.texts(queues.get(0)));
            assertEquals(1, workers.files(".meta.json").size());
        }
    }

    @Test
    void eachFinishedCaptureIsQueuedOnce() throws Exception {
        List<UUID> queues = crash("pcap");
        try (WorkerFixture workers = restart()) {
            List<String> paths = workers.texts(queues.get(0));
            List<String> files = workers.files(".cap.gz").stream().map(Path::toString).toList();
            assertEquals(3, files.size(), "two rotated files and the open one, recovered");
            assertEquals(files, paths.stream().sorted().toList(), "every capture once");
            assertEquals(Map.of(), workers.queues.positions(ArchivePosition.KEY_PREFIX));
        }
    }

    @Test
    void sessionsThatEndLeaveNoPositionAndAStartQueuesNothingMore() throws Exception {
        UUID lines;
        UUID captures;
        try (WorkerFixture workers = WorkerFixture.started(dir, ROTATION, MAX_LINE)) {
            lines = workers.queue(3);
            captures = workers.queue(1);
            PayloadSession text = new LineHandler(workers.context, workers.queues).open(workers.session(3));
            PayloadSession pcap = new PcapHandler(workers.context, workers.queues).open(workers.session(1));
            feed(text, bytes("one\ntwo"));
            feed(pcap, Captures.capture(ByteOrder.BIG_ENDIAN, false, 2));
            assertEquals(2, workers.queues.positions(ArchivePosition.KEY_PREFIX).size(), "open sessions have positions");
            text.close();
            pcap.close();
            workers.drain();
            assertEquals(Map.of(), workers.queues.positions(ArchivePosition.KEY_PREFIX));
            assertEquals(List.of("one", "two"), workers.texts(lines));
            assertEquals(1, workers.texts(captures).size());
        }
        try (WorkerFixture again = restart()) {
            assertEquals(0, again.queues.queue(lines).orElseThrow().length());
            assertEquals(0, again.queues.queue(captures).orElseThrow().length());
        }
    }

    @Test
    void anArchiveEndingBeforeThePositionRequeuesNothingAndAnUnreadablePositionIsDropped() throws Exception {
        try (WorkerFixture workers = new WorkerFixture(dir, ROTATION, MAX_LINE)) {
            UUID queue = workers.queue(8);
            // a power loss: the queues committed lines up to byte 40, the archive kept 12 bytes of the file
            Path folder = Files.createDirectories(workers.archive.resolve(workers.sensor + "/8/2024/05/06"));
            Path shorter = Files.write(folder.resolve(workers.sensor + "-2024-05-06-070809.txt"), bytes("l1\nl2\nl3\nl4\n"));
            Path next = Files.write(folder.resolve(workers.sensor + "-2024-05-06-070909.txt"), bytes("l9\nl10"));
            String root = workers.archive.toAbsolutePath().normalize().toString() + "/";
            ArchivePosition position = new ArchivePosition(ArchivePosition.Kind.LINES, workers.sensor, 8, Optional.empty(),
                    ArchivePosition.ANY_LINE, false, 40, List.of(shorter.toAbsolutePath().toString().substring(root.length()),
                            next.toAbsolutePath().toString().substring(root.length())));
            workers.queues.savePosition(ArchivePosition.KEY_PREFIX + "power-loss", position.encode());
            workers.queues.savePosition(ArchivePosition.KEY_PREFIX + "garbage", new byte[] {1, 2, 3});
            workers.queues.savePosition(ArchivePosition.KEY_PREFIX + "no-files", position.with(false, 0, List.of()).encode());

            workers.context.start();
            workers.drain();

            assertEquals(List.of("l9", "l10"), workers.texts(queue), "the next file is read; the short one has nothing past the position");
            assertEquals(Map.of(), workers.queues.positions(ArchivePosition.KEY_PREFIX), "every position was done with or dropped");
        }
    }

    private List<UUID> crash(String scenario) throws Exception {
        // the child's temp folder is the test's: what it unpacks there (LZ4's native library) goes with it after the kill
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.io.tmpdir=" + dir, "-cp",
                System.getProperty("java.class.path"), ArchiveRequeueTest.class.getName(), dir.toString(), scenario)).inheritIO().start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child finished");
        assertEquals(9, child.exitValue(), "child died abruptly");
        List<UUID> queues = new ArrayList<>();
        for (String id : Files.readString(dir.resolve("queues")).split(" ")) {
            queues.add(UUID.fromString(id));
        }
        assertTrue(Files.list(dir).anyMatch(p -> p.getFileName().toString().startsWith("queues.db")), "the queue store is there");
        return queues;
    }

    /** The next start: recovery, then the workers stop as the framework would stop them (compressions done). */
    private WorkerFixture restart() throws IOException {
        WorkerFixture workers = WorkerFixture.started(dir, ROTATION, MAX_LINE);
        workers.drain();
        return workers;
    }

    private static void awaitFiles(WorkerFixture workers, String suffix, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (workers.files(suffix).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + suffix + " files");
            }
            Thread.sleep(5);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
