// SPDX-License-Identifier: Apache-2.0
package org.d4.client.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.d4.client.config.Endpoints.Endpoint;
import org.junit.jupiter.api.Test;

/** Failover over real loopback sockets (plain TCP): a port nobody listens on refuses the connection at once. */
class FailoverDestinationTest {

    @Test
    void connectsToTheFirstServerThatAnswersAndStaysWithIt() throws Exception {
        int down = closedPort();
        try (ServerSocket up = listening(); ServerSocket other = listening()) {
            Destination d = FailoverDestination.of(List.of(plain(down), plain(up.getLocalPort()), plain(other.getLocalPort())));
            try (Link link = d.open(); Socket accepted = up.accept()) {
                assertTrue(accepted.isConnected());
                assertTrue(d.describe().startsWith("tcp://127.0.0.1:" + up.getLocalPort() + " (failing over to tcp://127.0.0.1:" + down),
                        d.describe());
            }
            try (Link again = d.open(); Socket accepted = up.accept()) {
                assertTrue(accepted.isConnected(), "the server that took the last connection is tried first");
            }
        }
    }

    @Test
    void movesOnWhenTheServerInUseGoesAwayAndSaysWhyWhenNoneAnswers() throws Exception {
        ServerSocket first = listening();
        int firstPort = first.getLocalPort();
        try (ServerSocket second = listening()) {
            Destination d = FailoverDestination.of(List.of(plain(firstPort), plain(second.getLocalPort())));
            try (Link link = d.open(); Socket accepted = first.accept()) {
                assertTrue(accepted.isConnected());
            }
            first.close();      // the node in use is gone
            try (Link link = d.open(); Socket accepted = second.accept()) {
                assertTrue(accepted.isConnected(), "the next server takes the sensor");
            }
        }
        int secondPort = closedPort();
        Destination none = FailoverDestination.of(List.of(plain(firstPort), plain(secondPort)));
        IOException e = assertThrows(IOException.class, none::open);
        assertTrue(e.getMessage().startsWith("no server answered (tcp://127.0.0.1:" + firstPort + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("; tcp://127.0.0.1:" + secondPort + ": "), e.getMessage());
    }

    @Test
    void oneServerIsUsedAsItIs() {
        Destination one = plain(4443);
        assertSame(one, FailoverDestination.of(List.of(one)));
        assertEquals("no server", assertThrows(IllegalArgumentException.class, () -> new FailoverDestination(List.of())).getMessage());
    }

    private static Destination plain(int port) {
        return new SocketDestination(new Endpoint("127.0.0.1", port), null, false, Duration.ofSeconds(5), Duration.ZERO);
    }

    private static ServerSocket listening() throws IOException {
        return new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = listening()) {
            return s.getLocalPort();
        }
    }
}
