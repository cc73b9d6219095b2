// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.TlsSensor;
import org.d4.protocol.FrameEncoder;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} in the middle of ingest: after a restart every archive file is readable (the torn
 * ones repaired and compressed), each queue holds exactly what the archive holds (every line once,
 * in order; every capture file once, also in a capped queue of a sensor group), and the daily
 * statistics lost no more than their one-second commit interval of the sensor's frames.
 */
class CrashRecoveryIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "crash key";
    /** The statistics' commit interval (README), plus the time one commit may take on a busy machine. */
    static final double STATISTICS_LOSS_SECONDS = 1.0 + 0.25;
    static final int LINES_PER_FRAME = 50;

    @Test
    void killNineDuringIngestLeavesQueuesAndArchivesIntact() throws Exception {
        // files rotate every 2 s: the crash finds files rotated, compressed, queued or not, and lines split across two files
        try (Appliance d4 = Appliance.fromImage(ServerImageIT.IMAGE).config("d4.workers", Map.of("rotation.s", "2")).start()) {
            assertEquals(200, d4.api("PUT", "/server", "{\"mode\":\"shared-secret\",\"default_key\":\"" + KEY + "\"}").statusCode());
            UUID lines = queue(d4, "{\"type\": 8, \"max_size\": 1000000}");
            UUID pcaps = queue(d4, "{\"type\": 1}");
            UUID lineSensor = UUID.randomUUID();
            UUID pcapSensor = UUID.randomUUID();
            // registered, so that the REST API shows its counters
            assertEquals(200, d4.api("POST", "/add/sensor/register", "{\"uuid\":\"" + lineSensor + "\",\"hmac_key\":\"" + KEY + "\"}").statusCode());
            assertEquals(200, d4.api("POST", "/sensors/" + lineSensor + "/approve", null).statusCode());
            UUID grouped = queue(d4, "{\"type\": 8, \"max_size\": 1000, \"sensors\": [\"" + lineSensor + "\"]}");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong linesSent = new AtomicLong();
            AtomicLong lineFrames = new AtomicLong();
            AtomicLong recordsSent = new AtomicLong();
            Thread lineWriter = stream(d4, running, lineFrames, () -> {
                long n = linesSent.get();
                StringBuilder chunk = new StringBuilder();
                for (int i = 0; i < LINES_PER_FRAME; i++) {
                    chunk.append("1700000000||192.0.2.1||198.51.100.1||IN||n").append(n + i).append(".example.||A||192.0.2.9||60||1\n");
                }
                linesSent.addAndGet(LINES_PER_FRAME);
                return new Frame(8, lineSensor, chunk.toString().getBytes(UTF_8));
            });
            boolean[] headerSent = {false};
            Thread pcapWriter = stream(d4, running, new AtomicLong(), () -> {
                byte[] record = Pcaps.record(Instant.now().getEpochSecond(), 300, (int) recordsSent.incrementAndGet());
                if (!headerSent[0]) {
                    headerSent[0] = true;
                    byte[] both = new byte[24 + record.length];
                    System.arraycopy(Pcaps.globalHeader(), 0, both, 0, 24);
                    System.arraycopy(record, 0, both, 24, record.length);
                    return new Frame(1, pcapSensor, both);
                }
                return new Frame(1, pcapSensor, record);
            });
            Thread.sleep(3000);
            long safelySent = linesSent.get();
            long framesBefore = lineFrames.get();
            long before = System.nanoTime();
            // what was sent five seconds before the crash is committed (1 s interval), even with the sockets' buffers full
            // in front of a server that cannot go faster (the sensor writes as fast as it is let)
            Thread.sleep(5000);

            long pid = d4.pid();
            long framesAtKill = lineFrames.get();
            double frameRate = (framesAtKill - framesBefore) / ((System.nanoTime() - before) / 1e9);
            assertEquals(0, Commands.run(d4.home(), Map.of(), Duration.ofSeconds(10), "kill", "-9", Long.toString(pid)).exitCode());
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
            running.set(false);
            lineWriter.join(10_000);
            pcapWriter.join(10_000);
            long framesSent = lineFrames.get();
            assertTrue(safelySent > 1000, "the sensor was streaming: " + safelySent);

            assertEquals(0, d4.d4("start", Duration.ofSeconds(90)).exitCode(), "starts again after kill -9");

            // the line queue: a gap-free, ordered prefix of what was sent, at least what was committed
            List<String> queuedLines = new ArrayList<>();
            for (JsonNode batch = pop(d4, lines); batch.size() > 0; batch = pop(d4, lines)) {
                for (JsonNode item : batch) {
                    queuedLines.add(item.path("data").asText());
                }
            }
            List<Long> numbers = new ArrayList<>();
            for (String line : queuedLines) {
                String[] fields = line.split("\\|\\|");
                if (fields.length == 9) {   // the last line may be torn by the kill: archived, hence queued, as it is
                    numbers.add(Long.parseLong(fields[4].substring(1, fields[4].indexOf('.'))));
                }
            }
            for (int i = 0; i < numbers.size(); i++) {
                assertEquals(i, numbers.get(i), "item " + i + " in order, no gap, no duplicate");
            }

            // every pcap file is whole: torn tails cut, compressed, queued; nothing left uncompressed
            Path archive = d4.home().resolve("data/archive").resolve(pcapSensor.toString()).resolve("1");
            assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> files(archive, ".cap").isEmpty()), "recovered files compressed");
            List<Path> captures = files(archive, ".cap.gz");
            assertTrue(!captures.isEmpty(), "the capture was kept");
            long records = 0;
            for (Path f : captures) {
                long read = Pcaps.readWithTcpdump(d4.home(), f);
                assertEquals(read, Pcaps.readWithTshark(d4.home(), f), f.toString());
                records += read;
            }
            assertTrue(records > 100, "records kept: " + records + " of " + recordsSent.get());
            // a recovered file's path is queued right after its compression
            assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> queueLength(d4, pcaps) >= captures.size()), "captures queued");
            List<String> queuedCaptures = new ArrayList<>();
            for (JsonNode batch = pop(d4, pcaps); batch.size() > 0; batch = pop(d4, pcaps)) {
                batch.forEach(item -> queuedCaptures.add(item.path("data").asText()));
            }
            assertEquals(captures.stream().map(Path::toString).toList(), queuedCaptures.stream().sorted().toList(),
                    "every capture file queued once");

            // the line archive: readable, and a prefix of the stream
            Path text = d4.home().resolve("data/archive").resolve(lineSensor.toString()).resolve("8");
            assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> files(text, ".txt").isEmpty()), "recovered text compressed");
            StringBuilder all = new StringBuilder();
            for (Path f : files(text, ".txt.gz")) {
                try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                    all.append(new String(in.readAllBytes(), UTF_8));
                }
            }
            String[] archived = all.toString().split("\n");
            assertTrue(archived[0].contains("||n0.example.||") && archived[archived.length / 2].contains("||n" + archived.length / 2 + ".example.||"));
            System.out.printf("CrashRecoveryIT queues: %d lines archived, %d queued (%d distinct); %d capture files archived, %d queued%n",
                    archived.length, queuedLines.size(), new java.util.HashSet<>(queuedLines).size(), captures.size(), queuedCaptures.size());
            assertEquals(List.of(archived), queuedLines, "the queue holds every archived line once, in order");
            JsonNode group = JSON.readTree(d4.api("GET", "/queues/" + grouped, null).body());
            assertEquals(archived.length, group.path("in").asLong(), "the capped queue of the sensor's group took every line once: " + group);
            assertEquals(1000, group.path("length").asLong());
            assertTrue(archived.length >= safelySent, archived.length + " archived lines, " + safelySent + " sent well before the crash");
            assertTrue(numbers.size() >= safelySent, numbers.size() + " items after the crash, " + safelySent + " sent well before it");

            // the daily statistics: what was lost is at most the commit interval's worth of the sensor's frames. Measured
            // against the frames the server took (the archive holds each frame's 50 lines; the last one may be torn), and
            // reported against what the sensor wrote, which also counts the frames still in the sockets at the kill
            long archivedFrames = (archived.length + LINES_PER_FRAME - 1) / LINES_PER_FRAME;
            JsonNode sensor = JSON.readTree(d4.api("GET", "/sensors/" + lineSensor, null).body());
            long counted = sensor.path("frames_today").asLong();
            double lostSeconds = (archivedFrames - counted) / frameRate;
            System.out.printf("CrashRecoveryIT statistics: %d frames sent, %d archived, %d counted after the restart: %d lost = %.3f s"
                    + " at %.0f frames/s (%.3f s behind what was sent)%n", framesSent, archivedFrames, counted, archivedFrames - counted,
                    lostSeconds, frameRate, (framesSent - counted) / frameRate);
            assertTrue(counted <= framesSent, counted + " counted, " + framesSent + " sent");
            assertTrue(lostSeconds <= STATISTICS_LOSS_SECONDS, "lost " + lostSeconds + " s of counts: " + sensor);
        }
    }

    record Frame(int type, UUID sensor, byte[] payload) {}

    /** A sensor connection sending the supplier's frames as fast as the server takes them, until stopped or cut off. */
    static Thread stream(Appliance d4, AtomicBoolean running, AtomicLong sent, java.util.function.Supplier<Frame> next) {
        FrameEncoder encoder = new FrameEncoder(KEY.getBytes(UTF_8));
        Thread t = new Thread(() -> {
            try (TlsSensor s = d4.connectSensor()) {
                while (running.get()) {
                    Frame f = next.get();
                    s.send(encoder.encode(f.type(), f.sensor(), Instant.now().getEpochSecond(), f.payload()));
                    sent.incrementAndGet();
                    Thread.sleep(1);
                }
            } catch (IOException | InterruptedException e) {
                // the appliance was killed under it
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    static UUID queue(Appliance d4, String json) throws Exception {
        var r = d4.api("POST", "/queues", json);
        assertEquals(200, r.statusCode(), r.body());
        return UUID.fromString(JSON.readTree(r.body()).path("uuid").asText());
    }

    static long queueLength(Appliance d4, UUID queue) {
        try {
            return JSON.readTree(d4.api("GET", "/queues/" + queue, null).body()).path("length").asLong();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static JsonNode pop(Appliance d4, UUID queue) throws Exception {
        var r = d4.api("POST", "/queues/" + queue + "/pop?n=10000", null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
