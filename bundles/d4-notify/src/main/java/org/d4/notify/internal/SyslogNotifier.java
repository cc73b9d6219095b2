// SPDX-License-Identifier: Apache-2.0
package org.d4.notify.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One syslog destination per factory configuration of {@code d4.notify.syslog}. A raised alert is
 * severity warning (4) or critical (2), a resolution notice (5); the message carries the alert
 * as structured data {@code [d4alert@32473 kind="..." subject="..." state="..."]} (32473 is the
 * example enterprise number of RFC 5612). A TCP or TLS connection is kept and opened again after
 * a failure.
 */
@Component(configurationPid = "d4.notify.syslog", configurationPolicy = ConfigurationPolicy.REQUIRE, service = EventHandler.class,
        property = EventConstants.EVENT_TOPIC + "=org/d4/alert/*")
@Designate(ocd = SyslogConfig.class, factory = true)
public final class SyslogNotifier extends QueuedNotifier {
    private final SyslogConfig config;
    private final String transport;
    private final String hostname;
    private volatile Socket socket;
    private volatile boolean stopped;

    @Activate
    public SyslogNotifier(SyslogConfig config) throws Exception {
        this.config = config;
        this.transport = config.transport().toLowerCase(Locale.ROOT);
        if (!transport.equals("udp") && !transport.equals("tcp") && !transport.equals("tls")) {
            throw new IllegalArgumentException("d4.notify.syslog: transport must be udp, tcp or tls, not " + config.transport());
        }
        if (transport.equals("tls")) {
            TrustFiles.context(config.ca_file());     // a bad CA file is refused at once, not at the first alert
        }
        this.hostname = localName();
        startDelivering("syslog " + config.host() + ":" + config.port(), config.max_per_minute(), Duration.ofSeconds(2));
    }

    @Override
    protected void stopped() {
        stopped = true;         // a delivery still under way does not connect again
        closeSocket();
    }

    @Override
    public synchronized void deliver(Notice n, int heldBack) throws Exception {
        int severity = n.isResolved() ? 5 : "critical".equals(n.severity()) ? 2 : 4;
        String data = "[d4alert@32473 kind=\"" + SyslogMessage.paramValue(n.kind()) + "\" subject=\"" + SyslogMessage.paramValue(n.subject())
                + "\" state=\"" + n.state() + "\" severity=\"" + n.severity() + "\" sequence=\"" + n.sequence() + "\"]";
        String text = n.summary() + (heldBack > 0 ? " (" + heldBack + " notices held back before this one)" : "");
        byte[] message = SyslogMessage.format(config.facility(), severity, java.time.Instant.now(), hostname, config.app_name(), "-",
                "alert", data, text);
        if (transport.equals("udp")) {
            try (DatagramSocket udp = new DatagramSocket()) {
                udp.send(new DatagramPacket(message, message.length, new InetSocketAddress(config.host(), config.port())));
            }
            return;
        }
        try {
            OutputStream out = connected().getOutputStream();
            out.write(SyslogMessage.octetCounted(message));
            out.flush();
        } catch (IOException e) {
            closeSocket();
            throw e;
        }
    }

    private Socket connected() throws Exception {
        Socket open = socket;
        if (open != null && !open.isClosed()) {
            return open;
        }
        if (stopped) {
            throw new IOException("the notifier stopped");
        }
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress(config.host(), config.port()), 10_000);
        raw.setSoTimeout(10_000);
        if (transport.equals("tls")) {
            SSLSocket tls = (SSLSocket) TrustFiles.context(config.ca_file()).getSocketFactory().createSocket(raw, config.host(), config.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");   // the server's name is checked against its certificate
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            socket = tls;
        } else {
            socket = raw;
        }
        Socket made = socket;
        if (stopped) {
            closeSocket();      // stopped while connecting
        }
        return made;
    }

    private void closeSocket() {
        Socket open = socket;
        socket = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static String localName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "-";
        }
    }
}
