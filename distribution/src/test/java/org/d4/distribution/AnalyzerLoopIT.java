// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.TlsSensor;
import org.d4.protocol.FrameEncoder;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path of data through a running image: a sensor sends pcap and passivedns frames, the
 * type workers archive them and fill the queues, the test analyzer dropped into deploy/ receives
 * them, keeps its backlog while it is away, and a Redis client pops the same kind of items.
 */
class AnalyzerLoopIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path TEST_ANALYZER = Path.of(System.getProperty("d4.test.analyzer", "test-analyzer/target/d4-test-analyzer.jar"));
    static final String KEY = "loop key";
    @AutoClose
    static Appliance d4;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isRegularFile(TEST_ANALYZER), "the test analyzer bundle is built first: " + TEST_ANALYZER);
        d4 = Appliance.fromImage(ServerImageIT.IMAGE).config("d4.workers", Map.of("rotation.s", "300")).start();
        assertEquals(200, d4.api("PUT", "/server", "{\"mode\":\"shared-secret\",\"default_key\":\"" + KEY + "\"}").statusCode());
    }

    @Test
    void sensorToArchiveToQueuesToAnalyzerAndRedisClients() throws Exception {
        UUID q8 = createQueue("{\"type\": 8, \"description\": \"for redis-cli\", \"max_size\": 1000}");
        UUID q1 = createQueue("{\"type\": \"1\"}");
        Path deployed = deployTestAnalyzer();
        assertTrue(Commands.eventually(Duration.ofSeconds(15), () -> deployed("test-pdns") && deployed("test-pcap")), "analyzers bound");

        // passivedns lines, cut across frames at awkward places
        UUID sensor = UUID.randomUUID();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add("1700000000." + i + "||192.0.2.1||198.51.100.53||IN||host" + i + ".example.com.||A||203.0.113." + i + "||300||1");
        }
        sendInPieces(sensor, 8, String.join("\n", lines).concat("\n").getBytes(UTF_8), 37);
        assertTrue(Commands.eventually(Duration.ofSeconds(15), () -> received("test-pdns").size() == 100), "analyzer got every line");
        assertEquals(lines, texts(received("test-pdns")), "in order, without newlines");
        assertTrue(received("test-pdns").get(0).contains(" " + sensor + " "), "with the sensor it came from");

        // the same lines, popped oldest first by a Redis client from database 2
        String list = "analyzer:8:" + q8;
        assertEquals("100", redis("LLEN", list));
        assertEquals(lines.get(0), redis("RPOP", list));
        assertEquals(lines.get(1), redis("RPOP", list));
        assertEquals("98", redis("LLEN", list));

        // a pcap stream: one archive file, finished when the sensor disconnects, read by tcpdump
        byte[] capture = Pcaps.capture(50, 200);
        sendInPieces(sensor, 1, capture, 1000);
        assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> received("test-pcap").size() == 1), "analyzer got the file");
        String path = received("test-pcap").get(0).split(" ", 3)[2];
        Path file = Path.of(path);
        assertTrue(file.isAbsolute() && file.startsWith(d4.home().resolve("data/archive").resolve(sensor.toString()).resolve("1")), path);
        assertTrue(file.getFileName().toString().matches(sensor + "-\\d{4}-\\d{2}-\\d{2}-\\d{6}(-\\d+)?\\.cap\\.gz"), path);
        assertTrue(java.util.Arrays.equals(capture, gunzip(file)), "the archive holds the stream byte for byte");
        assertEquals(50, Pcaps.readWithTcpdump(d4.home(), file), "tcpdump reads every record");
        assertEquals(50, Pcaps.readWithTshark(d4.home(), file), "tshark reads every record");
        assertEquals(path, redis("RPOP", "analyzer:1:" + q1), "the Redis list gets the same path");

        // undeployed: its queue keeps filling; deployed again: it gets the backlog
        Files.delete(deployed);
        assertTrue(Commands.eventually(Duration.ofSeconds(15), () -> !deployed("test-pdns")), "analyzer gone");
        sendInPieces(sensor, 8, "while away 1\nwhile away 2\n".getBytes(UTF_8), 5);
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> analyzer("test-pdns").path("lag").asLong() == 2), "backlog queued");
        assertEquals(100, received("test-pdns").size(), "nothing delivered while away");
        deployTestAnalyzer();
        assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> received("test-pdns").size() == 102), "backlog delivered");
        assertEquals(List.of("while away 1", "while away 2"), texts(received("test-pdns")).subList(100, 102));
        assertEquals(0, analyzer("test-pdns").path("lag").asLong());

        // an item the analyzer keeps failing on is set aside, the rest flows on
        sendInPieces(sensor, 8, "poison pill\nthe line after it\n".getBytes(UTF_8), 7);
        assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> received("test-pdns").size() == 103), "the next line still arrives");
        assertEquals("the line after it", texts(received("test-pdns")).get(102));
        JsonNode dead = api("GET", "/analyzers/test-pdns/deadletters", null);
        assertEquals(1, dead.size(), dead.toString());
        assertEquals("poison pill", dead.get(0).path("item").path("data").asText());
        assertEquals(2, dead.get(0).path("attempts").asInt());
        assertTrue(dead.get(0).path("error").asText().contains("refusing a poisoned line"), dead.toString());
        assertEquals(1, analyzer("test-pdns").path("dead_letters").asLong());
        assertEquals(1, api("POST", "/analyzers/test-pdns/deadletters/replay", "{}").path("replayed").asInt());
        assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> analyzer("test-pdns").path("dead_letters").asLong() == 1), "failed again");
        assertEquals(1, api("POST", "/analyzers/test-pdns/deadletters/discard", null).path("discarded").asInt());
        assertEquals(0, analyzer("test-pdns").path("dead_letters").asLong());
        JsonNode status = analyzer("test-pdns");
        assertTrue(status.path("delivered").asLong() >= 103, status.toString());
        assertTrue(status.path("failures").asLong() >= 4, status.toString());
        assertTrue(status.path("bundle").asText().equals("d4-test-analyzer"), status.toString());
    }

    @Test
    void queuesAreManagedOverRestAndBadParametersAreRefused() throws Exception {
        JsonNode created = JSON.readTree(d4.api("POST", "/queues",
                "{\"type\": 254, \"extended_type\": \"ja3-jl\", \"sensors\": [\"" + UUID.randomUUID() + "\"], \"description\": \"tls\", \"max_size\": 5}").body());
        UUID uuid = UUID.fromString(created.path("uuid").asText());
        assertEquals("analyzer:ja3-jl:" + uuid, created.path("list_name").asText());
        assertEquals(5, created.path("max_size").asInt());
        assertEquals(1, created.path("sensors").size());
        JsonNode edited = api("PUT", "/queues/" + uuid, "{\"description\": \"edited\", \"max_size\": 7, \"sensors\": []}");
        assertEquals("edited", edited.path("description").asText());
        assertEquals(7, edited.path("max_size").asInt());
        assertEquals(0, edited.path("sensors").size());
        assertTrue(d4.api("GET", "/queues", null).body().contains(uuid.toString()));
        assertEquals(0, api("GET", "/queues/" + uuid + "/sample?n=5", null).size());
        assertEquals(0, api("POST", "/queues/" + uuid + "/empty", null).path("removed").asInt());

        assertStatus(400, "POST", "/queues", "");
        assertStatus(400, "POST", "/queues", "{}");
        assertStatus(400, "POST", "/queues", "{\"type\": 0}");
        assertStatus(400, "POST", "/queues", "{\"type\": 255}");
        assertStatus(400, "POST", "/queues", "{\"type\": \"pcap\"}");
        assertStatus(400, "POST", "/queues", "{\"type\": 254}");
        assertStatus(400, "POST", "/queues", "{\"type\": 8, \"extended_type\": \"ja3-jl\"}");
        assertStatus(400, "POST", "/queues", "{\"type\": 254, \"extended_type\": \"bad name!\"}");
        assertStatus(400, "POST", "/queues", "{\"type\": 8, \"max_size\": 0}");
        assertStatus(400, "POST", "/queues", "{\"type\": 8, \"max_size\": \"many\"}");
        assertStatus(400, "POST", "/queues", "{\"type\": 8, \"sensors\": \"all\"}");
        assertStatus(400, "POST", "/queues", "{\"type\": 8, \"sensors\": [\"not-a-uuid\"]}");
        assertStatus(400, "POST", "/queues", "[1, 2]");
        assertStatus(400, "POST", "/queues", "{\"type\": 8");
        assertStatus(400, "GET", "/queues/not-a-uuid", null);
        assertStatus(404, "GET", "/queues/" + UUID.randomUUID(), null);
        assertStatus(404, "DELETE", "/queues/" + UUID.randomUUID(), null);
        assertStatus(400, "GET", "/queues/" + uuid + "/sample?n=0", null);
        assertStatus(400, "GET", "/queues/" + uuid + "/sample?n=x", null);
        assertStatus(400, "POST", "/queues/" + uuid + "/pop?n=100000", null);
        assertStatus(400, "PUT", "/queues/" + uuid, "{\"type\": 3}");
        assertStatus(400, "PUT", "/queues/" + uuid, "{}");
        assertStatus(400, "POST", "/queues/" + uuid + "/deadletters/replay", "{\"ids\": \"all\"}");
        assertStatus(404, "GET", "/analyzers/no-such-analyzer", null);

        // roles: a user reads and pops, only an admin changes queues; nobody gets in without credentials
        String userToken = userToken();
        assertEquals(200, call(userToken, "GET", "/queues", null).statusCode());
        assertEquals(200, call(userToken, "POST", "/queues/" + uuid + "/pop?n=1", null).statusCode());
        assertEquals(403, call(userToken, "POST", "/queues", "{\"type\": 8}").statusCode());
        assertEquals(403, call(userToken, "DELETE", "/queues/" + uuid, null).statusCode());
        assertEquals(401, call("not a token", "GET", "/queues", null).statusCode());

        assertEquals(200, d4.api("DELETE", "/queues/" + uuid, null).statusCode());
        assertStatus(404, "GET", "/queues/" + uuid, null);
    }

    @Test
    void badPcapStreamsAreRefusedWithIncorrectFileFormat() throws Exception {
        byte[] pcapng = new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1, 28, 0, 0, 0};
        assertRefusedPcap(pcapng, "incorrect file format");
        byte[] badMagic = Pcaps.globalHeader();
        badMagic[0] = 0x42;
        assertRefusedPcap(badMagic, "incorrect file format");
        byte[] hugeRecord = Pcaps.record(1_700_000_000L, 16, 1);
        java.nio.ByteBuffer.wrap(hugeRecord, 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(300_000);
        byte[] stream = new byte[24 + hugeRecord.length];
        System.arraycopy(Pcaps.globalHeader(), 0, stream, 0, 24);
        System.arraycopy(hugeRecord, 0, stream, 24, hugeRecord.length);
        assertRefusedPcap(stream, "incorrect file format: record of 300000 bytes");
    }

    @Test
    void overLongLinesAreCutAndJunkIsKeptAsBytes() throws Exception {
        UUID q3 = createQueue("{\"type\": 3}");
        UUID sensor = UUID.randomUUID();
        byte[] junk = {(byte) 0xff, 0, (byte) 0xfe, 'x'};
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        data.writeBytes("a".repeat(150_000).getBytes(UTF_8));
        data.writeBytes("\n".getBytes(UTF_8));
        data.writeBytes(junk);
        data.writeBytes("\nlast\n".getBytes(UTF_8));
        sendInPieces(sensor, 3, data.toByteArray(), 60_000);
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> {
            try {
                return api("GET", "/queues/" + q3 + "/sample?n=10", null).size() == 3;
            } catch (Exception e) {
                return false;
            }
        }), "three lines queued");
        JsonNode items = api("GET", "/queues/" + q3 + "/sample?n=10", null);
        assertEquals("a".repeat(102_400), items.get(0).path("data").asText(), "cut at max.line.bytes");
        assertEquals("base64", items.get(1).path("encoding").asText());
        assertTrue(java.util.Arrays.equals(junk, java.util.Base64.getDecoder().decode(items.get(1).path("data").asText())));
        assertEquals("last", items.get(2).path("data").asText());
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> IngestIT.archivedIn(d4, sensor, "3").length == data.size()),
                "the archive keeps every byte as received");
    }

    @Test
    void extendedTypesKeepTheirMetaHeaderAndJsonLinesReachTheirQueue() throws Exception {
        UUID ja3 = createQueue("{\"type\": 254, \"extended_type\": \"ja3-jl\"}");
        UUID sensor = UUID.randomUUID();
        FrameEncoder encoder = new FrameEncoder(KEY.getBytes(UTF_8));
        long now = Instant.now().getEpochSecond();
        byte[] meta = "{\"type\": \"ja3-jl\", \"encoding\": \"utf-8\", \"tags\": [\"lab\"]}".getBytes(UTF_8);
        String lines = "{\"ja3\": \"771,4865-4866\", \"n\": 1}\nnot json at all\n{\"ja3\": \"771,4867\", \"n\": 2}\n";
        java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
        frames.writeBytes(encoder.encode(2, sensor, now, java.util.Arrays.copyOfRange(meta, 0, 20)));
        frames.writeBytes(encoder.encode(2, sensor, now, java.util.Arrays.copyOfRange(meta, 20, meta.length)));
        frames.writeBytes(encoder.encode(254, sensor, now, lines.getBytes(UTF_8)));
        try (TlsSensor s = d4.connectSensor()) {
            s.send(frames.toByteArray());
            assertTrue(s.stillOpenAfter(Duration.ofMillis(500)), "accepted");
        }
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> {
            try {
                return api("GET", "/queues/" + ja3 + "/sample?n=10", null).size() == 2;
            } catch (Exception e) {
                return false;
            }
        }), "the JSON lines queued");
        JsonNode items = api("GET", "/queues/" + ja3 + "/sample?n=10", null);
        assertEquals(1, JSON.readTree(items.get(0).path("data").asText()).path("n").asInt());
        assertEquals(2, JSON.readTree(items.get(1).path("data").asText()).path("n").asInt(), "the line that is not JSON is left out");
        Path folder = d4.home().resolve("data/archive").resolve(sensor.toString()).resolve("ja3-jl");
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> !CrashRecoveryIT.files(folder, ".meta.json").isEmpty()), "meta header kept");
        JsonNode saved = JSON.readTree(Files.readString(CrashRecoveryIT.files(folder, ".meta.json").get(0)));
        assertEquals("ja3-jl", saved.path("type").asText());
        assertEquals("lab", saved.path("tags").get(0).asText());
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> new String(IngestIT.archivedIn(d4, sensor, "ja3-jl"), UTF_8).equals(lines)),
                "every line archived, the invalid one too");
    }

    @Test
    void aFullQueueDropsItsOldestItems() throws Exception {
        UUID small = createQueue("{\"type\": 4, \"max_size\": 5}");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            lines.append("dnscap ").append(i).append('\n');
        }
        sendInPieces(UUID.randomUUID(), 4, lines.toString().getBytes(UTF_8), 40);
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> {
            try {
                return api("GET", "/queues/" + small, null).path("in").asLong() == 12;
            } catch (Exception e) {
                return false;
            }
        }), "all pushed");
        JsonNode info = api("GET", "/queues/" + small, null);
        assertEquals(5, info.path("length").asLong());
        assertEquals(7, info.path("dropped").asLong());
        assertTrue(!info.path("last_update").isNull(), info.toString());
        JsonNode kept = api("POST", "/queues/" + small + "/pop?n=10", null);
        assertEquals(List.of("dnscap 7", "dnscap 8", "dnscap 9", "dnscap 10", "dnscap 11"),
                java.util.stream.StreamSupport.stream(kept.spliterator(), false).map(n -> n.path("data").asText()).toList());
        assertEquals(5, api("GET", "/queues/" + small, null).path("out").asLong());
    }

    static void assertRefusedPcap(byte[] stream, String reason) throws Exception {
        UUID sensor = UUID.randomUUID();
        FrameEncoder encoder = new FrameEncoder(KEY.getBytes(UTF_8));
        try (TlsSensor s = d4.connectSensor()) {
            s.send(encoder.encode(1, sensor, Instant.now().getEpochSecond(), stream));
            assertTrue(s.closedByServer(Duration.ofSeconds(10)), "closed: " + reason);
        }
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> {
            try {
                return d4.api("GET", "/sensors/monitoring/errors", null).body().contains(reason);
            } catch (Exception e) {
                return false;
            }
        }), "error recorded: " + reason);
        JsonNode errors = JSON.readTree(d4.api("GET", "/sensors/monitoring/errors", null).body());
        boolean found = false;
        for (JsonNode e : errors) {
            found |= e.toString().contains(sensor.toString()) && e.toString().contains(reason);
        }
        assertTrue(found, errors.toString());
    }

    @Test
    void malformedRedisInputClosesOnlyThatConnection() throws Exception {
        try (java.net.Socket good = new java.net.Socket("127.0.0.1", d4.respPort());
                java.net.Socket bad = new java.net.Socket("127.0.0.1", d4.respPort())) {
            good.setSoTimeout(5000);
            bad.setSoTimeout(5000);
            bad.getOutputStream().write("*2\r\n$-7\r\nRPOP\r\n".getBytes(UTF_8));
            String answer = new String(bad.getInputStream().readAllBytes(), UTF_8);
            assertTrue(answer.startsWith("-ERR Protocol error"), answer);
            good.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(UTF_8));
            byte[] pong = new byte[7];
            assertEquals(7, good.getInputStream().readNBytes(pong, 0, 7));
            assertEquals("+PONG\r\n", new String(pong, UTF_8));
        }
        assertTrue(redis("FLUSHALL").startsWith("ERR unknown command"), "unsupported commands are refused");
    }

    // ---- helpers

    static UUID createQueue(String json) throws Exception {
        var response = d4.api("POST", "/queues", json);
        assertEquals(200, response.statusCode(), response.body());
        return UUID.fromString(JSON.readTree(response.body()).path("uuid").asText());
    }

    static Path deployTestAnalyzer() throws IOException {
        Path target = d4.home().resolve("deploy/d4-test-analyzer.jar");
        Path temp = d4.home().resolve("deploy/.test-analyzer.tmp");
        Files.copy(TEST_ANALYZER, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    static boolean deployed(String name) {
        return analyzer(name).path("deployed").asBoolean(false);
    }

    static JsonNode analyzer(String name) {
        try {
            return JSON.readTree(d4.api("GET", "/analyzers/" + name, null).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the bytes as frames of at most {@code piece} bytes on one connection, then closes it. */
    static void sendInPieces(UUID sensor, int type, byte[] data, int piece) throws Exception {
        FrameEncoder encoder = new FrameEncoder(KEY.getBytes(UTF_8));
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int at = 0; at < data.length; at += piece) {
            byte[] part = java.util.Arrays.copyOfRange(data, at, Math.min(data.length, at + piece));
            frames.writeBytes(encoder.encode(type, sensor, Instant.now().getEpochSecond(), part));
        }
        try (TlsSensor s = d4.connectSensor()) {
            s.send(frames.toByteArray());
            assertTrue(s.stillOpenAfter(Duration.ofMillis(300)), "the sensor's frames were accepted");
        }
    }

    static List<String> received(String analyzer) {
        Path file = d4.home().resolve("data/test-analyzer").resolve(analyzer + ".items");
        try {
            return Files.isRegularFile(file) ? Files.readAllLines(file, UTF_8) : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The texts of logged items ({@code <sequence> <sensor> <text>}). */
    static List<String> texts(List<String> logged) {
        return logged.stream().map(l -> l.split(" ", 3)[2]).toList();
    }

    static byte[] gunzip(Path file) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    static String redis(String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(d4.respPort()), "-n", "2"));
        argv.addAll(List.of(command));
        Commands.Result r = Commands.run(d4.home(), Map.of(), Duration.ofSeconds(20), argv.toArray(String[]::new));
        assertEquals(0, r.exitCode(), String.join(" ", argv) + ": " + r.output());
        return r.output().strip();
    }

    static JsonNode api(String method, String path, String body) throws Exception {
        var response = d4.api(method, path, body);
        assertEquals(200, response.statusCode(), method + " " + path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    static void assertStatus(int status, String method, String path, String body) throws Exception {
        var response = d4.api(method, path, body);
        assertEquals(status, response.statusCode(), method + " " + path + " " + body + ": " + response.body());
        assertEquals("error", JSON.readTree(response.body()).path("status").asText(), response.body());
    }

    static String userToken() throws Exception {
        String name = "reader" + System.nanoTime();
        api("POST", "/users", "{\"name\": \"" + name + "\", \"password\": \"Reader-password-1\", \"roles\": [\"user\"]}");
        return api("POST", "/users/" + name + "/tokens", null).path("token").asText();
    }

    static java.net.http.HttpResponse<String> call(String token, String method, String path, String body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(d4.uri("/api/v1" + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", token).header("Content-Type", "application/json")
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody() : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build();
        return d4.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    }
}
