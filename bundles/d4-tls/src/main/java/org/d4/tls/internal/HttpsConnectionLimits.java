// SPDX-License-Identifier: Apache-2.0
package org.d4.tls.internal;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.d4.common.ConnectionCounter;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Felix HTTP's configuration cannot say about the HTTPS endpoint: connection limits in total
 * and per client address ({@link ConnectionGuard}), and {@code SameSite=Strict} on the session
 * cookie. Felix HTTP hands its Jetty server to every {@link ConnectorFactory} service after it has
 * started its own HTTPS connector, which is the one place where that server can be reached: this
 * factory attaches the guard to Felix's connectors and sets the cookie attribute there, and
 * returns a connector without a socket whose stop, when Jetty restarts or this component goes,
 * detaches the guard again.
 */
@Component(configurationPid = "d4.http", configurationPolicy = ConfigurationPolicy.OPTIONAL, service = ConnectorFactory.class)
public final class HttpsConnectionLimits implements ConnectorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(HttpsConnectionLimits.class);

    private final int maxConnections;
    private final int maxPerAddress;

    @Activate
    public HttpsConnectionLimits(HttpsEndpointConfig config) {
        this.maxConnections = config.max_connections();
        this.maxPerAddress = config.max_connections_per_ip();
    }

    @Override
    public Connector createConnector(Server server) {
        ConnectionGuard guard = new ConnectionGuard(new ConnectionCounter(maxConnections, maxPerAddress));
        int guarded = 0;
        String host = null;
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector network && !(connector instanceof GuardHolder)) {
                network.addEventListener(guard);
                host = network.getHost();
                guarded++;
            }
        }
        // a session cookie is never sent with a request another site starts
        for (SessionHandler sessions : server.getDescendants(SessionHandler.class)) {
            sessions.setSameSite(HttpCookie.SameSite.STRICT);
        }
        LOG.info("HTTPS connection limits: {} in total, {} per client address ({} connector(s))", maxConnections, maxPerAddress, guarded);
        return new GuardHolder(server, guard, host);
    }

    /**
     * The connector Felix HTTP gets back. Felix HTTP requires a {@link ServerConnector}, so this is
     * one that never opens a socket: {@link #open()} does nothing and its acceptor waits, not
     * accepting, until it stops. Stopping it takes the guard off the network connectors.
     */
    private static final class GuardHolder extends ServerConnector {
        private final ConnectionGuard guard;

        GuardHolder(Server server, ConnectionGuard guard, String host) {
            super(server, 1, 1);
            this.guard = guard;
            setName("d4-connection-limits");
            setHost(host);
            setPort(0);
            setAccepting(false);
        }

        @Override
        public void open() {
            // no socket: this connector only carries the guard's lifetime
        }

        @Override
        protected void doStop() throws Exception {
            for (Connector connector : getServer().getConnectors()) {
                if (connector instanceof ServerConnector network && network != this) {
                    network.removeEventListener(guard);
                }
            }
            super.doStop();
        }
    }
}
