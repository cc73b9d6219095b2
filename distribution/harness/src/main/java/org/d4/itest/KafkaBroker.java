// SPDX-License-Identifier: Apache-2.0
package org.d4.itest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker for the image tests: KRaft mode, one process that is broker and
 * controller, in a temp folder on free loopback ports, run as a JVM of its own from the broker's
 * Maven artifacts ({@code distribution/kafka-broker/target/lib}). A test can stop it, kill it and
 * start it again on the same data and ports, as an operator's broker goes down and comes back.
 * Its log is {@code broker.log} in its folder. {@link KafkaCluster} runs several as one cluster.
 */
public final class KafkaBroker implements AutoCloseable {
    /** Where the broker's jars are: {@code -Dd4.kafka.lib}, else relative to the distribution module. */
    public static final Path LIB = Path.of(System.getProperty("d4.kafka.lib", "kafka-broker/target/lib"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final int nodeId;
    private final int port;
    private final int controllerPort;
    private final String heap;
    /** A second listener with TLS and SASL ({@link #startSecured}), or null. */
    private KafkaSecurity security;
    private int securePort;
    private Process process;

    /** A node not yet formatted: {@link #format} it, then {@link #launch} it. */
    KafkaBroker(Path home, int nodeId, int port, int controllerPort, String heap) {
        this.home = home;
        this.nodeId = nodeId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.heap = heap;
    }

    /** Formats a new single-node cluster in a temp folder and starts it. */
    public static KafkaBroker start() throws IOException, InterruptedException {
        requireLib();
        KafkaBroker broker = new KafkaBroker(Files.createTempDirectory("d4-kafka-"), 1, Ports.free(), Ports.free(), "512m");
        broker.format(clusterId(), broker.voter(), 1);
        broker.startAgain();
        return broker;
    }

    /**
     * Like {@link #start()}, with a second listener that takes clients over TLS with SASL/PLAIN
     * for {@code user} and {@code password} ({@link #secureBootstrapServers()}); the first stays
     * PLAINTEXT, for the brokers' own traffic and the tests' clients.
     */
    public static KafkaBroker startSecured(String user, String password) throws IOException, InterruptedException {
        requireLib();
        KafkaBroker broker = new KafkaBroker(Files.createTempDirectory("d4-kafka-"), 1, Ports.free(), Ports.free(), "512m");
        Files.createDirectories(broker.home);
        broker.security = KafkaSecurity.make(broker.home, user, password);
        broker.securePort = Ports.free();
        broker.format(clusterId(), broker.voter(), 1);
        broker.startAgain();
        return broker;
    }

    static void requireLib() {
        if (!Files.isDirectory(LIB)) {
            throw new IllegalStateException("the broker's jars are missing: " + LIB.toAbsolutePath() + " (mvn install -DskipTests)");
        }
    }

    /** {@code id@host:port} of its controller, for {@code controller.quorum.voters}. */
    String voter() {
        return nodeId + "@127.0.0.1:" + controllerPort;
    }

    /**
     * Writes its configuration and formats its storage as a node of the cluster {@code clusterId}
     * whose controllers are {@code voters}; every topic gets {@code copies} replicas, and a write
     * needs a majority of them in sync.
     */
    void format(String clusterId, String voters, int copies) throws IOException, InterruptedException {
        Files.createDirectories(home);
        // a majority: with 3 copies one broker may be down and acks=all still succeeds
        int minInSync = copies / 2 + 1;
        Files.writeString(home.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + nodeId,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + port + secure(",SASL_SSL://127.0.0.1:" + securePort) + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + secure(",SASL_SSL://127.0.0.1:" + securePort),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT" + secure(",SASL_SSL:SASL_SSL"),
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + home.resolve("data"),
                // the internal topics cannot have more copies than there are brokers
                "default.replication.factor=" + copies,
                "min.insync.replicas=" + minInSync,
                "offsets.topic.replication.factor=" + copies,
                "transaction.state.log.replication.factor=" + copies,
                "transaction.state.log.min.isr=" + minInSync,
                "share.coordinator.state.topic.replication.factor=" + copies,
                "share.coordinator.state.topic.min.isr=" + minInSync,
                "group.initial.rebalance.delay.ms=0",
                security == null ? "" : String.join("\n", security.brokerSettings()),
                "") );
        Files.writeString(home.resolve("log4j2.properties"), String.join("\n",
                "appender.file.type=File",
                "appender.file.name=file",
                "appender.file.fileName=" + home.resolve("broker.log"),
                "appender.file.layout.type=PatternLayout",
                "appender.file.layout.pattern=%d{ISO8601} %-5p %c{1}: %m%n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.file.ref=file",
                ""));
        Commands.Result format = Commands.run(home, java.util.Map.of(), Duration.ofSeconds(60),
                java("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", home.resolve("server.properties").toString()));
        if (format.exitCode() != 0) {
            throw new IllegalStateException("formatting the broker's storage failed: " + format.output());
        }
    }

    private String secure(String text) {
        return security == null ? "" : text;
    }

    /**
     * A cluster id as Kafka writes them: 16 random bytes, base64 without padding, URL-safe, and not
     * starting with '-' (the format tool would take it for an option and fail, once in 64 starts).
     */
    static String clusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
            String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private String[] java(String mainClass, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // its temp folder inside its own: what LZ4 unpacks there goes with the folder, also after a kill
                "-Xmx" + heap, "-Djava.io.tmpdir=" + home, "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"),
                "-cp", LIB.toAbsolutePath() + "/*", mainClass));
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    /** Starts the broker on its data and ports (after {@link #stop} or {@link #kill}); returns when it takes connections. */
    public void startAgain() throws IOException, InterruptedException {
        launch();
        awaitUp();
    }

    /** Starts the process without waiting: a cluster's first node takes no connections before a quorum of controllers runs. */
    void launch() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        process = new ProcessBuilder(java("kafka.Kafka", home.resolve("server.properties").toString()))
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("broker.out").toFile()).start();
    }

    /** Waits until the broker takes connections (it has caught up with the cluster's metadata by then); kills it if it does not. */
    void awaitUp() throws IOException, InterruptedException {
        boolean up = Commands.eventually(START_TIMEOUT, () -> process.isAlive() && accepts());
        if (!up) {
            String out = Files.exists(home.resolve("broker.out")) ? Files.readString(home.resolve("broker.out")) : "";
            kill();
            throw new IllegalStateException("the Kafka broker did not start within " + START_TIMEOUT.toSeconds() + " s; see " + home
                    + "/broker.log" + (out.isBlank() ? "" : ": " + out));
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code host:port} for the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** {@code host:port} of the TLS and SASL listener ({@link #startSecured}). */
    public String secureBootstrapServers() {
        if (security == null) {
            throw new IllegalStateException("this broker has no secured listener");
        }
        return "127.0.0.1:" + securePort;
    }

    /** The secured listener's certificate and user ({@link #startSecured}). */
    public KafkaSecurity security() {
        return security;
    }

    public Path home() {
        return home;
    }

    /** Stops the broker as its service would (SIGTERM: a controlled shutdown), waiting for the process to end. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** Ends the broker at once (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Stops the broker and removes its folder. */
    @Override
    public void close() throws Exception {
        stop();
        Commands.deleteTree(home);
    }
}
