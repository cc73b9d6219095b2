// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.KafkaBroker;
import org.d4.itest.TlsSensor;
import org.d4.protocol.FrameEncoder;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three appliances and one broker as one sensor network: two ingest nodes that share the registry
 * ({@code etc/d4.cluster.registry.cfg}) and forward passive DNS lines (type 8) to Kafka, and an
 * analysis node that takes type 8 in for its passive DNS analyzer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    static final Duration RUN = Duration.ofSeconds(60);
    @AutoClose
    static KafkaBroker broker;
    @AutoClose
    static Appliance one;
    @AutoClose
    static Appliance two;
    @AutoClose
    static Appliance analysis;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
        one = ingestNode();
        assertTrue(Commands.eventually(Duration.ofSeconds(60), () -> log(one).contains("Registry: the cluster was empty")), "node one seeds: " + log(one));
        two = ingestNode();
        assertTrue(Commands.eventually(Duration.ofSeconds(60), () -> log(two).contains("Registry: joined the cluster")), "node two joins: " + log(two));
        analysis = Appliance.fromImage(ServerImageIT.IMAGE)
                .config("d4.queue.kafka.intake", Map.of("bootstrap.servers", broker.bootstrapServers(), "types", "8", "retry.delay.ms", "500")).start();
        KafkaIT.deployKafka(analysis);
        try (Stream<Path> shipped = Files.list(analysis.home().resolve("analyzers"))) {
            Path jar = shipped.filter(p -> p.getFileName().toString().startsWith("analyzer-passivedns-")).findFirst().orElseThrow();
            Files.copy(jar, analysis.home().resolve("deploy").resolve(jar.getFileName()));
        }
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> pdnsStatus("/pdns/info") == 200), "the analyzer's query server is up");
    }

    static Appliance ingestNode() throws Exception {
        Appliance node = Appliance.fromImage(ServerImageIT.IMAGE)
                .config("d4.queue.kafka", Map.of("bootstrap.servers", broker.bootstrapServers(), "types", "8", "retry.delay.ms", "500"))
                .config("d4.cluster.registry", Map.of("bootstrap.servers", broker.bootstrapServers(), "retry.delay.ms", "500")).start();
        KafkaIT.deployKafka(node);
        return node;
    }

    @Test
    @Order(1)
    void aSensorApprovedOnOneNodeIsAcceptedByTheOtherWithinASecond() throws Exception {
        List<Long> millis = new ArrayList<>();
        UUID sensor = null;
        for (int i = 0; i < 5; i++) {
            sensor = ClientRun.approvedSensor(one, "cluster key");
            long start = System.nanoTime();
            UUID s = sensor;
            assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> "approved".equals(status(two, s))), "node two knows it");
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        System.out.println("registry change seen on the other node after (ms): " + millis);
        assertTrue(millis.stream().sorted().toList().get(2) < 1_000, "half of the changes within a second: " + millis);

        FrameEncoder frames = new FrameEncoder("cluster key".getBytes(StandardCharsets.UTF_8));
        try (TlsSensor live = two.connectSensor()) {
            live.send(frames.encode(8, sensor, Instant.now().getEpochSecond(), (PassiveDnsIT.line(1_700_000_000L, "live.example", "A", "192.0.2.1", 1) + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            assertTrue(live.stillOpenAfter(Duration.ofMillis(500)), "node two accepts the sensor node one approved");
            assertEquals(200, one.api("POST", "/sensors/" + sensor + "/kick", null).statusCode());
            assertTrue(live.closedByServer(Duration.ofSeconds(5)), "a kick on node one closes its connection on node two");
        }

        UUID blacklisted = ClientRun.approvedSensor(one, "cluster key");
        assertEquals(200, two.api("POST", "/blacklist/uuid/" + blacklisted, null).statusCode());
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> blacklistedOn(one, blacklisted)), "blacklisted on node one too");
        try (TlsSensor refused = one.connectSensor()) {
            refused.send(frames.encode(8, blacklisted, Instant.now().getEpochSecond(), "x\n".getBytes(StandardCharsets.UTF_8)));
            assertTrue(refused.closedByServer(Duration.ofSeconds(5)), "refused on node one");
        }
    }

    @Test
    @Order(2)
    void linesSentToBothIngestNodesReachTheAnalyzerOnTheThirdOnce() throws Exception {
        UUID a = ClientRun.approvedSensor(one, "pdns a");
        UUID b = ClientRun.approvedSensor(one, "pdns b");
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> "approved".equals(status(two, b))));
        Map<String, Integer> expected = new TreeMap<>();
        send(one, a, "pdns a", lines(0, 400, expected));
        send(two, b, "pdns b", lines(200, 600, expected));      // names 200-399 seen by both sensors
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> counts().equals(expected)),
                "every line once: " + diff(expected, counts()) + "; log: " + analysis.readLog());
    }

    // ---- helpers

    /** Lines for names {@code n<i>.cluster.example}, each seen {@code i % 3 + 1} times; the expected count added. */
    static List<String> lines(int from, int to, Map<String, Integer> expected) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String name = "n" + i + ".cluster.example";
            int count = i % 3 + 1;
            out.add(PassiveDnsIT.line(1_700_000_000L + i, name, "A", "192.0.2." + (i % 250 + 1), count));
            expected.merge(name, count, Integer::sum);
        }
        return out;
    }

    static void send(Appliance to, UUID sensor, String key, List<String> lines) throws Exception {
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l).append('\n'));
        Path conf = ClientRun.configDir(sensor, key, 8, 4096, "stdin", "127.0.0.1:" + to.sensorPort(), Map.of());
        ClientRun run = ClientRun.complete(text.toString().getBytes(StandardCharsets.UTF_8), RUN, "-c", conf.toString());
        assertEquals(0, run.exitCode(), run.stderr());
    }

    /** Each name of *.cluster.example the analyzer holds and its count. */
    static Map<String, Integer> counts() {
        Map<String, Integer> found = new TreeMap<>();
        try {
            var r = analysis.send(HttpRequest.newBuilder(analysis.uri("/pdns/query/*.cluster.example")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", analysis.adminToken()).header("dribble-paginate-count", "100000").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            for (JsonNode n : Answers.ndjson(r)) {
                found.merge(n.path("rrname").asText(), n.path("count").asInt(), Integer::sum);
            }
        } catch (Exception e) {
            return Map.of();
        }
        return found;
    }

    static String diff(Map<String, Integer> expected, Map<String, Integer> found) {
        List<String> d = new ArrayList<>();
        expected.forEach((k, v) -> {
            if (!v.equals(found.get(k))) {
                d.add(k + " " + found.get(k) + " instead of " + v);
            }
        });
        return d.size() + " names differ" + (d.isEmpty() ? "" : ", first " + d.subList(0, Math.min(5, d.size())));
    }

    static int pdnsStatus(String path) {
        try {
            return analysis.send(HttpRequest.newBuilder(analysis.uri(path)).header("Authorization", analysis.adminToken()).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static String status(Appliance on, UUID sensor) {
        try {
            return Answers.json(on.api("GET", "/sensors/" + sensor, null)).path("status").asText();
        } catch (Exception e) {
            return "";
        }
    }

    static boolean blacklistedOn(Appliance on, UUID sensor) {
        try {
            return on.api("GET", "/blacklist/uuid", null).body().contains(sensor.toString());
        } catch (Exception e) {
            return false;
        }
    }

    static String log(Appliance on) {
        try {
            return on.readLog();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
