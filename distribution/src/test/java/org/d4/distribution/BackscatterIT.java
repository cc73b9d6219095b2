// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.TlsSensor;
import org.d4.protocol.FrameEncoder;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backscatter analyzer in the real image: shipped in analyzers/, enabled by copying it into
 * deploy/, fed a synthetic telescope capture that a sensor streams as type 1; the attacks it reports
 * over HTTPS have the packet counts tshark finds in that capture.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackscatterIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "backscatter key";
    static final UUID SENSOR = UUID.randomUUID();
    static final long T0 = 1_700_000_000L;
    @AutoClose
    static Appliance d4;
    static UUID queue;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        d4 = Appliance.fromImage(ServerImageIT.IMAGE).config("d4.analyzer.backscatter", Map.of("monitored.prefixes", "10.128.0.0/16")).start();
        assertEquals(200, d4.api("PUT", "/server", "{\"mode\":\"shared-secret\",\"default_key\":\"" + KEY + "\"}").statusCode());
        queue = UUID.fromString(JSON.readTree(d4.api("POST", "/queues", "{\"type\": 254, \"extended_type\": \"d4-backscatter\"}").body())
                .path("uuid").asText());
        Path jar;
        try (Stream<Path> shipped = Files.list(d4.home().resolve("analyzers"))) {
            jar = shipped.filter(p -> p.getFileName().toString().startsWith("analyzer-backscatter-")).findFirst().orElseThrow();
        }
        Path temp = d4.home().resolve("deploy/.backscatter.tmp");
        Files.copy(jar, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, d4.home().resolve("deploy").resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> status("/backscatter/info") == 200), "analyzer deployed and serving");
    }

    /** A telescope capture: a SYN-ACK flood, an ICMP echo-reply flood, a vector too small, scans, a late packet. */
    static byte[] capture() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(65535).putInt(1).array());
        List<long[]> order = new ArrayList<>();
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            order.add(new long[] {(T0 + i) * 1_000_000L, packets.size()});
            packets.add(ipv4(0xc633640a, 0x0a800000 + i % 50, 6, tcp(80, 1024 + i, 0, 0x12)));
        }
        for (int i = 0; i < 90; i++) {
            order.add(new long[] {(T0 + 30) * 1_000_000L + i * 2_000_000L + 500_000L, packets.size()});
            packets.add(ipv4(0xcb007105, 0x0a800100 + i % 30, 1, new byte[] {0, 0, 0, 0, 0, 1, 0, 1, 9, 9, 9, 9}));
        }
        for (int i = 0; i < 10; i++) {
            order.add(new long[] {(T0 + 5 + i) * 1_000_000L + 1, packets.size()});
            packets.add(ipv4(0xc63364c8, 0x0a800200 + i, 6, tcp(443, 2000 + i, 0, 0x04)));
        }
        for (int i = 0; i < 50; i++) {
            int dst = 0x0a801000 + i * 7;
            order.add(new long[] {(T0 + 3 * i) * 1_000_000L + 7, packets.size()});
            packets.add(ipv4(0x64400009, dst, 6, tcp(40000 + i, 23, dst, 0x02)));
        }
        order.add(new long[] {(T0 + 1000) * 1_000_000L, packets.size()});
        packets.add(ipv4(0x64400010, 0x0a800001, 17, new byte[8]));
        order.sort((a, b) -> Long.compare(a[0], b[0]));
        for (long[] o : order) {
            byte[] ip = packets.get((int) o[1]);
            byte[] frame = ByteBuffer.allocate(14 + ip.length).put(new byte[12]).putShort((short) 0x0800).put(ip).array();
            out.writeBytes(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt((int) (o[0] / 1_000_000L))
                    .putInt((int) (o[0] % 1_000_000L)).putInt(frame.length).putInt(frame.length).array());
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    static byte[] ipv4(int src, int dst, int protocol, byte[] payload) {
        return ByteBuffer.allocate(20 + payload.length).put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putInt(0)
                .put((byte) 64).put((byte) protocol).putShort((short) 0).putInt(src).putInt(dst).put(payload).array();
    }

    static byte[] tcp(int srcPort, int dstPort, int seq, int flags) {
        return ByteBuffer.allocate(20).putShort((short) srcPort).putShort((short) dstPort).putInt(seq).putInt(0).put((byte) 0x50)
                .put((byte) flags).putShort((short) 1024).putInt(0).array();
    }

    /** Packets, first and last second of each victim's backscatter, as tshark counts them. */
    static Map<String, long[]> tshark(Path file) throws Exception {
        Commands.Result r = Commands.run(dir, Map.of(), Duration.ofSeconds(60), "tshark", "-n", "-r", file.toString(), "-Y",
                "ip.dst == 10.128.0.0/16 && (tcp.flags.reset == 1 || (tcp.flags.syn == 1 && tcp.flags.ack == 1) || icmp.type == 0)",
                "-T", "fields", "-E", "separator=,", "-e", "ip.src", "-e", "frame.time_epoch");
        assertEquals(0, r.exitCode(), r.output());
        Map<String, long[]> victims = new HashMap<>();
        r.output().lines().filter(l -> l.matches("^\\d+\\.\\d+\\.\\d+\\.\\d+,.*")).forEach(l -> {
            String[] f = l.split(",");
            long second = Long.parseLong(f[1].substring(0, f[1].indexOf('.')));
            victims.merge(f[0], new long[] {1, second, second}, (a, b) -> new long[] {a[0] + 1, Math.min(a[1], b[1]), Math.max(a[2], b[2])});
        });
        return victims;
    }

    @Test
    @Order(1)
    void aSensorsCaptureBecomesTheAttacksTsharkCounts() throws Exception {
        byte[] capture = capture();
        Path file = dir.resolve("telescope.pcap");
        Files.write(file, capture);
        Map<String, long[]> expected = tshark(file);
        assertEquals(3, expected.size(), "tshark sees three victims");

        FrameEncoder encoder = new FrameEncoder(KEY.getBytes(UTF_8));
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int at = 0; at < capture.length; at += 4000) {
            frames.writeBytes(encoder.encode(1, SENSOR, Instant.now().getEpochSecond(), java.util.Arrays.copyOfRange(capture, at,
                    Math.min(capture.length, at + 4000))));
        }
        try (TlsSensor s = d4.connectSensor()) {
            s.send(frames.toByteArray());
            assertTrue(s.stillOpenAfter(Duration.ofMillis(300)), "the sensor's frames were accepted");
        }
        assertTrue(Commands.eventually(Duration.ofSeconds(120), () -> attacksQuietly("").size() == 2), "two attacks reported");
        List<JsonNode> attacks = attacks("");
        for (JsonNode a : attacks) {
            long[] e = expected.get(a.path("victim").asText());
            assertEquals(e[0], a.path("packets").asLong(), a.toString());
            assertEquals(e[1], a.path("start").asLong(), a.toString());
            assertEquals(e[2], a.path("end").asLong(), a.toString());
            double pps = e[0] / (double) (e[2] - e[1]) * 65536;
            assertEquals(pps, a.path("estimated_pps").asDouble(), 0.01 * pps, a.toString());
        }
        assertEquals(List.of("198.51.100.10", "203.0.113.5"), attacks.stream().map(a -> a.path("victim").asText()).sorted().toList());
        assertEquals(1, attacks("?victim=198.51.100.0/24").size());
        assertEquals(1, attacks("?min_packets=100").size());
        assertEquals(0, attacks("?from=" + (T0 + 10_000)).size());
        HttpResponse<String> csv = get("/backscatter/attacks?format=csv");
        assertEquals(3, csv.body().lines().count(), csv.body());
        JsonNode victim = JSON.readTree(get("/backscatter/victims/203.0.113.5").body());
        assertEquals(1, victim.path("attacks").size());
        JsonNode scanner = JSON.readTree(get("/backscatter/scanners").body().lines().findFirst().orElseThrow());
        assertEquals("100.64.0.9", scanner.path("source").asText());
        assertEquals(50, scanner.path("mirai_packets").asLong());
        // an attack's packets as a pcap, read back by tshark
        JsonNode flood = attacks("?victim=198.51.100.10").get(0);
        HttpRequest download = HttpRequest.newBuilder(d4.uri("/backscatter/attacks/" + flood.path("id").asLong() + "/pcap"))
                .header("Authorization", d4.adminToken()).GET().build();
        HttpResponse<byte[]> pcap = d4.send(download, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pcap.statusCode());
        Path downloaded = dir.resolve("attack.pcap");
        Files.write(downloaded, pcap.body());
        Commands.Result read = Commands.run(dir, Map.of(), Duration.ofSeconds(60), "tshark", "-n", "-r", downloaded.toString(), "-T",
                "fields", "-e", "ip.src");
        assertEquals(0, read.exitCode(), read.output());
        assertEquals(120, read.output().lines().filter(l -> l.equals("198.51.100.10")).count(), read.output());
        assertEquals(404, get("/backscatter/attacks/999999/pcap").statusCode());
        // each attack also went to the d4-backscatter queue as one JSON line
        JsonNode items = JSON.readTree(d4.api("GET", "/queues/" + queue + "/sample?n=10", null).body());
        assertEquals(2, items.size(), items.toString());
        assertTrue(JSON.readTree(items.get(0).path("data").asText()).has("estimated_pps"));
    }

    @Test
    @Order(2)
    void theConsolePageShowsTheTimelineAndTheVictims() throws Exception {
        HttpResponse<String> page = d4.get("/system/console/backscatter", d4.adminCredentials());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Backscatter"), "listed under its title");
        assertTrue(page.body().contains("<svg id='backscatter-timeline'"), "the timeline");
        assertTrue(page.body().contains("<tr><td>198.51.100.10</td><td>1</td><td>120</td></tr>"), page.body());
        HttpResponse<String> detail = d4.get("/system/console/backscatter?id=" + attacks("?victim=203.0.113.5").get(0).path("id").asLong(),
                d4.adminCredentials());
        assertTrue(detail.body().contains("&quot;packets&quot;:90"), detail.body());
        HttpResponse<String> bad = d4.get("/system/console/backscatter?id=%3Cscript%3E", d4.adminCredentials());
        assertEquals(200, bad.statusCode());
        assertTrue(!bad.body().contains("<script>") && bad.body().contains("Not an attack number"), "escaped");
        assertEquals(401, d4.get("/system/console/backscatter", null).statusCode());
    }

    @Test
    @Order(3)
    void badRequestsAreRefused() throws Exception {
        for (String bad : List.of("/backscatter/attacks?victim=nope", "/backscatter/attacks?limit=0", "/backscatter/attacks?format=xml",
                "/backscatter/attacks?from=soon", "/backscatter/attacks?unknown=1", "/backscatter/victims/999.1.1.1",
                "/backscatter/scanners?limit=x")) {
            HttpResponse<String> r = get(bad);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertEquals("error", JSON.readTree(r.body()).path("status").asText());
        }
        assertEquals(404, get("/backscatter/nothing").statusCode());
        HttpRequest anonymous = HttpRequest.newBuilder(d4.uri("/backscatter/attacks")).GET().build();
        assertEquals(401, d4.send(anonymous, HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpRequest post = HttpRequest.newBuilder(d4.uri("/backscatter/attacks")).header("Authorization", d4.adminToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> refused = d4.send(post, HttpResponse.BodyHandlers.ofString());
        assertEquals(405, refused.statusCode());
        assertEquals("GET", refused.headers().firstValue("Allow").orElse(""));
        assertTrue(refused.body().contains("\"reason\":\"POST is not allowed on /backscatter/attacks (use GET)\""), refused.body());
    }

    static HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(d4.uri(path)).timeout(Duration.ofSeconds(60)).header("Authorization", d4.adminToken())
                .GET().build();
        return d4.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static int status(String path) {
        try {
            return get(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static List<JsonNode> attacks(String query) throws Exception {
        return Answers.ndjson(get("/backscatter/attacks" + query));
    }

    static List<JsonNode> attacksQuietly(String query) {
        try {
            return attacks(query);
        } catch (Exception | AssertionError e) {
            return List.of();
        }
    }
}
