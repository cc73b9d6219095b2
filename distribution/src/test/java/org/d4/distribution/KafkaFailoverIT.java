// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.KafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster on three brokers, each killed (kill -9) in turn while a sensor streams: an ingest node
 * forwards passive DNS lines (type 8) to all three, an analysis node takes them in for the test
 * analyzer, and both share the registry. Every broker is killed once, so whichever led the topic's
 * partition, the registry's and the consumer group's coordinator went down while leading. With two
 * of three brokers up the cluster stays available: every line reaches the analyzer once and in
 * order, the forwarder never logs an outage, and a sensor approved during each broker's absence is
 * approved on the analysis node.
 */
class KafkaFailoverIT {
    static final Duration RUN = Duration.ofSeconds(60);
    static final String KEY = "failover key";
    /** What the forwarder logs when the brokers keep a batch 30 s or refuse it ({@code Outage}). */
    static final Pattern OUTAGE = Pattern.compile("to Kafka topic d4\\.8 (waits|fails) \\(");
    static KafkaCluster kafka;
    static Appliance ingest;
    static Appliance analysis;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaCluster.start(3);
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> liveBrokers() == 3), "three brokers serve: " + liveBrokers());
        ingest = Appliance.fromImage(ServerImageIT.IMAGE)
                .config("d4.queue.kafka", Map.of("bootstrap.servers", kafka.bootstrapServers(), "types", "8", "retry.delay.ms", "500"))
                .config("d4.cluster.registry", Map.of("bootstrap.servers", kafka.bootstrapServers(), "retry.delay.ms", "500")).start();
        KafkaIT.deployKafka(ingest);
        assertTrue(Commands.eventually(Duration.ofSeconds(60), () -> ClusterIT.log(ingest).contains("Registry: the cluster was empty")),
                "the ingest node seeds the registry: " + ClusterIT.log(ingest));
        analysis = Appliance.fromImage(ServerImageIT.IMAGE)
                .config("d4.queue.kafka.intake", Map.of("bootstrap.servers", kafka.bootstrapServers(), "types", "8", "retry.delay.ms", "500"))
                .config("d4.cluster.registry", Map.of("bootstrap.servers", kafka.bootstrapServers(), "retry.delay.ms", "500")).start();
        KafkaIT.deployKafka(analysis);
        Files.copy(AnalyzerLoopIT.TEST_ANALYZER, analysis.home().resolve("deploy/d4-test-analyzer.jar"));
        assertTrue(Commands.eventually(Duration.ofSeconds(60), () -> ClusterIT.log(analysis).contains("Registry: joined the cluster")),
                "the analysis node joins: " + ClusterIT.log(analysis));
        // the analyzer's queue exists before the first unit is taken in, or that unit would have nowhere to go
        assertTrue(Commands.eventually(Duration.ofSeconds(60), () -> analyzerDeployed()), "the test analyzer is bound");
    }

    @AfterAll
    static void stop() throws Exception {
        // the appliances first, so that their Kafka clients close while the brokers still answer
        Exception first = null;
        for (AutoCloseable c : new AutoCloseable[] {analysis, ingest, admin, kafka}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Test
    void everyLineArrivesOnceInOrderWhileEachBrokerIsKilledInTurn() throws Exception {
        UUID sensor = ClientRun.approvedSensor(ingest, KEY);
        Path items = analysis.home().resolve("data/test-analyzer/test-pdns.items");
        Path conf = ClientRun.configDir(sensor, KEY, 8, 4096, "stdin", "127.0.0.1:" + ingest.sensorPort(), Map.of());
        List<UUID> approvedMeanwhile = new ArrayList<>();
        int written;
        try (ClientRun run = ClientRun.start("-c", conf.toString())) {
            long started = System.nanoTime();
            Lines lines = new Lines(run.stdin(), items);
            try (lines) {
                assertTrue(Commands.eventually(Duration.ofSeconds(60), () -> size(items) > 0), "lines flow before any kill");
                assertEquals(3, partition("d4.8").replicas().size(), "the forwarded topic has a copy on each broker");
                for (int id = 1; id <= 3; id++) {
                    System.out.printf("killing broker %d; d4.8 led by %d, d4.registry by %d, the group coordinator is %d%n", id,
                            partition("d4.8").leader().id(), partition("d4.registry").leader().id(), coordinator());
                    long killed = System.nanoTime();
                    kafka.broker(id).kill();
                    approvedMeanwhile.add(ClientRun.approvedSensor(ingest, "meanwhile " + id));
                    // down until the controllers fenced it (its partitions have other leaders), and a while longer
                    assertTrue(Commands.eventually(Duration.ofSeconds(60), () -> liveBrokers() == 2), "broker " + id + " fenced");
                    System.out.printf("broker %d fenced after %d ms%n", id, (System.nanoTime() - killed) / 1_000_000);
                    Thread.sleep(3_000);
                    kafka.broker(id).startAgain();
                    // the next kill leaves two copies in sync only once this broker caught up again
                    assertTrue(Commands.eventually(Duration.ofSeconds(60), () -> allInSync()), "broker " + id + " back in sync");
                }
                Thread.sleep(2_000);
            }
            System.out.printf("%d lines written in %d s; longest the analyzer got nothing while they flowed: %d ms%n", lines.written(),
                    (System.nanoTime() - started) / 1_000_000_000, lines.worstGapMs());
            assertEquals(0, run.await(RUN), run.stderr());
            written = lines.written();
        }

        List<String> expected = Lines.numbered(sensor, written);
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> received(items).size() >= expected.size()),
                "received " + received(items).size() + " of " + expected.size() + "; log: " + ClusterIT.log(analysis));
        assertEquals(expected, received(items), "every line once, in order, with its sensor");
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> ClusterIT.forwarding(ingest) == 0),
                "the forwarding queue empties: " + ClusterIT.forwarding(ingest));
        for (UUID s : approvedMeanwhile) {
            assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> "approved".equals(ClusterIT.status(analysis, s))),
                    "approved while a broker was down, approved on the analysis node: " + s);
        }
        // with two of three brokers up the cluster stays available: no outage for the forwarder to report
        assertEquals(List.of(), ClusterIT.log(ingest).lines().filter(l -> OUTAGE.matcher(l).find()).toList(), "no outage logged");
    }

    /** {@code <sensor> <text>} of each item the test analyzer logged (its sequence left out: it is the node's own). */
    private static List<String> received(Path items) {
        try {
            return Files.exists(items) ? Files.readAllLines(items).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList() : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean analyzerDeployed() {
        try {
            return Answers.json(analysis.api("GET", "/analyzers/test-pdns", null)).path("deployed").asBoolean(false);
        } catch (Exception e) {
            return false;
        }
    }

    /** Brokers the controllers count as alive (not fenced), -1 when the cluster does not answer. */
    private static int liveBrokers() {
        try {
            return admin.describeCluster().nodes().get().size();
        } catch (Exception e) {
            return -1;
        }
    }

    /** True when every partition of every topic, the internal ones too, has all its copies in sync. */
    private static boolean allInSync() {
        try {
            Map<String, TopicDescription> topics = admin.describeTopics(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get())
                    .allTopicNames().get();
            return topics.values().stream().flatMap(t -> t.partitions().stream()).allMatch(p -> p.isr().size() == p.replicas().size());
        } catch (Exception e) {
            return false;
        }
    }

    private static TopicPartitionInfo partition(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0);
    }

    /** The broker coordinating the analysis nodes' consumer group (its offsets' partition leader). */
    private static int coordinator() throws Exception {
        return admin.describeConsumerGroups(List.of("d4-analyzers")).all().get().get("d4-analyzers").coordinator().id();
    }

    /** Numbered lines written to the client's stdin in chunks on a thread of its own, noting the analyzer's longest pause. */
    private static final class Lines implements AutoCloseable {
        static final int CHUNK = 50;
        private final OutputStream in;
        private final Path items;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile int count;
        private volatile long worstGapNanos;
        private volatile IOException failure;

        Lines(OutputStream in, Path items) {
            this.in = in;
            this.items = items;
            this.thread = new Thread(this::run, "failover lines");
            thread.start();
        }

        private void run() {
            long lastGrowth = 0;
            long lastSize = 0;
            try {
                while (running) {
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < CHUNK; i++) {
                        text.append("failover line ").append(count + i).append('\n');
                    }
                    in.write(text.toString().getBytes(StandardCharsets.UTF_8));
                    in.flush();
                    count += CHUNK;
                    Thread.sleep(100);
                    long now = System.nanoTime();
                    long size = size(items);
                    if (size > lastSize) {
                        lastSize = size;
                        lastGrowth = now;
                    } else if (lastGrowth > 0) {
                        worstGapNanos = Math.max(worstGapNanos, now - lastGrowth);
                    }
                }
            } catch (IOException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        int written() {
            return count;
        }

        long worstGapMs() {
            return worstGapNanos / 1_000_000;
        }

        static List<String> numbered(UUID sensor, int count) {
            List<String> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(sensor + " failover line " + i);
            }
            return out;
        }

        /** Stops writing and closes stdin: the client sends what it has and ends. */
        @Override
        public void close() throws IOException, InterruptedException {
            running = false;
            thread.join(30_000);
            if (thread.isAlive()) {
                // closing stdin would wait for the blocked write; ending the client ends that write
                throw new AssertionError("the client stopped reading its input");
            }
            in.close();
            if (failure != null) {
                throw failure;
            }
        }
    }
}
