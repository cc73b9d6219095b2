// SPDX-License-Identifier: Apache-2.0
package org.d4.client.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.d4.client.config.Endpoints;
import org.d4.client.config.SensorConfig;
import org.d4.client.net.SocketDestination;
import org.d4.client.net.StdoutDestination;
import org.d4.client.source.StreamSource;
import org.d4.protocol.FrameDecoder;
import org.d4.protocol.FrameEncoder;
import org.d4.protocol.FrameHeader;
import org.junit.jupiter.api.Test;

/** The stream loop over real sockets (plain TCP here; TLS against the real server is in the image tests). */
class SensorClientTest {
    static final UUID SENSOR = UUID.fromString("84723644-0841-4580-97e9-23e98682739c");
    static final byte[] KEY = "k".getBytes(StandardCharsets.US_ASCII);
    static final ClientLog QUIET = new ClientLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }
    };

    static SensorConfig config(int type, int snaplen, byte[] meta) {
        return new SensorConfig(SENSOR, KEY, snaplen, 1, type, "stdin", "x:1", null, meta, null, null);
    }

    @Test
    void stdoutFramesAreSnaplenChunksAndAZeroSizeFrameAtTheEnd() {
        byte[] data = new byte[10_000];
        new java.util.Random(1).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SensorClient c = new SensorClient(config(3, 4096, null), new StreamSource(new ByteArrayInputStream(data), "data"),
                new StdoutDestination(out), Duration.ZERO, 0, () -> 1_700_000_000L, QUIET, new ClientCounters());
        assertEquals(SensorClient.Outcome.ENDED, c.run());
        FrameEncoder e = new FrameEncoder(KEY);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(e.encodeSplit(3, SENSOR, 1_700_000_000L, data, 4096));
        expected.writeBytes(e.encode(3, SENSOR, 1_700_000_000L, new byte[0]));
        assertArrayEquals(expected.toByteArray(), out.toByteArray());
        assertEquals(4, c.counters().frames());
        assertEquals(10_000, c.counters().bytes());
    }

    @Test
    void reconnectsAfterTheServerClosesAndResumesThePcapStreamWithItsGlobalHeader() throws Exception {
        byte[] pcap = ResumeTest.pcap(500, 500, 500, 500, 500, 500);
        try (Collector server = new Collector()) {
            PipedOutputStream feed = new PipedOutputStream();
            PipedInputStream in = new PipedInputStream(feed, 1 << 16);
            SensorClient c = new SensorClient(config(1, 65536, null), new StreamSource(in, "pipe"),
                    new SocketDestination(new Endpoints.Endpoint("127.0.0.1", server.port()), null, false, Duration.ofSeconds(5), Duration.ZERO),
                    Duration.ofMillis(100), 0, () -> 1L, QUIET, new ClientCounters());
            AtomicReference<SensorClient.Outcome> outcome = new AtomicReference<>();
            Thread t = new Thread(() -> outcome.set(c.run()));
            t.start();
            int firstPart = 24 + 2 * 516 + 100;   // the third record is in progress when the server goes
            feed.write(pcap, 0, firstPart);
            feed.flush();
            assertTrue(server.await(1, firstPart));
            server.closeCurrent();
            waitFor(() -> !c.connected());   // the client noticed, so nothing more goes into the dead connection
            feed.write(pcap, firstPart, pcap.length - firstPart);
            feed.close();
            t.join(10_000);
            assertEquals(SensorClient.Outcome.ENDED, outcome.get());
            assertEquals(1, c.counters().reconnects());
            waitFor(() -> server.connections.size() == 2 && server.done.size() == 2);
            byte[] second = server.payloads(1);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.write(pcap, 0, 24);
            expected.write(pcap, 24 + 2 * 516, pcap.length - 24 - 2 * 516);
            assertArrayEquals(expected.toByteArray(), second, "a pcap stream of its own: global header, then from the record in progress");
        }
    }

    @Test
    void metaHeaderOpensEveryConnection() throws Exception {
        byte[] meta = "{\"type\":\"ja3-jl\"}".getBytes(StandardCharsets.US_ASCII);
        try (Collector server = new Collector()) {
            PipedOutputStream feed = new PipedOutputStream();
            PipedInputStream in = new PipedInputStream(feed);
            SensorClient c = new SensorClient(config(254, 4096, meta), new StreamSource(in, "pipe"),
                    new SocketDestination(new Endpoints.Endpoint("127.0.0.1", server.port()), null, false, Duration.ofSeconds(5), Duration.ZERO),
                    Duration.ofMillis(100), 0, () -> 1L, QUIET, new ClientCounters());
            Thread t = new Thread(c::run);
            t.start();
            feed.write("{\"a\":1}\n".getBytes());
            feed.flush();
            assertTrue(server.await(1, meta.length + 8));
            server.closeCurrent();
            waitFor(() -> !c.connected());   // the client noticed, so nothing more goes into the dead connection
            feed.write("{\"b\":2}\n".getBytes());
            feed.close();
            t.join(10_000);
            waitFor(() -> server.done.size() == 2);
            for (int i = 0; i < 2; i++) {
                List<FrameHeader> headers = server.headers(i);
                assertEquals(2, headers.get(0).type(), "connection " + i + " starts with the meta header");
                assertTrue(headers.stream().skip(1).allMatch(h -> h.type() == 254));
            }
            assertEquals("{\"type\":\"ja3-jl\"}{\"b\":2}\n", new String(server.payloads(1), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void unreachableDestinationIsRetriedThenGivenUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> warnings = new CopyOnWriteArrayList<>();
        ClientLog log = new ClientLog() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        };
        SensorClient c = new SensorClient(config(3, 4096, null), new StreamSource(new ByteArrayInputStream(new byte[10]), "x"),
                new SocketDestination(new Endpoints.Endpoint("127.0.0.1", port), null, false, Duration.ofSeconds(2), Duration.ZERO),
                Duration.ofMillis(50), 3, () -> 1L, log, new ClientCounters());
        assertEquals(SensorClient.Outcome.GAVE_UP, c.run());
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(2).contains("giving up after 3 attempts"), warnings.toString());
        assertTrue(c.counters().lastError().contains("127.0.0.1:" + port), c.counters().lastError());
        assertEquals("gave up", c.counters().state());
    }

    @Test
    void stopEndsABlockedClient() throws Exception {
        try (Collector server = new Collector()) {
            PipedInputStream never = new PipedInputStream(new PipedOutputStream());
            SensorClient c = new SensorClient(config(3, 4096, null), new StreamSource(never, "idle"),
                    new SocketDestination(new Endpoints.Endpoint("127.0.0.1", server.port()), null, false, Duration.ofSeconds(5), Duration.ZERO),
                    Duration.ofMillis(100), 0, () -> 1L, QUIET, new ClientCounters());
            AtomicReference<SensorClient.Outcome> outcome = new AtomicReference<>();
            Thread t = new Thread(() -> outcome.set(c.run()));
            t.start();
            waitFor(() -> server.connections.size() == 1);
            c.stop();
            t.join(5_000);
            assertEquals(SensorClient.Outcome.STOPPED, outcome.get());
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }

    /** A TCP server keeping every connection's bytes. */
    static final class Collector implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<ByteArrayOutputStream> connections = new CopyOnWriteArrayList<>();
        final List<Integer> done = new CopyOnWriteArrayList<>();
        volatile Socket current;

        Collector() throws IOException {
            Thread t = new Thread(this::accept);
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = server.accept();
                    current = s;
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    connections.add(bytes);
                    int index = connections.size() - 1;
                    Thread reader = new Thread(() -> {
                        try (InputStream in = s.getInputStream()) {
                            byte[] b = new byte[8192];
                            for (int n = in.read(b); n >= 0; n = in.read(b)) {
                                synchronized (bytes) {
                                    bytes.write(b, 0, n);
                                }
                            }
                        } catch (IOException e) {
                            // closed by the test
                        }
                        done.add(index);
                    });
                    reader.setDaemon(true);
                    reader.start();
                }
            } catch (IOException e) {
                // server closed
            }
        }

        boolean await(int frames, int payloadBytes) throws InterruptedException {
            waitFor(() -> !connections.isEmpty() && payloadLength(connections.size() - 1) >= payloadBytes);
            return true;
        }

        void closeCurrent() throws IOException {
            current.close();
        }

        private int payloadLength(int connection) {
            return payloads(connection).length;
        }

        List<FrameHeader> headers(int connection) {
            List<FrameHeader> headers = new ArrayList<>();
            decode(connection, (h, p) -> headers.add(h));
            return headers;
        }

        byte[] payloads(int connection) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            decode(connection, (h, p) -> out.writeBytes(p));
            return out.toByteArray();
        }

        private void decode(int connection, java.util.function.BiConsumer<FrameHeader, byte[]> each) {
            byte[] all;
            ByteArrayOutputStream b = connections.get(connection);
            synchronized (b) {
                all = b.toByteArray();
            }
            ByteBuffer buf = ByteBuffer.wrap(all);
            while (buf.remaining() >= FrameHeader.HEADER_SIZE) {
                int start = buf.position();
                FrameHeader h;
                try {
                    h = FrameHeader.parse(buf);
                } catch (org.d4.protocol.FrameException e) {
                    throw new AssertionError(e);
                }
                if (buf.remaining() < h.size()) {
                    buf.position(start);
                    break;
                }
                byte[] p = new byte[(int) h.size()];
                buf.get(p);
                each.accept(h, p);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            Socket s = current;
            if (s != null) {
                s.close();
            }
        }
    }
}
