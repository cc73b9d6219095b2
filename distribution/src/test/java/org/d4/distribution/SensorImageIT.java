// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.ForegroundAppliance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sensor image (distribution/target/d4-sensor) next to a server image: sensor streams are
 * factory configurations of d4.client dropped into etc/, started, reconfigured and stopped at
 * run time, with their counters on the d4:client command and the web console page.
 */
class SensorImageIT {
    static final Path SENSOR_IMAGE = Path.of(System.getProperty("d4.sensor.image", "target/d4-sensor"));
    static Appliance server;
    static ForegroundAppliance sensor;

    @BeforeAll
    static void start() throws Exception {
        server = Appliance.fromImage(ServerImageIT.IMAGE).start();
        sensor = Appliance.fromImage(SENSOR_IMAGE).env("D4_CONSOLE_LOG", "off").runInForeground();
    }

    @AfterAll
    static void stop() throws Exception {
        if (sensor != null) {
            sensor.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSensorImageHoldsTheClientAndNoServer() throws Exception {
        Path bundles = SENSOR_IMAGE.resolve("bundle");
        assertTrue(Files.exists(bundles.resolve("d4-client-" + version() + ".jar")));
        assertTrue(Files.exists(bundles.resolve("jna-5.19.1.jar")));
        assertTrue(Files.notExists(bundles.resolve("d4-server-" + version() + ".jar")) && Files.notExists(bundles.resolve("mapdb-3.1.0.jar")));
        assertTrue(Files.exists(SENSOR_IMAGE.resolveSibling("d4-sensor-" + version() + ".tar.gz")));
        assertEquals(0, sensor.appliance().d4("status", Duration.ofSeconds(30)).exitCode(), "ready, every bundle active");
        assertTrue(sensor.appliance().readLog().contains("Live capture available: libpcap version"), "capture support checked at start");
        assertTrue(sensor.shell("d4:client", Duration.ofSeconds(20)).contains("no sensor stream configured"));
        var configuration = sensor.appliance().get("/system/console/configMgr", sensor.appliance().adminCredentials());
        assertTrue(configuration.body().contains("{\"id\":\"d4.client\",\"name\":\"D4 sensor stream\"}"),
                "the console's Configuration page offers the metatype-described stream factory");
    }

    @Test
    void aStreamPerConfigurationStartedReconfiguredAndStoppedAtRunTime() throws Exception {
        UUID uuid = ClientRun.approvedSensor(server, "sensor image key");
        Path home = sensor.appliance().home();
        java.io.ByteArrayOutputStream trace = new java.io.ByteArrayOutputStream();
        trace.writeBytes(Pcaps.globalHeader());
        for (int i = 0; i < 60; i++) {
            trace.writeBytes(ClientIT.udpRecord(1_700_000_000L + i, i % 2 == 0 ? 53 : 123, ("q" + i).getBytes(StandardCharsets.US_ASCII)));
        }
        Path file = Files.write(home.resolve("data/trace.pcap"), trace.toByteArray());
        Path cfg = home.resolve("etc/d4.client-replay.cfg");
        Files.writeString(cfg, String.join("\n", "uuid = " + uuid, "key = sensor image key", "type = 1", "source = pcapfile:" + file,
                "filter = udp port 53", "destination = 127.0.0.1:" + server.sensorPort(), "retry.delay = 1s", ""));
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> ClientRun.finishedCaptures(server, uuid).size() == 1),
                "the stream sent the capture and ended: " + shell("d4:client"));
        Path archivedFile = ClientRun.finishedCaptures(server, uuid).get(0);
        assertEquals(30, Pcaps.readWithTcpdump(server.home(), archivedFile), "30 packets to port 53");
        String listing = shell("d4:client");
        assertTrue(listing.contains("ended") && listing.contains(uuid.toString()) && listing.contains("capture file " + file), listing);
        // frames: the global header, 30 packets, the zero-size end; bytes: 24 + 30 x (16 + 42) + 5 x 2 + 25 x 3
        assertTrue(listing.matches("(?s).*\\s32\\s+1849\\s+0\\s.*"), listing);
        var page = sensor.appliance().get("/system/console/d4-client", sensor.appliance().adminCredentials());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("d4-client-streams") && page.body().contains(uuid.toString()) && page.body().contains("ended"), page.body());

        // reconfigured: the same PID now captures live on lo
        int port = org.d4.itest.Ports.free();
        Files.writeString(cfg, String.join("\n", "uuid = " + uuid, "key = sensor image key", "type = 1", "source = pcap:lo",
                "filter = udp and dst port " + port, "destination = 127.0.0.1:" + server.sensorPort(), "retry.delay = 1s", ""));
        try (java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
            assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> {
                try {
                    udp.send(new java.net.DatagramPacket("live".getBytes(), 4, new java.net.InetSocketAddress("127.0.0.1", port)));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                String now = shell("d4:client");
                return now.contains("capture on lo") && now.contains("streaming")
                        && new String(IngestIT.archivedIn(server, uuid, "1"), StandardCharsets.ISO_8859_1).contains("live");
            }), shell("d4:client"));
        }
        Files.delete(cfg);
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> shell("d4:client").contains("no sensor stream configured")), shell("d4:client"));
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> ClientRun.finishedCaptures(server, uuid).size() == 2), "the live capture ended with its stream");
    }

    @Test
    void aBadConfigurationIsNamedAndStartsNothing() throws Exception {
        Path cfg = sensor.appliance().home().resolve("etc/d4.client-bad.cfg");
        Files.writeString(cfg, String.join("\n", "uuid = not-a-uuid", "key = k", "type = 3", "source = stdin", "destination = 127.0.0.1:1", ""));
        try {
            assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> {
                try {
                    return sensor.appliance().readLog().contains("property uuid: 'not-a-uuid' is not a UUID");
                } catch (java.io.IOException e) {
                    return false;
                }
            }), "the log names the property");
            assertFalse(shell("d4:client").contains("d4.client~bad"), "no stream runs for it");
        } finally {
            Files.delete(cfg);
        }
    }

    static String shell(String command) {
        try {
            return sensor.shell(command, Duration.ofSeconds(20));
        } catch (Exception e) {
            return "shell failed: " + e;
        }
    }

    static String version() {
        try (var files = Files.list(SENSOR_IMAGE.resolve("bundle"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("d4-api-")).findFirst().orElseThrow()
                    .replace("d4-api-", "").replace(".jar", "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
