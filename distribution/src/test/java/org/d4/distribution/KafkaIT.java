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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
    static final String PASSWORD = "kafka-it-secret";
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
        broker = KafkaBroker.startSecured("d4", PASSWORD);
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
                // small polls: a burst takes the intake a few seconds, long enough to see its lag
                // type 4 has no analyzer there: it waits in Kafka until a queue takes it
                // over TLS with SASL, as to an operator's brokers: the intake's consumer and the dead letters' producer
                .config("d4.queue.kafka.intake", Map.of("bootstrap.servers", broker.secureBootstrapServers(), "types", "8,4", "retry.delay.ms", "500",
                        "client.settings", broker.security().clientSettings(PASSWORD) + ", max.poll.records=100")).start();
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
        assertEquals(expected, received(items).stream().filter(l -> l.startsWith(sensor.toString())).toList(), "every line once, in order, with its sensor");
    }

    @Test
    void theIntakesLagAndRateAreOnTheAnalyzersPageAndInTheApi() throws Exception {
        assertTrue(Commands.eventually(Duration.ofSeconds(60), () -> feedField("partitions") == 1), "the intake reads d4.8's partition: " + feeds());
        long before = feedField("taken");
        UUID sensor = UUID.randomUUID();
        int burst = 20_000;
        // an external analyzer's queue on the analysis node (REST pop, as RESP reads it): fed by the intake like the analyzers
        String queue = Answers.json(analyzerNode.api("POST", "/queues", "{\"type\": 8, \"sensors\": [\"" + sensor + "\"], \"max_size\": 30000}"))
                .path("uuid").asText();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < burst; i++) {
                producer.send(new ProducerRecord<>("d4.8", sensor.toString(), "burst line " + i));
            }
        }
        long most = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (feedField("taken") < before + burst && System.nanoTime() < deadline) {
            most = Math.max(most, feedField("lag"));
            Thread.sleep(100);
        }
        assertEquals(before + burst, feedField("taken"), "every record taken once: " + feeds());
        assertTrue(most > 0 && most <= burst, "the lag was seen while the intake caught up: " + most);
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> feedField("lag") == 0), "none left behind: " + feeds());
        com.fasterxml.jackson.databind.JsonNode source = Answers.json(analyzerNode.api("GET", "/feeds", null)).get(0).path("sources").get(0);
        assertEquals(8, source.path("type").asInt());
        double rate = source.path("units_per_second").asDouble();
        // a minute's mean: the burst, or the part of it still within the last minute on a slow machine, and nothing more
        assertTrue(rate > 0 && rate * 60 <= source.path("taken").asLong() + 1, "the rate over the minute counts the burst: " + source);

        List<String> popped = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (com.fasterxml.jackson.databind.JsonNode item : Answers.json(analyzerNode.api("POST", "/queues/" + queue + "/pop?n=10000", null))) {
                assertEquals(sensor.toString(), item.path("sensor").asText());
                popped.add(item.path("data").asText());
            }
        }
        assertEquals(numbered("burst line ", 0, burst), popped, "an external analyzer pops every unit, in order");

        String page = analyzerNode.get("/system/console/d4-analyzers", analyzerNode.adminCredentials()).body();
        assertTrue(page.contains("Fed by Kafka intake") && page.contains("group d4-analyzers at " + broker.secureBootstrapServers()), page);
        String row = page.substring(page.indexOf("<td>d4.8</td>"));
        assertTrue(row.startsWith("<td>d4.8</td><td>8</td><td class='num'>1</td><td class='num'>0</td>"), "topic, data, partitions, lag: " + row);
    }

    @Test
    void aTopicNoLocalQueueTakesWaitsInKafkaUntilOneDoes() throws Exception {
        UUID sensor = UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 500; i++) {
                producer.send(new ProducerRecord<>("d4.4", sensor.toString(), "held line " + i));
            }
        }
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> source("d4.4").path("lag").asLong() >= 500
                && feeds().contains("waiting for a local queue") && feeds().contains("d4.4")), "it waits, and says so: " + feeds());
        String queue = Answers.json(analyzerNode.api("POST", "/queues", "{\"type\": 4, \"sensors\": [\"" + sensor + "\"], \"max_size\": 1000}"))
                .path("uuid").asText();
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> queueLength(queue) == 500), "taken once a queue takes type 4: " + feeds());
        List<String> popped = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode item : Answers.json(analyzerNode.api("POST", "/queues/" + queue + "/pop?n=1000", null))) {
            popped.add(item.path("data").asText());
        }
        assertEquals(numbered("held line ", 0, 500), popped, "none lost while no queue took them");
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> !feeds().contains("waiting for a local queue")), feeds());
    }

    private static long queueLength(String queue) {
        try {
            return Answers.json(analyzerNode.api("GET", "/queues/" + queue, null)).path("length").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    /** A topic's entry in the intake's status ({@code GET /feeds}). */
    private static com.fasterxml.jackson.databind.JsonNode source(String topic) {
        try {
            for (com.fasterxml.jackson.databind.JsonNode s : Answers.json(analyzerNode.api("GET", "/feeds", null)).path(0).path("sources")) {
                if (s.path("name").asText().equals(topic)) {
                    return s;
                }
            }
        } catch (Exception e) {
            // not there
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    @Test
    void aNodeWithAWrongPasswordKeepsItsUnitsAndSaysWhy() throws Exception {
        try (Appliance refused = Appliance.fromImage(ServerImageIT.IMAGE)
                .config("d4.queue.kafka", Map.of("bootstrap.servers", broker.secureBootstrapServers(), "types", "8", "retry.delay.ms", "500",
                        "client.settings", broker.security().clientSettings("not-the-password"))).start()) {
            deployKafka(refused);
            assertTrue(Commands.eventually(Duration.ofSeconds(60), () -> ClusterIT.log(refused).contains("Forwarding [d4.8] to Kafka")),
                    "its forwarding queue exists before the sensor sends: " + ClusterIT.log(refused));
            UUID sensor = ClientRun.approvedSensor(refused, "refused key");
            StringBuilder lines = new StringBuilder();
            numbered("refused line ", 0, 100).forEach(l -> lines.append(l).append('\n'));
            Path conf = ClientRun.configDir(sensor, "refused key", 8, 4096, "stdin", "127.0.0.1:" + refused.sensorPort(), Map.of());
            ClientRun run = ClientRun.complete(lines.toString().getBytes(StandardCharsets.UTF_8), RUN, "-c", conf.toString());
            assertEquals(0, run.exitCode(), run.stderr());
            assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> ClusterIT.log(refused).contains("to Kafka topic d4.8 fails (SaslAuthenticationException: Authentication failed")),
                    "the refusal is logged: " + ClusterIT.log(refused));
            assertEquals(100, queueField(refused, "kafka:d4.8", "length"), "its units wait in the local queue");
            long refusals = ClusterIT.log(refused).lines().filter(l -> l.contains("failed authentication")).count();
            assertTrue(refusals <= 4, "the client library's own line about it is not repeated every second: " + refusals);
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "group.id", "it-refused",
                    "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("d4.8"));
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        assertTrue(!r.key().equals(sensor.toString()), "nothing of its sensor reached the brokers: " + r.value());
                    }
                }
            }
        }
    }

    @Test
    void anAnalyzersDeadLettersGoToTheirTopic() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "kafka poison key");
        Path conf = ClientRun.configDir(sensor, "kafka poison key", 8, 4096, "stdin", "127.0.0.1:" + d4.sensorPort(), Map.of());
        ClientRun run = ClientRun.complete("poison in the cluster\nfine after it\n".getBytes(StandardCharsets.UTF_8), RUN, "-c", conf.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "group.id", "it-dead",
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("d4.dead-letters"));
            List<ConsumerRecord<String, String>> dead = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (dead.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(dead::add);
            }
            assertEquals(1, dead.size(), "one dead letter");
            ConsumerRecord<String, String> r = dead.get(0);
            assertEquals(sensor.toString(), r.key());
            assertEquals("poison in the cluster", r.value());
            assertEquals("test-pdns", header(r, "d4.analyzer"));
            assertEquals("8", header(r, "d4.data"));
            assertEquals("2", header(r, "d4.attempts"), "the analyzer's max_attempts");
            assertTrue(header(r, "d4.error").contains("refusing a poisoned line"), header(r, "d4.error"));
            java.time.Instant.parse(header(r, "d4.set-aside"));
        }
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> analyzerField("dead_letters") == 0), "it left the analyzer's queue");
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> feeds().contains("\"dead letters sent to Kafka\":1")), feeds());
        Path items = analyzerNode.home().resolve("data/test-analyzer/test-pdns.items");
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> received(items).contains(sensor + " fine after it")), "the line after it went on");
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        org.apache.kafka.common.header.Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The analysis node's {@code GET /feeds}, as text. */
    private static String feeds() {
        try {
            return analyzerNode.api("GET", "/feeds", null).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** A number of d4.8 in the intake's status ({@code GET /feeds}), -1 when not there. */
    private static long feedField(String field) {
        com.fasterxml.jackson.databind.JsonNode value = source("d4.8").path(field);
        return value.isNumber() ? value.asLong() : -1;
    }

    private static long analyzerField(String field) {
        try {
            return Answers.json(analyzerNode.api("GET", "/analyzers/test-pdns", null)).path(field).asLong(-1);
        } catch (Exception e) {
            return -1;
        }
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
        return numbered("kafka line ", from, to);
    }

    private static List<String> numbered(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(prefix + i);
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
