// SPDX-License-Identifier: Apache-2.0
package org.d4.tls.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.d4.common.ConnectionCounter;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectableChannelEndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an HTTPS connection as soon as it is opened, before its TLS handshake, when its client
 * address or the endpoint has too many already. Jetty calls a connector's listeners for every
 * connection it makes, the TLS one on the socket and the HTTP one inside it; only the one on the
 * socket counts.
 */
final class ConnectionGuard implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    /** At most one refusal logged per address and minute, so a flood cannot fill the log. */
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;
    private static final int MAX_LOG_MEMORY = 1024;

    private final ConnectionCounter counter;
    private final Map<Connection, String> admitted = new ConcurrentHashMap<>();
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    ConnectionGuard(ConnectionCounter counter) {
        this.counter = counter;
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (!(endPoint instanceof SelectableChannelEndPoint)) {
            return;
        }
        String address = address(endPoint.getRemoteSocketAddress());
        Optional<String> refusal = counter.admit(address);
        if (refusal.isPresent()) {
            logRefusal(address, refusal.get());
            endPoint.close();
            return;
        }
        admitted.put(connection, address);
    }

    @Override
    public void onClosed(Connection connection) {
        String address = admitted.remove(connection);
        if (address != null) {
            counter.release(address);
        }
    }

    private void logRefusal(String address, String why) {
        long now = System.nanoTime();
        Long last = lastLogged.get(address);
        if (last != null && now - last < LOG_INTERVAL_NANOS) {
            return;
        }
        if (lastLogged.size() >= MAX_LOG_MEMORY) {
            lastLogged.clear();
        }
        lastLogged.put(address, now);
        LOG.warn("Refused an HTTPS connection from {}: {}", address, why);
    }

    static String address(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }
}
