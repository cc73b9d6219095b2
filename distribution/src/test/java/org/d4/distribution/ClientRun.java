// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.d4.itest.Appliance;

/** The standalone client jar run as a process, with a reference-layout configuration directory. */
final class ClientRun implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("d4.client.jar", "../client/target/d4-client.jar"));
    /** Everything the client tests write (configuration directories, inputs, outputs), removed when the test JVM ends. */
    static final Path SCRATCH = scratch();

    final Process process;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private final List<Thread> pumps = new ArrayList<>();

    private ClientRun(Process process) {
        this.process = process;
        pumps.add(pump(process.getInputStream(), stdout));
        pumps.add(pump(process.getErrorStream(), stderr));
    }

    /** Writes the seven files of the reference clients (and any extra ones) into a new temp directory. */
    static Path configDir(UUID uuid, String key, int type, int snaplen, String source, String destination, Map<String, String> extra)
            throws IOException {
        Path dir = Files.createTempDirectory(SCRATCH, "conf-");
        Files.writeString(dir.resolve("uuid"), uuid == null ? "" : uuid + "\n");
        Files.writeString(dir.resolve("key"), key + "\n");
        Files.writeString(dir.resolve("snaplen"), snaplen + "\n");
        Files.writeString(dir.resolve("version"), "1\n");
        Files.writeString(dir.resolve("type"), type + "\n");
        Files.writeString(dir.resolve("source"), source + "\n");
        Files.writeString(dir.resolve("destination"), destination + "\n");
        for (Map.Entry<String, String> e : extra.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        return dir;
    }

    /** A new empty file in the scratch folder. */
    static Path tempFile(String suffix) throws IOException {
        return Files.createTempFile(SCRATCH, "file-", suffix);
    }

    private static Path scratch() {
        try {
            Path dir = Files.createTempDirectory("d4-client-it-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                    all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // left for the system's temp cleaning
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Registers and approves a new sensor with that key, as its operator would. */
    static UUID approvedSensor(Appliance on, String key) throws Exception {
        UUID uuid = UUID.randomUUID();
        assertEquals(200, on.api("POST", "/add/sensor/register", "{\"uuid\":\"" + uuid + "\",\"hmac_key\":\"" + key + "\"}").statusCode());
        assertEquals(200, on.api("POST", "/sensors/" + uuid + "/approve", null).statusCode());
        return uuid;
    }

    /** The finished (rotated, compressed) capture files a sensor's pcap streams left in an appliance's archive. */
    static List<Path> finishedCaptures(Appliance on, UUID sensor) {
        Path dir = on.home().resolve("data/archive").resolve(sensor.toString()).resolve("1");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".cap.gz")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Starts {@code java -jar d4-client.jar <args>}; stdin is a pipe the test writes to ({@link #stdin()}). */
    static ClientRun start(String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: build client first (mvn install)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ClientRun(new ProcessBuilder(command).start());
    }

    /** Runs it to the end with {@code input} on stdin (piped); fails after {@code timeout}. */
    static ClientRun complete(byte[] input, Duration timeout, String... args) throws Exception {
        ClientRun run = start(args);
        try (OutputStream in = run.stdin()) {
            in.write(input);
        } catch (IOException e) {
            // the client may exit early (bad configuration) without reading its input
        }
        run.await(timeout);
        return run;
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    int await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("d4-client did not finish within " + timeout + "; stderr: " + stderr());
        }
        for (Thread t : pumps) {
            t.join(10_000);   // everything the process wrote is read
        }
        return process.exitValue();
    }

    int exitCode() {
        return process.exitValue();
    }

    synchronized byte[] stdout() {
        synchronized (stdout) {
            return stdout.toByteArray();
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[65536];
            try (in) {
                for (int n = in.read(b); n >= 0; n = in.read(b)) {
                    synchronized (to) {
                        to.write(b, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "d4-client output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** SIGTERM, as systemd or an operator stops it; true if it ended by itself within {@code timeout}. */
    boolean terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
