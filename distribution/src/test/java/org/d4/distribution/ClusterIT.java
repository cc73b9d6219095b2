// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
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
 * analysis node that takes type 8 in for its passive DNS analyzer. A registry change made on one
 * node applies on the other; lines sent to both nodes reach the analyzer once each; a sensor whose
 * node is killed (kill -9) goes on with the other, and what the killed node archived arrives after
 * its restart; with the broker down for a minute both nodes keep taking lines and forward them later.
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
    void aSensorsConnectionOfATypeIsHeldByOneNodeAtATime() throws Exception {
        UUID sensor = ClientRun.approvedSensor(one, "single key");
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> "approved".equals(status(two, sensor))));
        FrameEncoder frames = new FrameEncoder("single key".getBytes(StandardCharsets.UTF_8));
        byte[] line = (PassiveDnsIT.line(1_700_000_000L, "single.example", "A", "192.0.2.1", 1) + "\n").getBytes(StandardCharsets.UTF_8);
        try (TlsSensor first = one.connectSensor()) {
            first.send(frames.encode(8, sensor, Instant.now().getEpochSecond(), line));
            assertTrue(first.stillOpenAfter(Duration.ofSeconds(1)), "node one takes it, and tells node two");
            try (TlsSensor second = two.connectSensor(); TlsSensor otherType = two.connectSensor()) {
                second.send(frames.encode(8, sensor, Instant.now().getEpochSecond(), line));
                otherType.send(frames.encode(3, sensor, Instant.now().getEpochSecond(), "a log line\n".getBytes(StandardCharsets.UTF_8)));
                assertTrue(second.closedByServer(Duration.ofSeconds(5)), "a second connection of type 8, on node two, is refused");
                assertTrue(otherType.stillOpenAfter(Duration.ofMillis(500)), "one of another type is not");
            }
            assertTrue(Commands.eventually(Duration.ofSeconds(5), () -> errors(two).contains("sensor " + sensor + " already has a live connection of type 8")),
                    "node two says why: " + errors(two));
        }
        // once node one's connection ended, node two takes the sensor (its release crossed the cluster)
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> {
            try (TlsSensor again = two.connectSensor()) {
                again.send(frames.encode(8, sensor, Instant.now().getEpochSecond(), line));
                return again.stillOpenAfter(Duration.ofMillis(500));
            } catch (java.io.IOException e) {
                return false;
            }
        }), "node two takes it after node one let it go");
    }

    @Test
    @Order(3)
    void linesSentToBothIngestNodesReachTheAnalyzerOnTheThirdOnce() throws Exception {
        UUID a = ClientRun.approvedSensor(one, "pdns a");
        UUID b = ClientRun.approvedSensor(one, "pdns b");
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> "approved".equals(status(two, b))));
        Map<String, Integer> expected = new TreeMap<>();
        send(one, a, "pdns a", lines("cluster", 0, 400, expected));
        send(two, b, "pdns b", lines("cluster", 200, 600, expected));      // names 200-399 seen by both sensors
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> counts("*.cluster.example").equals(expected)),
                "every line once: " + diff(expected, counts("*.cluster.example")) + "; log: " + analysis.readLog());

        // the cluster's statistics, on either node: each sensor's frames where they were taken, each node's share
        String idOne = Files.readString(one.home().resolve("data/cluster/node-id")).strip();
        String idTwo = Files.readString(two.home().resolve("data/cluster/node-id")).strip();
        long framesA = Answers.json(one.api("GET", "/sensors/" + a, null)).path("frames_today").asLong();
        long framesB = Answers.json(two.api("GET", "/sensors/" + b, null)).path("frames_today").asLong();
        assertTrue(framesA > 0 && framesB > 0, framesA + " " + framesB);
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> byNode(two, a).equals(Map.of(idOne, framesA))
                && byNode(one, b).equals(Map.of(idTwo, framesB))), "each node sees the other's counts: " + clusterStatistics(one));
        JsonNode cluster = Answers.json(one.api("GET", "/cluster/statistics", null));
        double shares = 0;
        for (JsonNode n : cluster.path("nodes")) {
            shares += n.path("share").asDouble();
            assertEquals(n.path("node").asText().equals(idOne), n.path("local").asBoolean(), n.toString());
        }
        assertEquals(2, cluster.path("nodes").size(), cluster.toString());
        assertEquals(1.0, shares, 0.001, "the shares make the whole");
        String page = two.get("/system/console/d4-dashboard", two.adminCredentials()).body();
        assertTrue(page.contains("id='d4-cluster-nodes'") && page.contains(idOne.substring(0, 8)) && page.contains(idTwo.substring(0, 8)),
                "the dashboard shows both nodes");
        assertEquals(404, analysis.api("GET", "/cluster/statistics", null).statusCode(), "an appliance outside the cluster has none");
    }

    /** The frames of a sensor each node took, as a node's {@code GET /cluster/statistics} gives them. */
    static Map<String, Long> byNode(Appliance on, UUID sensor) {
        Map<String, Long> out = new TreeMap<>();
        try {
            for (JsonNode s : Answers.json(on.api("GET", "/cluster/statistics", null)).path("sensors")) {
                if (s.path("uuid").asText().equals(sensor.toString())) {
                    s.path("nodes").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
                }
            }
        } catch (Exception e) {
            return Map.of();
        }
        return out;
    }

    /** The sensors' recorded errors on a node (REST), as text. */
    static String errors(Appliance on) {
        try {
            return on.api("GET", "/sensors/monitoring/errors", null).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    static String clusterStatistics(Appliance on) {
        try {
            return on.api("GET", "/cluster/statistics", null).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    @Order(4)
    void aKilledIngestNodesSensorFailsOverAndNothingItArchivedIsLost() throws Exception {
        UUID sensor = ClientRun.approvedSensor(one, "failover key");
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> "approved".equals(status(two, sensor))));
        Path conf = ClientRun.configDir(sensor, "failover key", 8, 4096, "stdin",
                "127.0.0.1:" + one.sensorPort() + ", 127.0.0.1:" + two.sensorPort(), Map.of());
        ClientRun run = ClientRun.start("-c", conf.toString());
        try (OutputStream in = run.stdin()) {
            write(in, 0, 1_000);
            assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> archivedNames(one, sensor).size() == 1_000), "node one archived the first lines");
            // the brokers have them: their removal from the forwarding queue is durable at once, so none goes twice after the kill
            assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> forwarding(one) == 0), "node one forwarded them");
            assertEquals(0, Commands.run(one.home(), Map.of(), Duration.ofSeconds(10), "kill", "-9", Long.toString(one.pid())).exitCode());
            for (int from = 1_000; from < 2_000; from += 100) {
                write(in, from, from + 100);
                Thread.sleep(100);
            }
        }
        assertEquals(0, run.await(RUN), run.stderr());
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> archivedNames(two, sensor).contains("f1999.failover.example")),
                "the sensor went on with node two: " + run.stderr());
        assertEquals(0, one.d4("start", Duration.ofSeconds(90)).exitCode(), "node one starts again after kill -9");

        Map<String, Integer> expected = new TreeMap<>();
        archivedNames(one, sensor).forEach(n -> expected.merge(n, 1, Integer::sum));
        archivedNames(two, sensor).forEach(n -> expected.merge(n, 1, Integer::sum));
        assertTrue(expected.size() >= 1_500, "most lines were kept: " + expected.size());
        assertTrue(Commands.eventually(Duration.ofSeconds(120), () -> counts("*.failover.example").equals(expected)),
                "every archived line reached the analyzer once: " + diff(expected, counts("*.failover.example")));
    }

    @Test
    @Order(5)
    void withTheBrokerDownForAMinuteBothNodesKeepTakingLinesAndForwardThemWhenItIsBack() throws Exception {
        UUID a = ClientRun.approvedSensor(one, "outage a");
        UUID b = ClientRun.approvedSensor(two, "outage b");
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> "approved".equals(status(one, b)) && "approved".equals(status(two, a))));
        broker.kill();
        long down = System.nanoTime();
        Map<String, Integer> expected = new TreeMap<>();
        send(one, a, "outage a", lines("outage", 0, 300, expected));
        send(two, b, "outage b", lines("outage", 300, 600, expected));
        UUID approvedMeanwhile = ClientRun.approvedSensor(two, "outage c");      // a registry change while the cluster is away
        Thread.sleep(Math.max(0, Duration.ofSeconds(60).toMillis() - (System.nanoTime() - down) / 1_000_000));
        broker.startAgain();
        assertTrue(Commands.eventually(Duration.ofSeconds(120), () -> counts("*.outage.example").equals(expected)),
                "every line once after the outage: " + diff(expected, counts("*.outage.example")));
        assertTrue(Commands.eventually(Duration.ofSeconds(60), () -> "approved".equals(status(one, approvedMeanwhile))), "the change made meanwhile arrives");
    }

    @Test
    @Order(6)
    void aNodeWhoseClusterConfigurationIsRemovedLeavesTheCluster() throws Exception {
        Path cfg = two.home().resolve("etc/d4.cluster.registry.cfg");
        String settings = Files.readString(cfg);
        Files.delete(cfg);
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> log(two).contains("Registry: left the cluster")), "node two leaves: " + log(two));
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> clusterStatistics(two).contains("not in a cluster")), "no cluster statistics on it");
        UUID own = ClientRun.approvedSensor(two, "own key");       // a change of its own, made outside the cluster
        UUID cluster = ClientRun.approvedSensor(one, "cluster key 2");

        // it joins again as a new node would: it takes the cluster's registry, its own change made meanwhile is not sent
        Files.writeString(cfg, settings);
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> "approved".equals(status(two, cluster))), "node two has the cluster's state again");
        assertEquals(404, two.api("GET", "/sensors/" + own, null).statusCode(), "its own entry, not the cluster's, is dropped");
        assertEquals(404, one.api("GET", "/sensors/" + own, null).statusCode(), "and was never sent to the cluster");
    }

    // ---- helpers

    static void write(OutputStream in, int from, int to) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++) {
            text.append(PassiveDnsIT.line(1_700_000_000L, "f" + i + ".failover.example", "A", "192.0.2.9", 1)).append('\n');
        }
        in.write(text.toString().getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The names of the lines an appliance archived for a sensor (type 8). */
    static List<String> archivedNames(Appliance on, UUID sensor) {
        List<String> names = new ArrayList<>();
        for (String line : new String(IngestIT.archivedIn(on, sensor, "8"), StandardCharsets.UTF_8).split("\n")) {
            String[] fields = line.split("\\|\\|");
            if (fields.length > 4) {
                names.add(fields[4]);
            }
        }
        return names;
    }

    /** Lines for names {@code n<i>.<zone>.example}, each seen {@code i % 3 + 1} times; the expected count added. */
    static List<String> lines(String zone, int from, int to, Map<String, Integer> expected) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String name = "n" + i + "." + zone + ".example";
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

    /** Each name the analyzer holds for a query ({@code *.cluster.example}) and its count. */
    static Map<String, Integer> counts(String query) {
        Map<String, Integer> found = new TreeMap<>();
        try {
            var r = analysis.send(HttpRequest.newBuilder(analysis.uri("/pdns/query/" + query)).timeout(Duration.ofSeconds(30))
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

    /** Units waiting in a node's forwarding queue of d4.8, -1 when it cannot be read. */
    static long forwarding(Appliance on) {
        return KafkaIT.queueField(on, "kafka:d4.8", "length");
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
