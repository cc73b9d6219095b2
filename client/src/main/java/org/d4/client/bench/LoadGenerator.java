// SPDX-License-Identifier: Apache-2.0
package org.d4.client.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.d4.client.net.TlsContexts;
import org.d4.protocol.FrameEncoder;
import org.d4.protocol.FrameHeader;

/**
 * N concurrent sensors, one thread and one TLS connection each, streaming frames of a fixed size.
 * Frames are signed once per second per sensor (a batch with the current timestamp) so that the
 * generator measures the server, not its own HMAC.
 */
public final class LoadGenerator {
    private static final int BATCH = 8;

    private final BenchOptions options;
    private final AtomicLong payloadBytes = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong connectionErrors = new AtomicLong();
    private final AtomicLong connectRetries = new AtomicLong();
    private final LatencyRecorder latencies = new LatencyRecorder();
    private final List<String> errors = new ArrayList<>();

    LoadGenerator(BenchOptions options) {
        this.options = options;
    }

    /** Runs the bench; prints the report on {@code out}; returns the exit code (1 when connections failed). */
    public static int run(BenchOptions options, PrintStream out, PrintStream err) {
        try {
            BenchReport report = new LoadGenerator(options).execute();
            out.println(report.human());
            out.println(report.json());
            return report.connectionErrors() == 0 ? 0 : 1;
        } catch (Exception e) {
            err.println("d4-client bench: " + e.getMessage());
            return 1;
        }
    }

    BenchReport execute() throws Exception {
        SSLContext tls = tls();
        List<UUID> uuids = uuids();
        CountDownLatch ready = new CountDownLatch(options.sensors());
        CountDownLatch go = new CountDownLatch(1);
        long deadline = System.nanoTime() + options.seconds() * 1_000_000_000L + 5_000_000_000L;  // refined after the connections are up
        AtomicLong end = new AtomicLong(deadline);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < options.sensors(); i++) {
            UUID uuid = uuids.get(i);
            Thread t = new Thread(() -> sensor(tls, uuid, ready, go, end), "sensor-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        ready.await();
        long start = System.nanoTime();
        end.set(start + options.seconds() * 1_000_000_000L);
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new BenchReport(options, seconds, payloadBytes.get(), frames.get(), connectionErrors.get(),
                connectRetries.get(), options.latency() ? latencies.percentiles() : null, firstErrors());
    }

    private void sensor(SSLContext tls, UUID uuid, CountDownLatch ready, CountDownLatch go, AtomicLong end) {
        FrameEncoder encoder = new FrameEncoder(options.key().getBytes(StandardCharsets.UTF_8));
        SecureRandom random = new SecureRandom();
        byte[][] payloads = new byte[BATCH][options.frameSize()];
        for (byte[] p : payloads) {
            random.nextBytes(p);
        }
        SSLSocket socket = null;
        try {
            socket = connectPatiently(tls);
            ready.countDown();
            if (options.rate() == 0) {
                go.await();       // flat out: all start together; paced sensors start at once, or the server's idle timeout ends them
            }
            OutputStream out = socket.getOutputStream();
            long second = -1;
            byte[][] batch = new byte[BATCH][];
            long sent = 0;
            long intervalNanos = options.rate() > 0 ? (long) (1e9 / options.rate()) : 0;
            long next = System.nanoTime();
            while (System.nanoTime() < end.get()) {
                long now = Instant.now().getEpochSecond();
                if (now != second) {
                    for (int i = 0; i < BATCH; i++) {
                        batch[i] = encoder.encode(options.type(), uuid, now, payloads[i]);
                    }
                    second = now;
                }
                byte[] frame = options.probe() ? probe(encoder, uuid, now) : batch[(int) (sent % BATCH)];
                int size = frame.length - FrameHeader.HEADER_SIZE;
                if (payloadBytes.addAndGet(size) > options.bytes()) {
                    payloadBytes.addAndGet(-size);
                    break;
                }
                long t0 = System.nanoTime();
                out.write(frame);
                if (options.latency()) {
                    out.flush();
                    latencies.record(System.nanoTime() - t0);
                }
                frames.incrementAndGet();
                sent++;
                if (intervalNanos > 0) {
                    next += intervalNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            out.flush();
        } catch (IOException e) {
            connectionErrors.incrementAndGet();
            error(uuid + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ready.countDown();
            closeQuietly(socket);
        }
    }

    /** A frame whose payload is one line with the time it was made, in microseconds since the epoch. */
    private byte[] probe(FrameEncoder encoder, UUID uuid, long second) {
        Instant t = Instant.now();
        long micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
        return encoder.encode(options.type(), uuid, second, ("probe " + micros + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Connects as a sensor does when the server is busy (thousands of sensors starting at once fill its
     * accept queue, or time out their handshakes): again after a random pause of up to two seconds, for
     * up to {@code --patience} seconds. The retries are counted; giving up is a connection error.
     */
    private SSLSocket connectPatiently(SSLContext tls) throws IOException, InterruptedException {
        long giveUp = System.nanoTime() + options.patienceSeconds() * 1_000_000_000L;
        while (true) {
            try {
                return connect(tls);
            } catch (IOException e) {
                if (System.nanoTime() - giveUp > 0) {
                    throw e;
                }
                connectRetries.incrementAndGet();
                Thread.sleep(ThreadLocalRandom.current().nextLong(100, 2_000));
            }
        }
    }

    private SSLSocket connect(SSLContext tls) throws IOException {
        Socket raw = new Socket();
        raw.setTcpNoDelay(true);
        raw.connect(new InetSocketAddress(options.host(), options.port()), 10_000);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(raw, options.host(), options.port(), true);
        socket.setEnabledCipherSuites(TlsContexts.aes128First(socket.getEnabledCipherSuites()));
        socket.startHandshake();
        drainPostHandshake(socket);
        return socket;
    }

    /**
     * Reads what the server sends right after the handshake (TLS 1.3 session tickets). Left unread,
     * they make the final close a reset, and the server would lose the last frames in flight.
     */
    private static void drainPostHandshake(SSLSocket socket) throws IOException {
        socket.setSoTimeout(100);
        InputStream in = socket.getInputStream();
        try {
            if (in.read() < 0) {
                throw new IOException("closed by the server right after the handshake");
            }
        } catch (SocketTimeoutException expected) {
            // nothing more to read: the normal case
        }
        socket.setSoTimeout(0);
    }

    private static void closeQuietly(SSLSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.setSoTimeout(200);
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private SSLContext tls() throws IOException {
        return options.ca() != null ? TlsContexts.trusting(options.ca()) : TlsContexts.trustingAnyServer();
    }

    private List<UUID> uuids() throws IOException {
        List<UUID> list = new ArrayList<>();
        if (options.uuidFile() != null) {
            for (String line : Files.readAllLines(options.uuidFile())) {
                if (!line.isBlank()) {
                    list.add(UUID.fromString(line.strip()));
                }
            }
            if (list.size() < options.sensors()) {
                throw new IOException(options.uuidFile() + " has " + list.size() + " UUIDs for " + options.sensors() + " sensors");
            }
        } else {
            for (int i = 0; i < options.sensors(); i++) {
                list.add(UUID.randomUUID());
            }
        }
        return list;
    }

    private synchronized void error(String message) {
        if (errors.size() < 10) {
            errors.add(message);
        }
    }

    private synchronized List<String> firstErrors() {
        return List.copyOf(errors);
    }
}
