// SPDX-License-Identifier: Apache-2.0
package org.d4.client.net;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import jdk.net.ExtendedSocketOptions;
import org.d4.client.config.Endpoints.Endpoint;

/**
 * A D4 server over TLS (or plain TCP when TLS is off). Each link has a watcher thread reading the
 * socket: a D4 server never answers, so anything it sends is TLS housekeeping, and end of stream
 * means it closed the connection; the watcher then closes the socket so the next write fails at
 * once instead of filling a dead connection's buffers.
 */
public final class SocketDestination implements Destination {
    private static final int BUFFER = 1 << 17;
    private static final long FINISH_WAIT_MS = 5_000;

    private final Endpoint endpoint;
    private final SSLContext tls;
    private final boolean verifyHost;
    private final Duration timeout;
    private final Duration keepAlive;
    private final InetSocketAddress socksProxy;

    /**
     * @param tls null for plain TCP
     * @param verifyHost check the certificate's names against the host (when the chain is verified)
     * @param keepAlive TCP keep-alive idle time, zero for none
     */
    public SocketDestination(Endpoint endpoint, SSLContext tls, boolean verifyHost, Duration timeout, Duration keepAlive) {
        this(endpoint, tls, verifyHost, timeout, keepAlive, null);
    }

    /**
     * @param socksProxy a SOCKS5 proxy (Tor's, {@code -tor}) that connects for us and resolves the
     *                   server's name itself, so a {@code .onion} address works and no DNS query leaves
     *                   the host; null to connect directly
     */
    public SocketDestination(Endpoint endpoint, SSLContext tls, boolean verifyHost, Duration timeout, Duration keepAlive,
            InetSocketAddress socksProxy) {
        this.endpoint = endpoint;
        this.tls = tls;
        this.verifyHost = verifyHost;
        this.timeout = timeout;
        this.keepAlive = keepAlive;
        this.socksProxy = socksProxy;
    }

    @Override
    public Link open() throws IOException {
        Socket raw = socksProxy == null ? new Socket() : new Socket(new Proxy(Proxy.Type.SOCKS, socksProxy));
        try {
            raw.setTcpNoDelay(true);
            if (!keepAlive.isZero()) {
                raw.setKeepAlive(true);
                trySetKeepIdle(raw);
            }
            InetSocketAddress server = socksProxy == null ? new InetSocketAddress(endpoint.host(), endpoint.port())
                    : InetSocketAddress.createUnresolved(endpoint.host(), endpoint.port());
            raw.connect(server, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            Socket socket = raw;
            if (tls != null) {
                SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(raw, endpoint.host(), endpoint.port(), true);
                SSLParameters parameters = s.getSSLParameters();
                parameters.setCipherSuites(TlsContexts.aes128First(s.getEnabledCipherSuites()));
                if (verifyHost) {
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                }
                s.setSSLParameters(parameters);
                s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                s.startHandshake();
                s.setSoTimeout(0);
                socket = s;
            }
            return new SocketLink(socket);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private void trySetKeepIdle(Socket raw) {
        try {
            raw.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, (int) Math.max(1, keepAlive.toSeconds()));
            raw.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, (int) Math.max(1, keepAlive.toSeconds()));
        } catch (IOException | UnsupportedOperationException e) {
            // the platform's defaults apply
        }
    }

    @Override
    public String describe() {
        return (tls == null ? "tcp://" : "tls://") + endpoint;
    }

    private static final class SocketLink implements Link {
        private final Socket socket;
        private final OutputStream out;
        private volatile String closeReason;
        private volatile boolean finishing;
        private final Thread watcher;

        SocketLink(Socket socket) throws IOException {
            this.socket = socket;
            this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
            InputStream in = socket.getInputStream();
            watcher = new Thread(() -> watch(in), "d4-client watcher " + socket.getRemoteSocketAddress());
            watcher.setDaemon(true);
            watcher.start();
        }

        private void watch(InputStream in) {
            byte[] sink = new byte[512];
            try {
                while (in.read(sink) >= 0) {
                    // TLS session tickets and the like; a D4 server sends no data
                }
                closeReason = "closed by the server";
            } catch (SocketTimeoutException e) {
                closeReason = "no answer from the server";
            } catch (IOException e) {
                closeReason = finishing ? null : "connection failed: " + e.getMessage();
            }
            if (!finishing) {
                close();
            }
        }

        @Override
        public OutputStream out() {
            return out;
        }

        @Override
        public String closeReason() {
            return closeReason;
        }

        @Override
        public void finish() throws IOException {
            out.flush();
            finishing = true;
            try {
                // half-close (TLS close_notify, TCP FIN) and let the server read to the end before the socket goes:
                // closing with bytes in flight could end in a reset that loses the last frames
                socket.shutdownOutput();
                watcher.join(FINISH_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | UnsupportedOperationException e) {
                // already closed by the server
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
