// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.KafkaBroker;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka inside the appliance, against the harness's broker. The client library: the image ships it
 * as a bundle in {@code analyzers/} (feature queue-kafka, not started by default); deployed with a
 * test bundle that uses it, records go to the broker and come back in order per key, LZ4-compressed.
 * Forwarding ({@code etc/d4.queue.kafka.cfg}): the lines a sensor sends reach the topic {@code d4.3},
 * keyed by the sensor's UUID, in order; while the broker is down the appliance keeps taking lines
 * into its local queue and forwards them when it is back.
 */
class KafkaIT {
    static final Duration RUN = Duration.ofSeconds(60);
    static final Path PROBE = Path.of(System.getProperty("d4.test.kafka.probe", "test-kafka-probe/target/d4-test-kafka-probe.jar"));
    @AutoClose
    static KafkaBroker broker;
    @AutoClose
    static Appliance d4;
    /** A second appliance, for analysis only: it takes type 8 from Kafka for its analyzers. */
    @AutoClose
    static Appliance analyzerNode;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
        d4 = Appliance.fromImage(ServerImageIT.IMAGE)
                .config("d4.queue.kafka", Map.of("bootstrap.servers", broker.bootstrapServers(), "types", "3,7,8", "retry.delay.ms", "500",
                        "client.settings", "max.request.size=100000"))
                .config("d4.test.kafka", Map.of("bootstrap.servers", broker.bootstrapServers())).start();
        try (DirectoryStream<Path> boot = Files.newDirectoryStream(d4.home().resolve("bundle"), "d4-*kafka*.jar")) {
            assertTrue(!boot.iterator().hasNext(), "not among the boot bundles");
        }
        Files.copy(PROBE, d4.home().resolve("deploy/d4-test-kafka-probe.jar"));
        deployKafka(d4);
        assertTrue(Commands.eventually(Duration.ofSeconds(60), () -> log().contains("Forwarding [d4.3, d4.7, d4.8] to Kafka at " + broker.bootstrapServers())),
                "the forwarder started: " + log());

