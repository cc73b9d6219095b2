// SPDX-License-Identifier: Apache-2.0
package org.d4.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLSocket;

/**
 * A connection to an appliance's sensor port: TLS (verifying the appliance's own certificate),
 * bytes out, and a way to see whether the server closed it.
 */
public final class TlsSensor implements AutoCloseable {
    private final SSLSocket socket;
    private final OutputStream out;
    private final InputStream in;

    private TlsSensor(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    static TlsSensor connect(Appliance appliance) throws IOException {
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress("127.0.0.1", appliance.sensorPort()), 5000);
        SSLSocket tls = (SSLSocket) appliance.trustingTls().getSocketFactory().createSocket(raw, "127.0.0.1", appliance.sensorPort(), true);
        tls.setSoTimeout(10_000);
        tls.startHandshake();
        return new TlsSensor(tls);
    }

    /** Sends bytes; an IOException means the server already closed the connection. */
    public TlsSensor send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** True if the server closes the connection within {@code timeout} (reading and dropping anything it sends). */
    public boolean closedByServer(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, Math.min(500, (deadline - System.nanoTime()) / 1_000_000)));
                try {
                    if (in.read() < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // still open
                }
            }
            return false;
        } catch (IOException e) {
            return true;  // reset or TLS close: closed all the same
        }
    }

    /** True if the connection is still open after {@code wait} (the server accepted what it got so far). */
    public boolean stillOpenAfter(Duration wait) {
        return !closedByServer(wait);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
