// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.d4.api.queue.QueueItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export's delivery over real sockets and files: retried while the receiver is away, never lost, in order. */
class ExportAnalyzerTest {
    static final UUID SENSOR = UUID.randomUUID();

    @TempDir
    Path dir;

    static QueueItem item(long sequence, String text) {
        return new QueueItem(sequence, SENSOR, 1_700_000_000L, text.getBytes(UTF_8));
    }

    static ExportAnalyzer exporter(Object... config) {
        Object[] all = new Object[config.length + 6];
        System.arraycopy(new Object[] {"name", "t", "type", 8, "backoff_initial_ms", 20L}, 0, all, 0, 6);
        System.arraycopy(config, 0, all, 6, config.length);
        ExportSettings s = ExportSettings.of(TestConfig.of(all), "d4.example");
        return new ExportAnalyzer(s, Exporter.sink(s));
    }

    static CompletableFuture<Void> analyzeLater(ExportAnalyzer e, QueueItem item) {
        return CompletableFuture.runAsync(() -> {
            try {
                e.analyze(item);
            } catch (Exception x) {
                throw new java.util.concurrent.CompletionException(x);
            }
        });
    }

    @Test
    void tcpReceiverAwayThenBackGetsEveryItemInOrder() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ExportAnalyzer e = exporter("address", "127.0.0.1:" + port, "backoff_max_ms", 100L);
        CompletableFuture<Void> first = analyzeLater(e, item(1, "one"));
        Thread.sleep(300);
        assertFalse(first.isDone(), "waits while nobody listens");
        assertTrue(e.stats().failures() >= 2, "each refused connection counted");
        try (ServerSocket server = listen(port); Socket in = server.accept()) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(in.getInputStream(), UTF_8));
            first.get(10, TimeUnit.SECONDS);
            e.analyze(item(2, "two"));
            assertEquals("one", lines.readLine());
            assertEquals("two", lines.readLine());
        }
        // the receiver closed: noticed (within moments; TCP gives no earlier sign) before the next item, which waits for it to come back
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Boolean.TRUE.equals(e.details().get("connected")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(false, e.details().get("connected"), "the receiver's close is seen by the connection's reader");
        CompletableFuture<Void> third = analyzeLater(e, item(3, "three"));
        Thread.sleep(300);
        assertFalse(third.isDone());
        try (ServerSocket server = listen(port); Socket in = server.accept()) {
            third.get(10, TimeUnit.SECONDS);
            assertEquals("three", new BufferedReader(new InputStreamReader(in.getInputStream(), UTF_8)).readLine());
        }
        assertEquals(3, e.stats().written());
        assertEquals(1, e.stats().reconnects());
        assertTrue(e.details().get("last_error").toString().contains("ConnectException"), e.details().toString());
    }

    @Test
    void aStopWhileTheReceiverIsAwayKeepsTheItem() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ExportAnalyzer e = exporter("address", "127.0.0.1:" + port);
        CompletableFuture<Void> blocked = analyzeLater(e, item(1, "kept"));
        Thread.sleep(200);
        e.stop();
        ExecutionException done = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> blocked.get(10, TimeUnit.SECONDS));
        assertInstanceOf(InterruptedException.class, done.getCause(), "not written, so not acknowledged");
        assertEquals(0, e.stats().written());
    }

    @Test
    void fileGetsOneItemPerLineAndFollowsARotation() throws Exception {
        Path file = dir.resolve("export.log");
        ExportAnalyzer e = exporter("sink", "file", "address", file.toString(), "newline", false);
        e.analyze(item(1, "a"));
        e.analyze(item(2, "b"));
        Files.move(file, dir.resolve("export.log.1"));
        e.analyze(item(3, "c"));
        assertEquals(List.of("a", "b"), Files.readAllLines(dir.resolve("export.log.1")));
        assertEquals(List.of("c"), Files.readAllLines(file));
    }

    @Test
    void unixSocketReceivesLines() throws Exception {
        Path socket = dir.resolve("export.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            ExportAnalyzer e = exporter("sink", "unix", "address", socket.toString());
            e.analyze(item(1, "x"));
            e.analyze(item(2, "y"));
            try (SocketChannel in = server.accept()) {
                BufferedReader lines = new BufferedReader(new InputStreamReader(Channels.newInputStream(in), UTF_8));
                assertEquals("x", lines.readLine());
                assertEquals("y", lines.readLine());
            }
        }
    }

    @Test
    void udpSendsADatagramPerItem() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            receiver.setSoTimeout(5000);
            ExportAnalyzer e = exporter("sink", "syslog-udp", "address", "127.0.0.1:" + receiver.getLocalPort());
            e.analyze(item(1, "hello"));
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            receiver.receive(p);
            assertEquals("<14>1 2023-11-14T22:13:20Z d4.example d4 - 8 - hello", new String(p.getData(), 0, p.getLength(), UTF_8));
        }
    }

    static ServerSocket listen(int port) throws Exception {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }
}
