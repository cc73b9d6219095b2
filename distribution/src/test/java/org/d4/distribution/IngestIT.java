// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.TlsSensor;
import org.d4.protocol.FrameEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sensor port of a running image, driven by real TLS sockets: frames from our encoder and from
 * the independent Python implementation in support/d4-frames. Every bad input closes only its own
 * connection, records the reason and stores nothing; a background sensor streams all along.
 */
class IngestIT {
    static final Path FRAMES_TOOL = Path.of(System.getProperty("d4.frames.tool", "../support/d4-frames/d4frames.py"));
    static final ObjectMapper JSON = new ObjectMapper();
    static Appliance d4;
    static Background background;
    /** The test's input files, removed with it. */
    @TempDir
    static Path scratch;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isRegularFile(FRAMES_TOOL), "the independent frame tool is needed: " + FRAMES_TOOL.toAbsolutePath());
        d4 = Appliance.fromImage(ServerImageIT.IMAGE)
                .config("d4.server", Map.of("idle.timeout.s", "3", "max.connections.per.ip", "12", "max.frame.size", "100000"))
                .start();
        background = new Background(approvedSensor("background-key"), "background-key");
        background.start();
        // admitted before any test blacklists the loopback address
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> archived(background.uuid, "3").length > 0), "background sensor streaming");
    }

    @AfterAll
    static void stop() throws Exception {
        if (background != null) {
            background.stop();
        }
        if (d4 != null) {
            d4.close();
        }
    }

    @Test
    void framesFromTheIndependentImplementationAreArchivedByteForByte() throws Exception {
        UUID sensor = approvedSensor("python key");
        byte[] data = random(200_000);
        Path input = Files.write(Files.createTempFile(scratch, "d4-it", ".bin"), data);
        Commands.Result sent = Commands.run(d4.home(), Map.of(), Duration.ofSeconds(60), "sh", "-c",
                "python3 " + FRAMES_TOOL.toAbsolutePath() + " send --host 127.0.0.1 --port " + d4.sensorPort() + " --uuid " + sensor
                        + " --key 'python key' --type 3 --hold 1 < " + input);
        assertEquals(0, sent.exitCode(), sent.output());
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> archived(sensor, "3").length == data.length), "archived");
        assertTrue(java.util.Arrays.equals(data, archived(sensor, "3")), "byte for byte");
        JsonNode detail = api("GET", "/sensors/" + sensor, null);
        assertEquals(List.of("127.0.0.1"), List.of(detail.path("last_ips").get(0).asText()));
        assertTrue(detail.path("frames_today").asLong() >= 49, detail.toString());
    }

    @Test
    void independentFramesWithTheWrongKeyOrAnUnregisteredUuidAreRefused() throws Exception {
        UUID sensor = approvedSensor("python key");
        Path input = Files.write(Files.createTempFile(scratch, "d4-it", ".bin"), random(10_000));
        Commands.Result wrongKey = sendWithTool(sensor, "not the key", 3, input);
        assertTrue(wrongKey.output().contains("closed by server") || wrongKey.output().contains("error"), wrongKey.output());
        assertLastError(sensor, "HMAC verification failed");
        UUID stranger = UUID.randomUUID();
        Commands.Result unregistered = sendWithTool(stranger, "python key", 3, input);
        assertTrue(unregistered.output().contains("closed by server") || unregistered.output().contains("error"), unregistered.output());
        assertLastError(stranger, "not registered");
        Commands.Result unaccepted = sendWithTool(sensor, "python key", 5, input);
        assertTrue(unaccepted.output().contains("closed by server") || unaccepted.output().contains("error"), unaccepted.output());
        assertLastError(sensor, "type 5 is not accepted");
        assertEquals(0, archived(sensor, null).length, "nothing stored");
        assertEquals(0, archived(stranger, null).length, "nothing stored");
    }

    private static Commands.Result sendWithTool(UUID uuid, String key, int type, Path input) throws Exception {
        return Commands.run(d4.home(), Map.of(), Duration.ofSeconds(60), "sh", "-c", "python3 " + FRAMES_TOOL.toAbsolutePath()
                + " send --host 127.0.0.1 --port " + d4.sensorPort() + " --uuid " + uuid + " --key '" + key + "' --type " + type
                + " --hold 5 < " + input);
    }

    @Test
    void framesFromOurEncoderAreArchivedIncludingZeroSizeFrames() throws Exception {
        UUID sensor = approvedSensor("java key");
        FrameEncoder encoder = new FrameEncoder("java key".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            byte[] payload = random(1 + i * 997);
            expected.writeBytes(payload);
            stream.writeBytes(encoder.encode(8, sensor, now(), payload));
        }
        stream.writeBytes(encoder.encode(8, sensor, now(), new byte[0]));
        try (TlsSensor s = d4.connectSensor()) {
            s.send(stream.toByteArray());
            assertTrue(s.stillOpenAfter(Duration.ofMillis(500)));
        }
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> archived(sensor, "8").length == expected.size()));
        assertTrue(java.util.Arrays.equals(expected.toByteArray(), archived(sensor, "8")));
    }

    @Test
    void wrongHmacClosesStoresNothingAndIsRecorded() throws Exception {
        UUID sensor = approvedSensor("right key");
        byte[] frame = new FrameEncoder("wrong key".getBytes(StandardCharsets.UTF_8)).encode(3, sensor, now(), "line\n".getBytes());
        assertRefused(sensor, frame, "HMAC verification failed");
    }

    @Test
    void flippedPayloadBitFailsTheHmac() throws Exception {
        UUID sensor = approvedSensor("k");
        byte[] frame = new FrameEncoder("k".getBytes(StandardCharsets.UTF_8)).encode(3, sensor, now(), "line\n".getBytes());
        frame[frame.length - 2] ^= 0x01;
        assertRefused(sensor, frame, "HMAC verification failed");
    }

    @Test
    void nonVersion4UuidIsRefused() throws Exception {
        UUID v1 = UUID.fromString("e0f5a4b2-1c3d-11ee-be56-0242ac120002");
        assertRefused(v1, new FrameEncoder("k".getBytes()).encode(3, v1, now(), "x".getBytes()), "a version-4 UUID is required");
    }

    @Test
    void unknownAndUnacceptedTypesAreRefused() throws Exception {
        UUID sensor = approvedSensor("k");
        assertRefused(sensor, new FrameEncoder("k".getBytes()).encode(5, sensor, now(), "x".getBytes()), "type 5 is not accepted");
        assertRefused(sensor, new FrameEncoder("k".getBytes()).encode(99, sensor, now(), "x".getBytes()), "type 99 is not accepted");
    }

    @Test
    void extendedTypeRules() throws Exception {
        UUID sensor = approvedSensor("k");
        FrameEncoder e = new FrameEncoder("k".getBytes());
        assertRefused(sensor, e.encode(254, sensor, now(), "{}".getBytes()), "type 254 before any meta header");
        assertRefused(sensor, concat(e.encode(2, sensor, now(), "not json".getBytes()), e.encode(254, sensor, now(), "x".getBytes())), "meta header");
        assertRefused(sensor, concat(e.encode(2, sensor, now(), "{\"encoding\":\"utf-8\"}".getBytes()), e.encode(254, sensor, now(), "x".getBytes())), "type");
        assertRefused(sensor, concat(e.encode(2, sensor, now(), "{\"type\":\"maltrail\"}".getBytes()), e.encode(254, sensor, now(), "x".getBytes())),
                "'maltrail' is not accepted");
        byte[] big = ("{\"type\":\"ja3-jl\",\"pad\":\"" + "a".repeat(70_000) + "\"}").getBytes();
        assertRefused(sensor, concat(e.encode(2, sensor, now(), java.util.Arrays.copyOf(big, 60_000)),
                e.encode(2, sensor, now(), java.util.Arrays.copyOfRange(big, 60_000, big.length))), "meta header larger than");

        // a meta header split over two type-2 frames, then data: accepted and archived under its extended type
        byte[] meta = "{\"type\":\"ja3-jl\",\"encoding\":\"utf-8\"}".getBytes();
        byte[] data = "{\"ja3\":\"769,47-53,0-10,23,0\"}\n".getBytes();
        try (TlsSensor s = d4.connectSensor()) {
            s.send(concat(e.encode(2, sensor, now(), java.util.Arrays.copyOf(meta, 10)), e.encode(2, sensor, now(), java.util.Arrays.copyOfRange(meta, 10, meta.length)),
                    e.encode(254, sensor, now(), data)));
            assertTrue(s.stillOpenAfter(Duration.ofMillis(500)));
        }
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> java.util.Arrays.equals(data, archived(sensor, "ja3-jl"))));
    }

    @Test
    void oversizedFrameIsRefusedBeforeItsPayload() throws Exception {
        UUID sensor = approvedSensor("k");
        byte[] frame = new FrameEncoder("k".getBytes()).encode(3, sensor, now(), new byte[100_001]);
        try (TlsSensor s = d4.connectSensor()) {
            s.send(java.util.Arrays.copyOf(frame, 62));  // the header alone
            assertTrue(s.closedByServer(Duration.ofSeconds(5)), "closed on the header");
        }
        assertLastError(sensor, "100001");
    }

    @Test
    void uuidOrTypeChangeWithinAConnectionIsRefused() throws Exception {
        UUID sensor = approvedSensor("k");
        UUID other = approvedSensor("k");
        FrameEncoder e = new FrameEncoder("k".getBytes());
        assertRefused(sensor, concat(e.encode(3, sensor, now(), "a\n".getBytes()), e.encode(3, other, now(), "b\n".getBytes())), "UUID changed",
                "a\n".getBytes());
        UUID third = approvedSensor("k");
        assertRefused(third, concat(e.encode(3, third, now(), "a\n".getBytes()), e.encode(8, third, now(), "b\n".getBytes())), "type changed",
                "a\n".getBytes());
    }

    @Test
    void secondConnectionForTheSameSensorAndTypeIsRefused() throws Exception {
        UUID sensor = approvedSensor("k");
        FrameEncoder e = new FrameEncoder("k".getBytes());
        try (TlsSensor first = d4.connectSensor()) {
            first.send(e.encode(4, sensor, now(), "a\n".getBytes()));
            assertTrue(first.stillOpenAfter(Duration.ofMillis(500)));
            try (TlsSensor second = d4.connectSensor()) {
                second.send(e.encode(4, sensor, now(), "b\n".getBytes()));
                assertTrue(second.closedByServer(Duration.ofSeconds(5)));
            }
            assertLastError(sensor, "already has a live connection");
            first.send(e.encode(4, sensor, now(), "c\n".getBytes()));
            assertTrue(first.stillOpenAfter(Duration.ofMillis(300)), "the first connection is unaffected");
            // a second meta-header connection is allowed
            try (TlsSensor m1 = d4.connectSensor(); TlsSensor m2 = d4.connectSensor()) {
                m1.send(e.encode(2, sensor, now(), "{\"type\":\"ja3-jl\"}".getBytes()));
                m2.send(e.encode(2, sensor, now(), "{\"type\":\"ja3-jl\"}".getBytes()));
                assertTrue(m1.stillOpenAfter(Duration.ofMillis(300)) && m2.stillOpenAfter(Duration.ofMillis(100)));
            }
        }
    }

    @Test
    void aStrangerWithoutTheKeyNeverOverwritesTheSensorsRecordedError() throws Exception {
        UUID sensor = approvedSensor("k");
        FrameEncoder e = new FrameEncoder("k".getBytes());
        try (TlsSensor s = d4.connectSensor()) {
            s.send(e.encode(3, sensor, now(), "fine\n".getBytes()));
            s.send(e.encode(4, sensor, now(), "type change\n".getBytes()));
            assertTrue(s.closedByServer(Duration.ofSeconds(5)));
        }
        assertLastError(sensor, "the type changed from 3 to 4");
        try (TlsSensor s = d4.connectSensor()) {
            s.send(new FrameEncoder("guessed".getBytes()).encode(3, sensor, now(), "forged\n".getBytes()));
            assertTrue(s.closedByServer(Duration.ofSeconds(5)));
        }
        assertLastError(sensor, "unverified: HMAC verification failed");
        JsonNode detail = api("GET", "/sensors/" + sensor, null);
        assertEquals("the type changed from 3 to 4 within a connection", detail.path("last_error").path("reason").asText(),
                "the sensor's own last error stays: " + detail);
        assertTrue(detail.path("last_unverified_error").path("reason").asText().startsWith("HMAC verification failed"), detail.toString());
    }

    @Test
    void pendingAndUnregisteredSensorsAreRefusedInRegistrationMode() throws Exception {
        UUID pending = UUID.randomUUID();
        assertEquals(200, d4.api("POST", "/add/sensor/register", "{\"uuid\":\"" + pending + "\",\"hmac_key\":\"k\"}").statusCode());
        assertRefused(pending, new FrameEncoder("k".getBytes()).encode(3, pending, now(), "x".getBytes()), "pending approval");
        UUID stranger = UUID.randomUUID();
        assertRefused(stranger, new FrameEncoder("k".getBytes()).encode(3, stranger, now(), "x".getBytes()), "not registered");
        JsonNode errors = api("GET", "/sensors/monitoring/errors", null);
        assertTrue(errors.toString().contains(stranger.toString()), "unregistered knocks are shown");
    }

    @Test
    void blacklistedUuidAndKickedSensorAreRefusedAndKickClosesLiveConnections() throws Exception {
        UUID sensor = approvedSensor("k");
        FrameEncoder e = new FrameEncoder("k".getBytes());
        assertEquals(200, d4.api("POST", "/blacklist/uuid/" + sensor, null).statusCode());
        assertRefused(sensor, e.encode(3, sensor, now(), "x".getBytes()), "blacklisted");
        assertEquals(200, d4.api("DELETE", "/blacklist/uuid/" + sensor, null).statusCode());

        try (TlsSensor live = d4.connectSensor()) {
            live.send(e.encode(3, sensor, now(), "x\n".getBytes()));
            assertTrue(live.stillOpenAfter(Duration.ofMillis(300)));
            assertEquals(200, d4.api("POST", "/sensors/" + sensor + "/kick", null).statusCode());
            assertTrue(live.closedByServer(Duration.ofSeconds(5)), "kick closes the live connection");
        }
        assertRefused(sensor, e.encode(3, sensor, now(), "y\n".getBytes()), "kicked until", "x\n".getBytes());
    }

    @Test
    void blacklistedAddressIsRefused() throws Exception {
        UUID sensor = approvedSensor("k");
        assertEquals(200, d4.api("POST", "/blacklist/ip/127.0.0.1", null).statusCode());
        try {
            assertRefused(sensor, new FrameEncoder("k".getBytes()).encode(3, sensor, now(), "x".getBytes()), "127.0.0.1 is blacklisted");
        } finally {
            assertEquals(200, d4.api("DELETE", "/blacklist/ip/127.0.0.1", null).statusCode());
        }
    }

    @Test
    void slowOrMissingHeaderIsClosedAfterTheIdleTimeout() throws Exception {
        try (TlsSensor silent = d4.connectSensor()) {
            assertTrue(silent.closedByServer(Duration.ofSeconds(8)), "nothing sent: closed after the 3 s idle timeout");
        }
        UUID sensor = approvedSensor("k");
        byte[] frame = new FrameEncoder("k".getBytes()).encode(3, sensor, now(), "x".getBytes());
        try (TlsSensor slow = d4.connectSensor()) {
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 62 && !closed; i++) {
                try {
                    slow.send(new byte[] {frame[i]});
                } catch (IOException ex) {
                    closed = true;
                }
                closed = closed || slow.closedByServer(Duration.ofMillis(500));
            }
            assertTrue(closed, "a header dripped byte by byte is cut off");
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
        }
    }

    @Test
    void plainTcpAndGarbageInsteadOfTlsAreClosed() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", d4.sensorPort())) {
            plain.setSoTimeout(5000);
            plain.getOutputStream().write(new FrameEncoder("k".getBytes()).encode(3, UUID.randomUUID(), now(), "x".getBytes()));
            assertEquals(-1, readQuietly(plain), "plain TCP is closed");
        }
        try (Socket garbage = new Socket("127.0.0.1", d4.sensorPort())) {
            garbage.setSoTimeout(5000);
            garbage.getOutputStream().write(random(2000));
            assertEquals(-1, readQuietly(garbage));
        }
    }

    @Test
    void tooManyConnectionsFromOneAddressAreRefused() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            int refused = 0;
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket("127.0.0.1", d4.sensorPort());
                s.setSoTimeout(1000);
                open.add(s);
            }
            for (Socket s : open) {
                if (readQuietly(s) == -1) {
                    refused++;
                }
            }
            assertTrue(refused >= 4, "at most 12 connections per address (some are the test's own): refused " + refused);
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
        Thread.sleep(500);
        try (TlsSensor again = d4.connectSensor()) {
            assertTrue(again.stillOpenAfter(Duration.ofMillis(300)), "the limit frees up as connections close");
        }
    }

    @Test
    void backgroundSensorKeptStreamingThroughout() throws Exception {
        long before = background.sent.get();
        Thread.sleep(1500);
        assertTrue(background.sent.get() > before, "still sending");
        assertFalse(background.failed.get(), "its connection was never closed");
        UUID uuid = background.uuid;
        assertTrue(Commands.eventually(Duration.ofSeconds(5), () -> archived(uuid, "3").length > 0));
    }

    // --- helpers ---

    private static void assertRefused(UUID sensor, byte[] frames, String reasonPart) throws Exception {
        assertRefused(sensor, frames, reasonPart, new byte[0]);
    }

    /** Closed for that reason, with exactly {@code storedBefore} archived (the good frames before the bad one). */
    private static void assertRefused(UUID sensor, byte[] frames, String reasonPart, byte[] storedBefore) throws Exception {
        try (TlsSensor s = d4.connectSensor()) {
            try {
                s.send(frames);
            } catch (IOException closedAlready) {
                // the server may close before all bytes are written
            }
            assertTrue(s.closedByServer(Duration.ofSeconds(5)), "connection closed for: " + reasonPart);
        }
        assertLastError(sensor, reasonPart);
        Thread.sleep(200);
        assertEquals(new String(storedBefore, StandardCharsets.ISO_8859_1), new String(archived(sensor, null), StandardCharsets.ISO_8859_1),
                "nothing of the refused frame stored for " + sensor);
    }

    private static void assertLastError(UUID sensor, String reasonPart) throws Exception {
        assertTrue(Commands.eventually(Duration.ofSeconds(5), () -> lastError(sensor).contains(reasonPart)),
                "recorded error for " + sensor + " contains '" + reasonPart + "', got: " + lastError(sensor));
    }

    private static String lastError(UUID sensor) {
        try {
            for (JsonNode n : api("GET", "/sensors/monitoring/errors", null)) {
                if (n.path("uuid").asText().equals(sensor.toString())) {
                    // the sensor's recorded error, or the in-memory one of a connection that proved no key
                    return n.path("error").asText() + " | unverified: " + n.path("unverified_error").path("reason").asText();
                }
            }
            return "";
        } catch (Exception e) {
            return "";
        }
    }

    static UUID approvedSensor(String key) throws Exception {
        UUID uuid = UUID.randomUUID();
        assertEquals(200, d4.api("POST", "/add/sensor/register", "{\"uuid\":\"" + uuid + "\",\"hmac_key\":\"" + key + "\"}").statusCode());
        assertEquals(200, d4.api("POST", "/sensors/" + uuid + "/approve", null).statusCode());
        return uuid;
    }

    static JsonNode api(String method, String path, String body) throws Exception {
        return JSON.readTree(d4.api(method, path, body).body());
    }

    /**
     * All archived bytes of a sensor (one type folder, or all when null), in file-name order:
     * finished files gunzipped, open ones as they are, meta headers left out.
     */
    static byte[] archived(UUID sensor, String type) {
        return archivedIn(d4, sensor, type);
    }

    static byte[] archivedIn(Appliance appliance, UUID sensor, String type) {
        Path dir = appliance.home().resolve("data/archive").resolve(sensor.toString());
        if (type != null) {
            dir = dir.resolve(type);
        }
        if (!Files.isDirectory(dir)) {
            return new byte[0];
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(".meta.json") || name.endsWith(".tmp")
                        || Files.exists(f.resolveSibling(name + ".gz")) || f.getParent().endsWith("certs")) {
                    continue;   // a temp file, a meta header, a file being compressed right now, or a ja3-jl certificate
                }
                if (name.endsWith(".gz")) {
                    try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(f))) {
                        all.writeBytes(in.readAllBytes());
                    }
                } else {
                    all.writeBytes(Files.readAllBytes(f));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return all.toByteArray();
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** Frames sent in one write. */
    static byte[] concat(byte[]... frames) {
        ByteBuffer stream = ByteBuffer.allocate(java.util.Arrays.stream(frames).mapToInt(f -> f.length).sum());
        java.util.Arrays.stream(frames).forEach(stream::put);
        return stream.array();
    }

    private static int readQuietly(Socket s) {
        try {
            return s.getInputStream().read();
        } catch (IOException e) {
            return -1;
        }
    }

    /** A well-behaved sensor sending a line every 50 ms for the whole test class. */
    static final class Background {
        final UUID uuid;
        final FrameEncoder encoder;
        final AtomicLong sent = new AtomicLong();
        final AtomicBoolean failed = new AtomicBoolean();
        final AtomicBoolean running = new AtomicBoolean(true);
        Thread thread;

        Background(UUID uuid, String key) {
            this.uuid = uuid;
            this.encoder = new FrameEncoder(key.getBytes(StandardCharsets.UTF_8));
        }

        void start() {
            thread = new Thread(() -> {
                try (TlsSensor s = d4.connectSensor()) {
                    while (running.get()) {
                        s.send(encoder.encode(3, uuid, now(), ("background line " + sent.get() + "\n").getBytes()));
                        sent.incrementAndGet();
                        Thread.sleep(50);
                    }
                } catch (Exception e) {
                    failed.set(true);
                }
            }, "background sensor");
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }
}
