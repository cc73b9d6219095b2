// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standalone client (client-bundle/target/d4-client.jar, run as a process) against the real
 * server image over TLS, and its stdout output against the independent Python frame tool.
 */
class ClientIT {
    static final Path FRAMES_TOOL = IngestIT.FRAMES_TOOL;
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration RUN = Duration.ofSeconds(60);
    static Appliance d4;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isRegularFile(FRAMES_TOOL), "the independent frame tool is needed: " + FRAMES_TOOL.toAbsolutePath());
        d4 = Appliance.fromImage(ServerImageIT.IMAGE).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (d4 != null) {
            d4.close();
        }
    }

    @Test
    void stdinOverTlsIsArchivedByteForByteAndCounted() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "client key");
        byte[] lines = lines(20_000);
        Path conf = ClientRun.configDir(sensor, "client key", 3, 4096, "stdin", "127.0.0.1:" + d4.sensorPort(), Map.of());
        ClientRun run = ClientRun.complete(lines, RUN, "-c", conf.toString(), "-v");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("connected to tls://127.0.0.1:" + d4.sensorPort()), run.stderr());
        assertTrue(Commands.eventually(Duration.ofSeconds(15), () -> archived(sensor, "3").length == lines.length), "archived");
        assertArrayEquals(lines, archived(sensor, "3"));
        long frames = lines.length / 4096 + (lines.length % 4096 == 0 ? 0 : 1) + 1;   // and the zero-size frame at the end
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> sensorDetail(sensor).path("frames_today").asLong() == frames),
                sensorDetail(sensor).toString());
        assertEquals(lines.length, sensorDetail(sensor).path("bytes_today").asLong());
        assertEquals("", sensorError(sensor), "no error recorded");
    }

    @Test
    void ipv6DestinationAndAPcapStreamThatTcpdumpReads() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "pcap key");
        byte[] capture = Pcaps.capture(300, 700);
        Path conf = ClientRun.configDir(sensor, "pcap key", 1, 65536, "stdin", "[::1]:" + d4.sensorPort(), Map.of());
        ClientRun run = ClientRun.complete(capture, RUN, "-c", conf.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> finishedCaptures(sensor).size() == 1), "one finished capture file");
        Path file = finishedCaptures(sensor).get(0);
        assertEquals(300, Pcaps.readWithTcpdump(d4.home(), file));
        assertArrayEquals(capture, archived(sensor, "1"));
        assertEquals("0:0:0:0:0:0:0:1", sensorDetail(sensor).path("last_ips").get(0).asText(), "came over IPv6 loopback");
    }

    @Test
    void extendedTypeSendsItsMetaHeaderFirst() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "ja3 key");
        byte[] data = "{\"ja3\":\"769,47-53,0-10,23,0\"}\n{\"ja3\":\"771,4865,0,29\"}\n".getBytes(StandardCharsets.UTF_8);
        Path conf = ClientRun.configDir(sensor, "ja3 key", 254, 4096, "stdin", "127.0.0.1:" + d4.sensorPort(),
                Map.of("metaheader.json", "{\"type\": \"ja3-jl\", \"encoding\": \"utf-8\"}\n"));
        ClientRun run = ClientRun.complete(data, RUN, "-c", conf.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(Commands.eventually(Duration.ofSeconds(15), () -> java.util.Arrays.equals(data, archived(sensor, "ja3-jl"))),
                "archived under its extended type");
    }

    @Test
    void stdoutIsByteForByteWhatTheIndependentToolBuilds() throws Exception {
        Random random = new Random(42);
        byte[] binary = new byte[300_001];
        random.nextBytes(binary);
        UUID sensor = UUID.randomUUID();
        for (int snaplen : new int[] {1, 4096, 65536}) {
            byte[] input = snaplen == 1 ? "short\ninput\n".getBytes(StandardCharsets.US_ASCII) : binary;
            for (int type : new int[] {1, 3, 8}) {
                byte[] ours = ourStdout(sensor, "same key", type, snaplen, input, Map.of());
                byte[] theirs = toolBuild(sensor, "same key", type, snaplen, input, null);
                assertArrayEquals(theirs, ours, "type " + type + ", snaplen " + snaplen);
            }
        }
        String meta = "{\"type\": \"ja3-jl\"}";
        byte[] ours = ourStdout(sensor, "same key", 254, 4096, binary, Map.of("metaheader.json", meta));
        assertArrayEquals(toolBuild(sensor, "same key", 254, 4096, binary, meta), ours, "meta header, then type 254");
    }

    /** The same input through a shell pipe (reads of any size), as `tcpdump -w - | d4 -c conf` runs. */
    @Test
    void pipedInputGivesTheSameFrames() throws Exception {
        byte[] input = new byte[1_000_000];
        new Random(3).nextBytes(input);
        UUID sensor = UUID.randomUUID();
        Path conf = ClientRun.configDir(sensor, "k", 1, 65536, "stdin", "stdout", Map.of());
        Path in = Files.write(Files.createTempFile("d4-client-it", ".bin"), input);
        Path out = Files.createTempFile("d4-client-it", ".frames");
        Commands.Result r = Commands.run(conf, Map.of(), RUN, "bash", "-o", "pipefail", "-c", "cat '" + in + "' | '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' -jar '" + ClientRun.JAR.toAbsolutePath() + "' -c . --timestamp 1700000000 > '" + out + "'");
        assertEquals(0, r.exitCode(), r.output());
        assertArrayEquals(toolBuild(sensor, "k", 1, 65536, input, null), Files.readAllBytes(out));
    }

    @Test
    void wrongRootCaFailsVerificationAndTheRightOneWorks() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "ca key");
        Path wrong = Files.createTempDirectory("d4-client-it-ca");
        Commands.Result keytool = Commands.run(wrong, Map.of(), RUN, "sh", "-c",
                "'" + Path.of(System.getProperty("java.home"), "bin", "keytool") + "' -genkeypair -alias other -keyalg EC -dname CN=other -validity 2"
                        + " -keystore other.p12 -storepass changeit -storetype PKCS12 && '" + Path.of(System.getProperty("java.home"), "bin", "keytool")
                        + "' -exportcert -rfc -alias other -keystore other.p12 -storepass changeit -file other.crt");
        assertEquals(0, keytool.exitCode(), keytool.output());
        Path conf = ClientRun.configDir(sensor, "ca key", 3, 4096, "stdin", "127.0.0.1:" + d4.sensorPort(),
                Map.of("rootCA.crt", Files.readString(wrong.resolve("other.crt"))));
        ClientRun refused = ClientRun.complete("a line\n".getBytes(), RUN, "-c", conf.toString(), "-cc", "-rt", "0");
        assertEquals(1, refused.exitCode(), refused.stderr());
        assertTrue(refused.stderr().contains("cannot connect to tls://127.0.0.1:" + d4.sensorPort()) && refused.stderr().contains("PKIX"),
                refused.stderr());
        Files.copy(d4.home().resolve("etc/tls/server.crt"), conf.resolve("rootCA.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ClientRun accepted = ClientRun.complete("a line\n".getBytes(), RUN, "-c", conf.toString(), "-cc", "-rt", "0");
        assertEquals(0, accepted.exitCode(), accepted.stderr());
        assertTrue(Commands.eventually(Duration.ofSeconds(15), () -> new String(archived(sensor, "3")).equals("a line\n")));
        Files.delete(conf.resolve("rootCA.crt"));
        ClientRun missing = ClientRun.complete(new byte[0], RUN, "-c", conf.toString(), "-cc");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.stderr().contains(conf.resolve("rootCA.crt") + " is missing"), missing.stderr());
    }

    @Test
    void aSensorTheServerRefusesIsToldSoAndReconnects() throws Exception {
        UUID stranger = UUID.randomUUID();   // not registered: the server closes each of its connections
        Path conf = ClientRun.configDir(stranger, "k", 3, 4096, "stdin", "127.0.0.1:" + d4.sensorPort(), Map.of());
        try (ClientRun run = ClientRun.start("-c", conf.toString(), "-rt", "200ms")) {
            run.stdin().write("x\n".getBytes());
            run.stdin().flush();
            assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> sensorError(stranger).contains("not registered")), sensorError(stranger));
            assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> {
                try {
                    run.stdin().write("more\n".getBytes());
                    run.stdin().flush();
                } catch (java.io.IOException e) {
                    return true;
                }
                return run.stderr().contains("lost (closed by the server); reconnecting in 200 ms");
            }), run.stderr());
            assertTrue(run.process.isAlive(), "still trying: " + run.stderr());
        }
    }

    @Test
    void unreachableDestinationIsRetriedThenGivenUp() throws Exception {
        int closed = org.d4.itest.Ports.free();
        Path conf = ClientRun.configDir(UUID.randomUUID(), "k", 3, 4096, "stdin", "127.0.0.1:" + closed, Map.of());
        ClientRun run = ClientRun.complete("x\n".getBytes(), RUN, "-c", conf.toString(), "-rt", "100ms", "--retries", "3");
        assertEquals(1, run.exitCode(), run.stderr());
        assertEquals(3, run.stderr().lines().filter(l -> l.contains("cannot connect to tls://127.0.0.1:" + closed)).count(), run.stderr());
        assertTrue(run.stderr().contains("giving up after 3 attempts"), run.stderr());
        ClientRun once = ClientRun.complete("x\n".getBytes(), RUN, "-c", conf.toString(), "-rt", "0");
        assertEquals(1, once.exitCode());
        assertTrue(once.stderr().contains("giving up after 1 attempt"), once.stderr());
    }

    @Test
    void badConfigurationsExitWithTheFileNamed() throws Exception {
        Path conf = ClientRun.configDir(UUID.randomUUID(), "k", 3, 4096, "stdin", "stdout", Map.of());
        Files.delete(conf.resolve("snaplen"));
        assertBadConfig(conf, conf.resolve("snaplen") + " is missing");
        Files.writeString(conf.resolve("snaplen"), "0");
        assertBadConfig(conf, conf.resolve("snaplen") + ": 0 is out of range");
        Files.writeString(conf.resolve("snaplen"), "4096");
        Files.writeString(conf.resolve("uuid"), "not-a-uuid");
        assertBadConfig(conf, conf.resolve("uuid") + ": 'not-a-uuid' is not a UUID");
        Files.writeString(conf.resolve("uuid"), "");
        Files.writeString(conf.resolve("key"), "\n");
        assertBadConfig(conf, conf.resolve("key") + " is empty");
        Files.writeString(conf.resolve("key"), "k");
        Files.writeString(conf.resolve("type"), "254");
        assertBadConfig(conf, conf.resolve("metaheader.json") + " is missing");
        Files.writeString(conf.resolve("metaheader.json"), "{\"type\": ");
        assertBadConfig(conf, conf.resolve("metaheader.json") + ":");
        assertTrue(org.d4.protocol.FrameHeader.isVersion4(UUID.fromString(Files.readString(conf.resolve("uuid")).strip())),
                "the empty uuid file got a v4 UUID");
        Files.writeString(conf.resolve("type"), "3");
        Files.writeString(conf.resolve("source"), "/nonexistent/file");
        assertBadConfig(conf, conf.resolve("source") + ": '/nonexistent/file' is neither");
        ClientRun flags = ClientRun.complete(new byte[0], RUN, "-c", conf.toString(), "-rt", "soon");
        assertEquals(2, flags.exitCode());
        assertTrue(flags.stderr().contains("-rt: 'soon' is not a duration"), flags.stderr());
        ClientRun help = ClientRun.complete(new byte[0], RUN, "--help");
        assertEquals(0, help.exitCode());
        assertTrue(new String(help.stdout()).contains("-cka DURATION") && new String(help.stdout()).contains("bench"));
    }

    private static void assertBadConfig(Path conf, String message) throws Exception {
        ClientRun run = ClientRun.complete(new byte[0], RUN, "-c", conf.toString());
        assertEquals(2, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains(message), "expected '" + message + "' in: " + run.stderr());
    }

    static byte[] ourStdout(UUID sensor, String key, int type, int snaplen, byte[] input, Map<String, String> extra) throws Exception {
        Path conf = ClientRun.configDir(sensor, key, type, snaplen, "stdin", "stdout", extra);
        ClientRun run = ClientRun.complete(input, RUN, "-c", conf.toString(), "--timestamp", "1700000000");
        assertEquals(0, run.exitCode(), run.stderr());
        return run.stdout();
    }

    static byte[] toolBuild(UUID sensor, String key, int type, int snaplen, byte[] input, String meta) throws Exception {
        Path in = Files.write(Files.createTempFile("d4-client-it", ".bin"), input);
        Path out = Files.createTempFile("d4-client-it", ".frames");
        Commands.Result r = Commands.run(in.getParent(), Map.of(), RUN, "sh", "-c", "python3 '" + FRAMES_TOOL.toAbsolutePath() + "' build --uuid "
                + sensor + " --key '" + key + "' --type " + type + " --snaplen " + snaplen + " --timestamp 1700000000"
                + (meta == null ? "" : " --meta '" + meta + "'") + " < '" + in + "' > '" + out + "'");
        assertEquals(0, r.exitCode(), r.output());
        return Files.readAllBytes(out);
    }

    static byte[] lines(int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append("line ").append(i).append(" of the client test\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static java.util.List<Path> finishedCaptures(UUID sensor) {
        Path dir = d4.home().resolve("data/archive").resolve(sensor.toString()).resolve("1");
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".cap.gz")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static JsonNode sensorDetail(UUID sensor) {
        try {
            return JSON.readTree(d4.api("GET", "/sensors/" + sensor, null).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sensorError(UUID sensor) {
        try {
            for (JsonNode n : JSON.readTree(d4.api("GET", "/sensors/monitoring/errors", null).body())) {
                if (n.path("uuid").asText().equals(sensor.toString())) {
                    return n.path("error").asText();
                }
            }
            return "";
        } catch (Exception e) {
            return "";
        }
    }

    static byte[] archived(UUID sensor, String type) {
        return IngestIT.archivedIn(d4, sensor, type);
    }
}
