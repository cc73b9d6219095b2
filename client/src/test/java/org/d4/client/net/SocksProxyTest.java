// SPDX-License-Identifier: Apache-2.0
package org.d4.client.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.d4.client.config.Endpoints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code -tor}: the client connects through a real SOCKS5 server (Debian's microsocks), which makes
 * its outgoing connections from 127.0.0.2, so the server can tell a proxied connection apart.
 */
class SocksProxyTest {
    private Process proxy;
    private int proxyPort;
    private ServerSocket server;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            proxyPort = free.getLocalPort();
        }
        proxy = new ProcessBuilder("microsocks", "-i", "127.0.0.1", "-p", Integer.toString(proxyPort), "-b", "127.0.0.2")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", proxyPort)) {
                break;
            } catch (IOException notYet) {
                assertTrue(proxy.isAlive(), "microsocks (Debian package microsocks) runs");
                assertTrue(System.nanoTime() < deadline, "microsocks listens");
                Thread.sleep(50);
            }
        }
        server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
    }

    @AfterEach
    void stop() throws IOException {
        proxy.destroy();
        server.close();
    }

    @Test
    void framesGoThroughTheProxyWhichResolvesTheServersName() throws Exception {
        CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return server.accept();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        // a name, not an address: the proxy resolves it (as Tor resolves .onion names), the client does not
        SocketDestination destination = new SocketDestination(new Endpoints.Endpoint("localhost", server.getLocalPort()), null, false,
                Duration.ofSeconds(5), Duration.ZERO, InetSocketAddress.createUnresolved("127.0.0.1", proxyPort));
        try (Link link = destination.open(); Socket peer = accepted.get(10, TimeUnit.SECONDS)) {
            assertEquals(InetAddress.getByName("127.0.0.2"), peer.getInetAddress(), "the connection came from the proxy");
            link.out().write("frames".getBytes(StandardCharsets.US_ASCII));
            link.out().flush();
            InputStream in = peer.getInputStream();
            assertArrayEquals("frames".getBytes(StandardCharsets.US_ASCII), in.readNBytes(6));
        }
    }

    @Test
    void aProxyThatIsDownIsAConnectionFailure() throws Exception {
        proxy.destroy();
        proxy.waitFor(10, TimeUnit.SECONDS);
        SocketDestination destination = new SocketDestination(new Endpoints.Endpoint("127.0.0.1", server.getLocalPort()), null, false,
                Duration.ofSeconds(5), Duration.ZERO, InetSocketAddress.createUnresolved("127.0.0.1", proxyPort));
        assertThrows(IOException.class, destination::open);
    }
}
