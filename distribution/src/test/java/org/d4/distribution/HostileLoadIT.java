// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.protocol.FrameEncoder;
import org.d4.protocol.FrameHeader;
import org.junit.jupiter.api.Test;

/**
 * The attack that used to take the appliance down: strangers who know approved sensors' UUIDs open
 * 1,000 connections from 50 addresses and make each hold an unfinished maximum-size frame, while
 * 100 approved sensors stream. With {@code -Xmx512m} the appliance stays up, the sensors lose
 * nothing and keep at least half the throughput they had before the attack.
 */
class HostileLoadIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int SENSORS = 100;
    static final int ATTACK_CONNECTIONS = 1000;
    static final int ATTACK_ADDRESSES = 50;
    static final int MAX_FRAME = 1_000_000;
    static final Duration WINDOW = Duration.ofSeconds(15);

    @Test
    void strangersHoldingUnfinishedFramesNeitherStopTheApplianceNorTheSensors() throws Exception {
        try (Appliance d4 = Appliance.fromImage(ServerImageIT.IMAGE)
                .config("d4.server", Map.of("max.connections.per.ip", "128")).start()) {
            List<UUID> uuids = new ArrayList<>();
            for (int i = 0; i < SENSORS; i++) {
                UUID uuid = UUID.randomUUID();
                assertEquals(200, d4.api("POST", "/add/sensor/register", "{\"uuid\":\"" + uuid + "\",\"hmac_key\":\"key-" + i + "\"}").statusCode());
                assertEquals(200, d4.api("POST", "/sensors/" + uuid + "/approve", null).statusCode());
                uuids.add(uuid);
            }
            HeapWatch heap = new HeapWatch(d4.pid());
            heap.start();
            SSLContext tls = d4.trustingTls();
            AtomicBoolean sensorsRun = new AtomicBoolean(true);
            List<Honest> honest = new ArrayList<>();
            for (int i = 0; i < SENSORS; i++) {
                honest.add(new Honest(tls, d4.sensorPort(), uuids.get(i), "key-" + i, sensorsRun));
            }
            honest.forEach(Thread::start);
            Thread.sleep(10_000);                                // connected and warmed up
            double unloadedBefore = rate(honest, WINDOW);

            AtomicBoolean attackRuns = new AtomicBoolean(true);
            List<Attacker> attackers = new ArrayList<>();
            for (int i = 0; i < ATTACK_CONNECTIONS; i++) {
                attackers.add(new Attacker(tls, d4.sensorPort(), InetAddress.getByName("127.0.0." + (2 + i % ATTACK_ADDRESSES)),
                        uuids.get(i % SENSORS), attackRuns));
            }
            attackers.forEach(Thread::start);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Attacker.holding.get() < ATTACK_CONNECTIONS * 9 / 10 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            long holdingAtStart = Attacker.holding.get();
            double loaded = rate(honest, WINDOW);
            long holdingAtEnd = Attacker.holding.get();
            attackRuns.set(false);
            Attacker.closeAll();                         // attackers still connecting are daemons and end with the appliance
            Thread.sleep(5000);
            // the machine's pace drifts (JIT, page cache, other work): the unloaded rate is the mean of before and after
            double unloadedAfter = rate(honest, WINDOW);
            double unloaded = (unloadedBefore + unloadedAfter) / 2;

            sensorsRun.set(false);
            long joinBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (Honest h : honest) {
                h.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
            }
            heap.stop();

            System.out.printf("Hostile load: %d sensors unloaded %.1f MB/s (%.1f before, %.1f after), with %d of %d attack connections"
                    + " holding unfinished frames %.1f MB/s (%.0f %%); heap peak %d MB, attack connections opened %d, closed by the server %d%n",
                    SENSORS, unloaded / 1e6, unloadedBefore / 1e6, unloadedAfter / 1e6, holdingAtStart, ATTACK_CONNECTIONS, loaded / 1e6,
                    100 * loaded / unloaded,
                    heap.peakBytes() >> 20, Attacker.opened.get(), Attacker.closedByServer.get());

            assertTrue(holdingAtStart >= ATTACK_CONNECTIONS * 9 / 10, "the attack was on: " + holdingAtStart + " holding");
            assertTrue(holdingAtEnd >= ATTACK_CONNECTIONS / 2, "and stayed on: " + holdingAtEnd + " holding");
            assertTrue(loaded >= unloaded / 2, "sensors keep half their throughput: " + loaded + " of " + unloaded);
            assertEquals(0, Commands.run(d4.home(), Map.of(), Duration.ofSeconds(30), d4.home().resolve("bin/d4").toString(), "status").exitCode(),
                    "the appliance is up and ready");
            assertFalse(d4.readLog().contains("OutOfMemoryError"));
            assertTrue(heap.peakBytes() < 512L << 20, "heap peak " + (heap.peakBytes() >> 20) + " MB");
            for (Honest h : honest) {
                assertEquals(null, h.failure, "sensor " + h.uuid + " kept its connection");
                assertEquals(h.sent.get(), bytesToday(d4, h.uuid, h.sent.get()), "sensor " + h.uuid + " lost nothing");
            }
        }
    }

    static double rate(List<Honest> honest, Duration window) throws InterruptedException {
        long before = honest.stream().mapToLong(h -> h.sent.get()).sum();
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        long after = honest.stream().mapToLong(h -> h.sent.get()).sum();
        return (after - before) * 1e9 / (System.nanoTime() - start);
    }

    /**
     * The bytes the appliance accepted from the sensor today, once they reach what it sent or stop
     * moving for five seconds: after the attack the server still drains a hundred sensors' socket
     * buffers, and one sensor's count can stand still for a while as the others are read.
     */
    static long bytesToday(Appliance d4, UUID uuid, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long last = -1;
        long stillSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            JsonNode detail = JSON.readTree(d4.api("GET", "/sensors/" + uuid, null).body());
            long now = detail.path("bytes_today").asLong();
            if (now == expected) {
                return now;
            }
            if (now != last) {
                last = now;
                stillSince = System.nanoTime();
            } else if (System.nanoTime() - stillSince > TimeUnit.SECONDS.toNanos(5)) {
                return now;
            }
            Thread.sleep(300);
        }
        return last;
    }

    static SSLSocket connect(SSLContext tls, int port, InetAddress local) throws IOException {
        Socket raw = new Socket();
        if (local != null) {
            raw.bind(new InetSocketAddress(local, 0));
        }
        raw.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(raw, "127.0.0.1", port, true);
        socket.startHandshake();
        return socket;
    }

    /** An approved sensor streaming 16 KiB frames of lines as fast as the server takes them. */
    static final class Honest extends Thread {
        final SSLContext tls;
        final int port;
        final UUID uuid;
        final byte[] frame;
        final AtomicBoolean run;
        final AtomicLong sent = new AtomicLong();
        volatile String failure;

        Honest(SSLContext tls, int port, UUID uuid, String key, AtomicBoolean run) {
            super("honest-" + uuid);
            setDaemon(true);
            this.tls = tls;
            this.port = port;
            this.uuid = uuid;
            this.run = run;
            StringBuilder lines = new StringBuilder();
            while (lines.length() < 16_000) {
                lines.append("2026-12-04T00:00:00Z sensor ").append(uuid).append(" an honest log line\n");
            }
            this.frame = new FrameEncoder(key.getBytes(UTF_8)).encode(3, uuid, System.currentTimeMillis() / 1000, lines.toString().getBytes(UTF_8));
        }

        @Override
        public void run() {
            try (SSLSocket socket = connect(tls, port, null)) {
                OutputStream out = socket.getOutputStream();
                while (run.get()) {
                    out.write(frame);
                    sent.addAndGet(frame.length - FrameHeader.HEADER_SIZE);
                }
                out.flush();
            } catch (IOException e) {
                failure = e.toString();
            }
        }
    }

    /** A stranger with an approved sensor's UUID but not its key: a maximum-size frame it never finishes. */
    static final class Attacker extends Thread {
        static final AtomicLong holding = new AtomicLong();
        static final AtomicLong opened = new AtomicLong();
        static final AtomicLong closedByServer = new AtomicLong();
        static final ConcurrentLinkedQueue<Socket> sockets = new ConcurrentLinkedQueue<>();
        static final byte[] PAYLOAD = new byte[MAX_FRAME - 1];

        final SSLContext tls;
        final int port;
        final InetAddress local;
        final byte[] header;
        final AtomicBoolean run;

        Attacker(SSLContext tls, int port, InetAddress local, UUID uuid, AtomicBoolean run) {
            super("attacker-" + local.getHostAddress());
            setDaemon(true);
            this.tls = tls;
            this.port = port;
            this.local = local;
            this.run = run;
            ByteBuffer h = ByteBuffer.allocate(FrameHeader.HEADER_SIZE);
            FrameHeader.unsigned(1, 3, uuid, System.currentTimeMillis() / 1000, MAX_FRAME).writeTo(h);
            this.header = h.array();
        }

        @Override
        public void run() {
            while (run.get()) {
                boolean held = false;
                try (SSLSocket socket = connect(tls, port, local)) {
                    sockets.add(socket);
                    opened.incrementAndGet();
                    OutputStream out = socket.getOutputStream();
                    out.write(header);
                    holding.incrementAndGet();
                    held = true;
                    out.write(PAYLOAD);                  // blocks while the server reads no more of it
                    out.flush();
                    while (run.get() && socket.getInputStream().read() >= 0) {
                        // the server says nothing; it ends the connection when it wants
                    }
                } catch (IOException e) {
                    // closed by the server (idle, or to make room): come back, as an attacker would
                } finally {
                    if (held) {
                        holding.decrementAndGet();
                        if (run.get()) {
                            closedByServer.incrementAndGet();
                        }
                    }
                }
            }
        }

        static void closeAll() {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    /** Samples the appliance's heap in use with the JDK's jstat, once a second. */
    static final class HeapWatch {
        final long pid;
        final AtomicLong peak = new AtomicLong();
        Process process;
        Thread reader;

        HeapWatch(long pid) {
            this.pid = pid;
        }

        void start() throws IOException {
            Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
            process = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid), "1000").redirectErrorStream(true).start();
            reader = new Thread(() -> {
                try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), UTF_8))) {
                    String[] names = null;
                    for (String line; (line = lines.readLine()) != null;) {
                        String[] fields = line.trim().split("\\s+");
                        if (fields[0].equals("S0C")) {
                            names = fields;
                            continue;
                        }
                        if (names == null || fields.length != names.length) {
                            continue;
                        }
                        double used = 0;
                        for (int i = 0; i < names.length; i++) {
                            if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
                                used += Double.parseDouble(fields[i]);
                            }
                        }
                        long bytes = (long) (used * 1024);
                        peak.accumulateAndGet(bytes, Math::max);
                    }
                } catch (IOException | NumberFormatException e) {
                    // the watch ends with the process
                }
            }, "jstat");
            reader.setDaemon(true);
            reader.start();
        }

        void stop() throws InterruptedException {
            process.destroy();
            reader.join(5000);
        }

        long peakBytes() {
            return peak.get();
        }
    }
}
