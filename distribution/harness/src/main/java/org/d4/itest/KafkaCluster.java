// SPDX-License-Identifier: Apache-2.0
package org.d4.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Several {@link KafkaBroker}s as one KRaft cluster, for the failover tests: each node is broker and
 * controller ({@code node.id} 1 to n, every controller a voter), all formatted with one cluster id
 * in one temp folder ({@code broker-<id>/} each). Topics get a copy on every broker and need a
 * majority of the copies in sync, so with three brokers any one may be killed and the cluster
 * still takes {@code acks=all} writes. Kill and restart a node through {@link #broker}.
 *
 * <pre>
 * try (KafkaCluster kafka = KafkaCluster.start(3)) {
 *     kafka.broker(1).kill();             // the other two go on
 *     kafka.broker(1).startAgain();
 * }
 * </pre>
 */
public final class KafkaCluster implements AutoCloseable {
    private static final String HEAP = "384m";

    private final Path home;
    private final List<KafkaBroker> brokers;

    private KafkaCluster(Path home, List<KafkaBroker> brokers) {
        this.home = home;
        this.brokers = List.copyOf(brokers);
    }

    /** Formats a new cluster of {@code count} nodes in a temp folder and starts it; returns when every broker takes connections. */
    public static KafkaCluster start(int count) throws IOException, InterruptedException {
        if (count < 1) {
            throw new IllegalArgumentException("a cluster has at least one broker: " + count);
        }
        KafkaBroker.requireLib();
        Path home = Files.createTempDirectory("d4-kafka-");
        List<KafkaBroker> nodes = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            nodes.add(new KafkaBroker(home.resolve("broker-" + id), id, Ports.free(), Ports.free(), HEAP));
        }
        KafkaCluster cluster = new KafkaCluster(home, nodes);
        try {
            String voters = nodes.stream().map(KafkaBroker::voter).collect(Collectors.joining(","));
            String clusterId = KafkaBroker.clusterId();
            for (KafkaBroker b : nodes) {
                b.format(clusterId, voters, count);
            }
            // all at once: a node's broker waits for a majority of the controllers before it takes connections
            for (KafkaBroker b : nodes) {
                b.launch();
            }
            for (KafkaBroker b : nodes) {
                b.awaitUp();
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code host:port} of every broker, comma-separated, for the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return brokers.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(","));
    }

    /** The node with this {@code node.id} (1 to n), to stop, kill or start again. */
    public KafkaBroker broker(int nodeId) {
        if (nodeId < 1 || nodeId > brokers.size()) {
            throw new IllegalArgumentException("no broker " + nodeId + " in a cluster of " + brokers.size());
        }
        return brokers.get(nodeId - 1);
    }

    public List<KafkaBroker> brokers() {
        return brokers;
    }

    public Path home() {
        return home;
    }

    /**
     * Kills every broker and removes the folder. No controlled shutdown: the data goes anyway, and
     * the last broker's would wait for a quorum of controllers that is gone.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        for (KafkaBroker b : brokers) {
            b.kill();
        }
        Commands.deleteTree(home);
    }
}