        analyzerNode = Appliance.fromImage(ServerImageIT.IMAGE)
                .config("d4.queue.kafka.intake", Map.of("bootstrap.servers", broker.bootstrapServers(), "types", "8", "retry.delay.ms", "500")).start();
        deployKafka(analyzerNode);
        Files.copy(AnalyzerLoopIT.TEST_ANALYZER, analyzerNode.home().resolve("deploy/d4-test-analyzer.jar"));
    }

    static void deployKafka(Appliance on) throws Exception {
        for (String glob : new String[] {"d4-kafka-clients-*.jar", "d4-queue-kafka-*.jar"}) {
            try (DirectoryStream<Path> shipped = Files.newDirectoryStream(on.home().resolve("analyzers"), glob)) {
                for (Path jar : shipped) {
                    Files.copy(jar, on.home().resolve("deploy").resolve(jar.getFileName()));
                }
            }
        }
    }

    @Test
    void anAnalyzerOnAnotherApplianceGetsEveryLineInOrder() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "kafka key");
        List<String> lines = numbered(0, 3_000);
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l).append('\n'));
        Path conf = ClientRun.configDir(sensor, "kafka key", 8, 4096, "stdin", "127.0.0.1:" + d4.sensorPort(), Map.of());
        ClientRun run = ClientRun.complete(text.toString().getBytes(StandardCharsets.UTF_8), RUN, "-c", conf.toString());
        assertEquals(0, run.exitCode(), run.stderr());

        Path items = analyzerNode.home().resolve("data/test-analyzer/test-pdns.items");
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> received(items).size() >= lines.size()),
                "received " + received(items).size() + "; log: " + analyzerNode.readLog());
        List<String> expected = lines.stream().map(l -> sensor + " " + l).toList();
        assertEquals(expected, received(items), "every line once, in order, with its sensor");
    }

    /** {@code <sensor> <text>} of each item the test analyzer logged (its sequence left out: it is the node's own). */
    private static List<String> received(Path items) {
        try {
            return Files.exists(items) ? Files.readAllLines(items).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList() : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    @Test
    void aUnitTheBrokersCanNeverTakeIsSetAsideAndTheRestGoesOn() throws Exception {
        assertEquals(200, d4.api("POST", "/types/7", null).statusCode());     // YAF: a raw type, one unit per payload
        UUID sensor = ClientRun.approvedSensor(d4, "kafka big key");
        org.d4.protocol.FrameEncoder frames = new org.d4.protocol.FrameEncoder("kafka big key".getBytes(StandardCharsets.UTF_8));
        long now = java.time.Instant.now().getEpochSecond();
        try (org.d4.itest.TlsSensor s = d4.connectSensor()) {
            // in one write, so that both are likely in one batch: the unit after the one set aside still counts once
            s.send(IngestIT.concat(frames.encode(7, sensor, now, new byte[150_000]),     // above the producer's max.request.size
                    frames.encode(7, sensor, now, "after".getBytes(StandardCharsets.UTF_8))));
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "group.id", "it-7",
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("d4.7"));
            assertEquals(List.of("after"), read(consumer, sensor, 1));
            assertTrue(consumer.poll(Duration.ofSeconds(2)).isEmpty(), "nothing else");
        }
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> queueField("kafka:d4.7", "dead_letters") == 1), "set aside in the local queue");
        assertTrue(log().contains("can never go to Kafka topic d4.7"), "and logged");
    }

    @Test
    void theClientLibraryWorksInsideTheFramework() throws Exception {
        Path result = d4.home().resolve("data/test-kafka-probe/result");
        assertTrue(Commands.eventually(Duration.ofSeconds(120), () -> Files.exists(result)), "the probe ran; log: " + log());
        List<String> expected = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            List<String> values = new ArrayList<>();
            for (int i = k; i < 90; i += 3) {
                values.add(Integer.toString(i));
            }
            expected.add("sensor-" + k + "=" + values);
        }
        assertEquals("ok 90 {" + String.join(", ", expected) + "}", Files.readString(result).strip());
    }

    @Test
    void linesReachTheirTopicInOrderAlsoAcrossABrokerOutage() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "kafka outage key");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "group.id", "it",
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("d4.3"));
            send(sensor, 0, 1_000);
            assertEquals(numbered(0, 1_000), read(consumer, sensor, 1_000));
        }

        broker.kill();
        send(sensor, 1_000, 2_000);       // taken by the appliance while no broker answers
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> waiting() == 1_000), "they wait in the local queue: " + waiting());
        broker.startAgain();

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "group.id", "it",
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("d4.3"));
            assertEquals(numbered(1_000, 2_000), read(consumer, sensor, 1_000), "what waited, in order, once");
        }
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> waiting() == 0), "the local queue is empty again: " + waiting());
    }

    /** Units in the forwarder's local queue of d4.3 (REST), -1 when it cannot be read. */
    private static long waiting() {
        return queueField("kafka:d4.3", "length");
    }

    private static long queueField(String owner, String field) {
        return queueField(d4, owner, field);
    }

    /** A field of the queue an appliance lists with this owner (REST), -1 when it cannot be read. */
    static long queueField(Appliance on, String owner, String field) {
        try {
            for (com.fasterxml.jackson.databind.JsonNode q : Answers.json(on.api("GET", "/queues", null))) {
                if (q.path("owner").asText().equals(owner)) {
                    return q.path(field).asLong();
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    private static void send(UUID sensor, int from, int to) throws Exception {
        StringBuilder lines = new StringBuilder();
        numbered(from, to).forEach(l -> lines.append(l).append('\n'));
        Path conf = ClientRun.configDir(sensor, "kafka outage key", 3, 4096, "stdin", "127.0.0.1:" + d4.sensorPort(), Map.of());
        ClientRun run = ClientRun.complete(lines.toString().getBytes(StandardCharsets.UTF_8), RUN, "-c", conf.toString());
        assertEquals(0, run.exitCode(), run.stderr());
    }

    private static List<String> numbered(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("kafka line " + i);
        }
        return out;
    }

    /** The values of {@code count} records (or what came within a minute), each keyed by the sensor. */
    private static List<String> read(KafkaConsumer<String, String> consumer, UUID sensor, int count) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (values.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                assertEquals(sensor.toString(), r.key());
                values.add(r.value());
            }
        }
        consumer.commitSync();
        return values;
    }

    private static String log() {
        try {
            return d4.readLog();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
