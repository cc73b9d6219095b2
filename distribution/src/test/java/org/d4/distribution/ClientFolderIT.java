// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.Ports;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's {@code folder} source (d4-goclient's) against the server image's file-transfer
 * types: each file kept once under its SHA-256, its path queued, nothing sent again after a
 * restart; {@code -json} with pretty-printed and broken documents; {@code -tor} through a real
 * SOCKS5 server (Debian microsocks).
 */
class ClientFolderIT {
    static final ObjectMapper JSON = new ObjectMapper();
    @AutoClose
    static Appliance d4;

    @BeforeAll
    static void start() throws Exception {
        d4 = Appliance.fromImage(ServerImageIT.IMAGE).start();
        assertEquals(200, d4.api("POST", "/types/extended/filewatcher", null).statusCode());
        assertEquals(200, d4.api("POST", "/types/extended/filewatcherjson", null).statusCode());
    }

    @Test
    void eachFileOfTheFolderIsKeptOnceUnderItsHashAndItsPathQueued() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "folder key");
        UUID queue = queue("filewatcher");
        Path watched = Files.createTempDirectory(ClientRun.SCRATCH, "watched-");
        Random random = new Random(7);
        byte[] big = new byte[300_000];                          // several frames, base64 cut anywhere
        random.nextBytes(big);
        Files.write(watched.resolve("big.bin"), big);
        Files.writeString(watched.resolve("notes.txt"), "first line\nsecond line\n");
        Files.writeString(watched.resolve(".hidden"), "not sent");
        Path conf = ClientRun.configDir(sensor, "folder key", 254, 4096, "folder", "127.0.0.1:" + d4.sensorPort(),
                Map.of("metaheader.json", "{\"type\": \"filewatcher\", \"extension\": \"bin\"}\n", "folder", watched + "\n"));

        try (ClientRun run = ClientRun.start("-c", conf.toString(), "-v")) {
            assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> kept(sensor, "filewatcher").size() == 2), run.stderr());
            byte[] later = "a file written while the client runs\n".getBytes(UTF_8);
            Files.write(watched.resolve("later.log"), later);
            assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> kept(sensor, "filewatcher").size() == 3), run.stderr());
            for (byte[] content : List.of(big, "first line\nsecond line\n".getBytes(UTF_8), later)) {
                Path file = keptFile(sensor, "filewatcher", sha256(content) + ".bin");
                assertArrayEquals(content, Files.readAllBytes(file), file.toString());
            }
            assertTrue(run.terminate(Duration.ofSeconds(10)), run.stderr());
        }
        Set<String> queued = popped(queue);
        assertEquals(kept(sensor, "filewatcher").stream().map(Path::toString).collect(Collectors.toCollection(TreeSet::new)), queued,
                "each kept file's absolute path queued once");

        // a restart sends nothing again; a new file goes out
        Files.writeString(watched.resolve("after-restart.txt"), "new after the restart\n");
        try (ClientRun run = ClientRun.start("-c", conf.toString(), "-v")) {
            assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> kept(sensor, "filewatcher").size() == 4), run.stderr());
            TimeUnit.SECONDS.sleep(3);
            assertTrue(run.terminate(Duration.ofSeconds(10)), run.stderr());
        }
        Set<String> again = popped(queue);
        assertEquals(Set.of(keptFile(sensor, "filewatcher", sha256("new after the restart\n".getBytes(UTF_8)) + ".bin").toString()), again,
                "only the new file after the restart");
        assertTrue(Files.readString(conf.resolve("folder.sent")).contains("after-restart.txt"), "remembered in folder.sent");
    }

    @Test
    void jsonFilesAreSentCompactAndBrokenOnesSkipped() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "json key");
        UUID queue = queue("filewatcherjson");
        Path watched = Files.createTempDirectory(ClientRun.SCRATCH, "json-");
        Files.writeString(watched.resolve("pretty.json"), "{\n  \"alert\": \"scan\",\n  \"count\": 12345678901234567890,\n  \"ratio\": 0.10\n}\n");
        Files.writeString(watched.resolve("broken.json"), "{\"alert\": \n");
        Path conf = ClientRun.configDir(sensor, "json key", 254, 4096, "folder", "127.0.0.1:" + d4.sensorPort(),
                Map.of("metaheader.json", "{\"type\": \"filewatcherjson\"}\n", "folder", watched + "\n"));
        try (ClientRun run = ClientRun.start("-c", conf.toString(), "-json", "-v")) {
            assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> kept(sensor, "filewatcherjson").size() == 1), run.stderr());
            assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> run.stderr().contains("broken.json")), "the broken file is named: " + run.stderr());
            TimeUnit.SECONDS.sleep(2);
            assertTrue(run.terminate(Duration.ofSeconds(10)), run.stderr());
        }
        byte[] compact = "{\"alert\":\"scan\",\"count\":12345678901234567890,\"ratio\":0.10}".getBytes(UTF_8);
        List<Path> kept = kept(sensor, "filewatcherjson");
        assertEquals(1, kept.size(), kept.toString());
        assertEquals(sha256(compact) + ".json", kept.get(0).getFileName().toString());
        assertEquals(JSON.readTree(compact), JSON.readTree(Files.readAllBytes(kept.get(0))), "the same document, numbers exact");
        assertEquals(Set.of(kept.get(0).toString()), popped(queue));

        // the wrong meta type for -json is refused before anything is sent
        ClientRun wrong = ClientRun.complete(new byte[0], Duration.ofSeconds(60), "-c", conf.toString());
        assertEquals(2, wrong.exitCode(), wrong.stderr());
        assertTrue(wrong.stderr().contains("metaheader.json"), wrong.stderr());
    }

    @Test
    void torSendsThroughASocksProxyThatResolvesTheName() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "tor key");
        int proxyPort = Ports.free();
        // microsocks binds its outgoing connections to 127.0.0.3: the server sees the proxy, not the client
        Process proxy = new ProcessBuilder("microsocks", "-i", "127.0.0.1", "-p", Integer.toString(proxyPort), "-b", "127.0.0.3")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            byte[] lines = "over the proxy\nsecond line\n".getBytes(UTF_8);
            Path conf = ClientRun.configDir(sensor, "tor key", 3, 4096, "stdin", "localhost:" + d4.sensorPort(), Map.of());
            assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> listening(proxyPort)), "microsocks listens");
            ClientRun run = ClientRun.complete(lines, Duration.ofSeconds(60), "-c", conf.toString(), "--tor-proxy", "127.0.0.1:" + proxyPort, "-v");
            assertEquals(0, run.exitCode(), run.stderr());
            assertTrue(Commands.eventually(Duration.ofSeconds(15), () -> java.util.Arrays.equals(lines, IngestIT.archivedIn(d4, sensor, "3"))), run.stderr());
            JsonNode detail = JSON.readTree(d4.api("GET", "/sensors/" + sensor, null).body());
            assertEquals("127.0.0.3", detail.path("last_ips").get(0).asText(), "came through the proxy");

            ClientRun noProxy = ClientRun.complete(new byte[0], Duration.ofSeconds(60), "-c", conf.toString(),
                    "--tor-proxy", "127.0.0.1:" + Ports.free(), "-rt", "0");
            assertEquals(1, noProxy.exitCode(), "no proxy there: " + noProxy.stderr());
            assertTrue(noProxy.stderr().toLowerCase().contains("refused"), noProxy.stderr());
        } finally {
            proxy.destroy();
            proxy.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static UUID queue(String extendedType) throws Exception {
        JsonNode created = JSON.readTree(d4.api("POST", "/queues", "{\"type\": 254, \"extended_type\": \"" + extendedType + "\"}").body());
        return UUID.fromString(created.path("uuid").asText());
    }

    static Set<String> popped(UUID queue) throws Exception {
        Set<String> paths = new TreeSet<>();
        for (JsonNode item : JSON.readTree(d4.api("POST", "/queues/" + queue + "/pop?n=1000", null).body())) {
            paths.add(item.path("data").asText());
        }
        return paths;
    }

    /** The files kept for a sensor's extended type, whatever the day folder. */
    static List<Path> kept(UUID sensor, String type) {
        Path dir = d4.home().resolve("data/archive").resolve(sensor.toString()).resolve(type);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getParent().getFileName().toString().equals("files") && !f.toString().endsWith(".part"))
                    .map(Path::toAbsolutePath).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path keptFile(UUID sensor, String type, String name) {
        return kept(sensor, type).stream().filter(p -> p.getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not kept: " + kept(sensor, type)));
    }

    static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
