// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two appliances: sensors stream into the first; the client forwards one of its analyzer queues
 * (over RESP as d4-goclient does, and over REST) to the second, which archives what it receives.
 * Last, the second appliance restarts under a streaming client, which reconnects and loses nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientForwardIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static Appliance upstream;
    static Appliance downstream;

    @BeforeAll
    static void start() throws Exception {
        upstream = Appliance.fromImage(ServerImageIT.IMAGE).start();
        downstream = Appliance.fromImage(ServerImageIT.IMAGE).start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Appliance a : new Appliance[] {upstream, downstream}) {
            if (a != null) {
                a.close();
            }
        }
    }

    @Test
    @Order(1)
    void aQueuePoppedOverRespIsForwardedToAnotherAppliance() throws Exception {
        UUID queue = queue(upstream, 8);
        byte[] lines = pdnsLines("resp", 500);
        feed(upstream, 8, lines);
        UUID forwarder = ClientRun.approvedSensor(downstream, "forward key");
        Path conf = ClientRun.configDir(forwarder, "forward key", 8, 65536, "d4server", "127.0.0.1:" + downstream.sensorPort(),
                Map.of("redis_d4", "127.0.0.1:" + upstream.respPort() + "/2\n", "redis_queue", "8:" + queue + "\n"));
        try (ClientRun run = ClientRun.start("-c", conf.toString(), "-rl", "100ms")) {
            assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> archived(downstream, forwarder, "8").length == lines.length),
                    "forwarded: " + archived(downstream, forwarder, "8").length + " of " + lines.length + " bytes; " + run.stderr());
            assertEquals(new String(lines, StandardCharsets.US_ASCII), new String(archived(downstream, forwarder, "8"), StandardCharsets.US_ASCII));
            assertEquals(0, queueLength(upstream, queue), "popped");
            byte[] later = pdnsLines("later", 3);
            feed(upstream, 8, later);
            assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> archived(downstream, forwarder, "8").length == lines.length + later.length),
                    "the forwarder keeps polling: " + run.stderr());
        }
    }

    @Test
    @Order(2)
    void aQueuePoppedOverRestIsForwardedToAnotherAppliance() throws Exception {
        UUID queue = queue(upstream, 8);
        byte[] lines = pdnsLines("rest", 300);
        feed(upstream, 8, lines);
        UUID forwarder = ClientRun.approvedSensor(downstream, "rest key");
        Path conf = ClientRun.configDir(forwarder, "rest key", 8, 4096, "rest", "127.0.0.1:" + downstream.sensorPort(),
                Map.of("rest_url", "https://127.0.0.1:" + upstream.httpsPort() + "\n", "rest_queue", queue + "\n",
                        "rest_token", upstream.adminToken() + "\n"));
        java.nio.file.Files.copy(upstream.home().resolve("etc/tls/server.crt"), conf.resolve("rest_ca.crt"));
        try (ClientRun run = ClientRun.start("-c", conf.toString(), "-rl", "100ms")) {
            assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> archived(downstream, forwarder, "8").length == lines.length),
                    "forwarded: " + archived(downstream, forwarder, "8").length + " of " + lines.length + " bytes; " + run.stderr());
            assertEquals(new String(lines, StandardCharsets.US_ASCII), new String(archived(downstream, forwarder, "8"), StandardCharsets.US_ASCII));
        }
    }

    @Test
    @Order(3)
    void theClientReconnectsWhenTheServerRestartsAndLosesNothing() throws Exception {
        UUID sensor = ClientRun.approvedSensor(downstream, "restart key");
        Path conf = ClientRun.configDir(sensor, "restart key", 3, 4096, "stdin", "127.0.0.1:" + downstream.sensorPort(), Map.of());
        byte[] before = ClientIT.lines(2000);
        byte[] after = "after the restart 1\nafter the restart 2\n".getBytes(StandardCharsets.US_ASCII);
        try (ClientRun run = ClientRun.start("-c", conf.toString(), "-rt", "500ms", "-v")) {
            run.stdin().write(before);
            run.stdin().flush();
            assertTrue(Commands.eventually(Duration.ofSeconds(15), () -> archived(downstream, sensor, "3").length == before.length), run.stderr());
            assertEquals(0, downstream.d4("stop", Duration.ofSeconds(60)).exitCode());
            Commands.Result started = downstream.d4("start", Duration.ofSeconds(100));
            assertEquals(0, started.exitCode(), started.output());
            run.stdin().write(after);
            run.stdin().close();
            assertEquals(0, run.await(Duration.ofSeconds(60)), run.stderr());
            assertTrue(run.stderr().contains("lost (closed by the server); reconnecting in 500 ms"), run.stderr());
            assertTrue(run.stderr().contains("connected to tls://127.0.0.1:" + downstream.sensorPort() + " again"), run.stderr());
        }
        String expected = new String(before, StandardCharsets.US_ASCII) + new String(after, StandardCharsets.US_ASCII);
        assertTrue(Commands.eventually(Duration.ofSeconds(15), () -> archived(downstream, sensor, "3").length == expected.length()),
                new String(archived(downstream, sensor, "3"), StandardCharsets.US_ASCII));
        assertEquals(expected, new String(archived(downstream, sensor, "3"), StandardCharsets.US_ASCII), "every line once, in order");
    }

    /** Streams lines into an appliance with the client jar, as a sensor. */
    private static void feed(Appliance into, int type, byte[] data) throws Exception {
        UUID sensor = ClientRun.approvedSensor(into, "feed key");
        Path conf = ClientRun.configDir(sensor, "feed key", type, 4096, "stdin", "127.0.0.1:" + into.sensorPort(), Map.of());
        ClientRun run = ClientRun.complete(data, Duration.ofSeconds(60), "-c", conf.toString());
        assertEquals(0, run.exitCode(), run.stderr());
    }

    private static UUID queue(Appliance on, int type) throws Exception {
        JsonNode created = JSON.readTree(on.api("POST", "/queues", "{\"type\": " + type + ", \"description\": \"forwarded\"}").body());
        return UUID.fromString(created.path("uuid").asText());
    }

    private static long queueLength(Appliance on, UUID queue) throws Exception {
        return JSON.readTree(on.api("GET", "/queues/" + queue, null).body()).path("length").asLong();
    }

    private static byte[] pdnsLines(String tag, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append("1700000000||10.0.0.").append(i % 250).append("||10.0.1.1||IN||").append(tag).append(i).append(".example||A||192.0.2.")
                    .append(i % 250).append("||300||1\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] archived(Appliance on, UUID sensor, String type) {
        return IngestIT.archivedIn(on, sensor, type);
    }
}
