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
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standalone client (client/target/d4-client.jar, run as a process) against the real
 * server image over TLS, and its stdout output against the independent Python frame tool.
 */
class ClientIT {
    static final Path FRAMES_TOOL = IngestIT.FRAMES_TOOL;
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration RUN = Duration.ofSeconds(60);
    @AutoClose
    static Appliance d4;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isRegularFile(FRAMES_TOOL), "the independent frame tool is needed: " + FRAMES_TOOL.toAbsolutePath());
        d4 = Appliance.fromImage(ServerImageIT.IMAGE).start();
    }

    @Test
    void aDestinationOfSeveralServersFailsOverToOneThatAnswers() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "failover key");
        int down;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            down = s.getLocalPort();     // nobody listens there any more: a node that is gone
        }
        byte[] lines = lines(2_000);
        Path conf = ClientRun.configDir(sensor, "failover key", 3, 4096, "stdin", "127.0.0.1:" + down + ", 127.0.0.1:" + d4.sensorPort(), Map.of());
        ClientRun run = ClientRun.complete(lines, RUN, "-c", conf.toString(), "-v");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("connected to tls://127.0.0.1:" + d4.sensorPort() + " (failing over to tls://127.0.0.1:" + down + ")"),
                run.stderr());
        assertTrue(Commands.eventually(Duration.ofSeconds(15), () -> archived(sensor, "3").length == lines.length), "archived");
        assertArrayEquals(lines, archived(sensor, "3"));
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
        assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> ClientRun.finishedCaptures(d4, sensor).size() == 1), "one finished capture file");
        Path file = ClientRun.finishedCaptures(d4, sensor).get(0);
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
    void aCaptureFileReplayedThroughLibpcapWithAFilter() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "replay key");
        Path conf = ClientRun.configDir(sensor, "replay key", 1, 65536, "pcapfile:trace.pcap", "127.0.0.1:" + d4.sensorPort(),
                Map.of("filter", "udp port 53\n"));
        java.io.ByteArrayOutputStream trace = new java.io.ByteArrayOutputStream();
        trace.writeBytes(Pcaps.globalHeader());
        for (int i = 0; i < 120; i++) {
            trace.writeBytes(udpRecord(1_700_000_000L + i, i % 3 == 0 ? 53 : 123, ("query " + i).getBytes(StandardCharsets.US_ASCII)));
        }
        Files.write(conf.resolve("trace.pcap"), trace.toByteArray());
        ClientRun run = ClientRun.complete(new byte[0], RUN, "-c", conf.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> ClientRun.finishedCaptures(d4, sensor).size() == 1), "one finished capture file");
        Path file = ClientRun.finishedCaptures(d4, sensor).get(0);
        assertEquals(40, Pcaps.readWithTcpdump(d4.home(), file), "only the 40 packets to port 53");
        Files.writeString(conf.resolve("filter"), "udp port and nonsense");
        ClientRun bad = ClientRun.complete(new byte[0], RUN, "-c", conf.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("filter 'udp port and nonsense'"), bad.stderr());
    }

    @Test
    void liveCaptureOnTheLoopbackInterface() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "live key");
        int port = org.d4.itest.Ports.free();
        Path conf = ClientRun.configDir(sensor, "live key", 1, 65536, "pcap:lo", "127.0.0.1:" + d4.sensorPort(),
                Map.of("filter", "udp and dst port " + port + "\n"));
        try (ClientRun run = ClientRun.start("-c", conf.toString(), "-v");
                java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
            assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> run.stderr().contains("connected to")), run.stderr());
            java.net.InetSocketAddress to = new java.net.InetSocketAddress("127.0.0.1", port);
            assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> {
                try {
                    udp.send(new java.net.DatagramPacket("ping".getBytes(), 4, to));   // until the capture is running
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return archived(sensor, "1").length > 24;
            }), run.stderr());
            for (int i = 0; i < 25; i++) {
                udp.send(new java.net.DatagramPacket(("packet " + i).getBytes(), ("packet " + i).length(), to));
            }
            assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> new String(archived(sensor, "1"), StandardCharsets.ISO_8859_1).contains("packet 24")),
                    run.stderr());
            assertTrue(run.terminate(Duration.ofSeconds(10)), "SIGTERM ends a capture on an idle interface: " + run.stderr());
        }
        assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> ClientRun.finishedCaptures(d4, sensor).size() == 1), "finished when the client stops");
        assertTrue(Pcaps.readWithTcpdump(d4.home(), ClientRun.finishedCaptures(d4, sensor).get(0)) >= 26, "tcpdump reads the live capture");
    }

    /** An Ethernet + IPv4 + UDP packet from 10.0.0.1 to 10.0.0.2, as a pcap record. */
    static byte[] udpRecord(long second, int dstPort, byte[] payload) {
        java.nio.ByteBuffer p = java.nio.ByteBuffer.allocate(14 + 20 + 8 + payload.length);
        p.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6}).putShort((short) 0x0800);
        p.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + payload.length)).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(new byte[] {10, 0, 0, 1}).put(new byte[] {10, 0, 0, 2});
        p.putShort((short) 40000).putShort((short) dstPort).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        byte[] packet = p.array();
        java.nio.ByteBuffer r = java.nio.ByteBuffer.allocate(16 + packet.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        r.putInt((int) second).putInt(0).putInt(packet.length).putInt(packet.length).put(packet);
        return r.array();
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
        Path in = Files.write(ClientRun.tempFile(".bin"), input);
        Path out = ClientRun.tempFile(".frames");
        Commands.Result r = Commands.run(conf, Map.of(), RUN, "bash", "-o", "pipefail", "-c", "cat '" + in + "' | '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' -jar '" + ClientRun.JAR.toAbsolutePath() + "' -c . --timestamp 1700000000 > '" + out + "'");
        assertEquals(0, r.exitCode(), r.output());
        assertArrayEquals(toolBuild(sensor, "k", 1, 65536, input, null), Files.readAllBytes(out));
    }

    @Test
    void plainTcpOnlyWhenTlsIsTurnedOff() throws Exception {
        UUID sensor = UUID.randomUUID();
        byte[] input = lines(500);
        try (java.net.ServerSocket plain = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CompletableFuture<byte[]> received = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (java.net.Socket s = plain.accept()) {
                    return s.getInputStream().readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Path conf = ClientRun.configDir(sensor, "k", 3, 4096, "stdin", "127.0.0.1:" + plain.getLocalPort(), Map.of());
            ClientRun run = ClientRun.complete(input, RUN, "-c", conf.toString(), "-ce=false", "--timestamp", "1700000000");
            assertEquals(0, run.exitCode(), run.stderr());
            assertArrayEquals(toolBuild(sensor, "k", 3, 4096, input, null), received.get(30, java.util.concurrent.TimeUnit.SECONDS),
                    "the frames in the clear, as on stdout");
        }
    }

    @Test
    void wrongRootCaFailsVerificationAndTheRightOneWorks() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "ca key");
        Path wrong = Files.createTempDirectory(ClientRun.SCRATCH, "ca-");
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
        assertTrue(flags.stderr().contains("option '--rt': 'soon' is not a duration"), flags.stderr());
        ClientRun unknown = ClientRun.complete(new byte[0], RUN, "-c", conf.toString(), "-retry", "3");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.stderr().startsWith("d4-client: Unknown option") && unknown.stderr().contains("'-retry'"), unknown.stderr());
        ClientRun help = ClientRun.complete(new byte[0], RUN, "--help");
        assertEquals(0, help.exitCode());
        String usage = new String(help.stdout());
        assertTrue(usage.contains("-cka, --cka=DURATION") && usage.contains("bench") && usage.contains("tlsf"), usage);
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
        Path in = Files.write(ClientRun.tempFile(".bin"), input);
        Path out = ClientRun.tempFile(".frames");
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
                    // the sensor's recorded error, else the in-memory one of a connection that proved no key
                    String verified = n.path("error").asText("");
                    return verified.isEmpty() ? n.path("unverified_error").path("reason").asText("") : verified;
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
