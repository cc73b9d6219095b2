// SPDX-License-Identifier: Apache-2.0
package org.d4.notify.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets whose handshake checks the server's certificate against the host name (the JDK's
 * HTTPS endpoint identification, RFC 2818 / RFC 6125), for SMTPS and for STARTTLS, where the mail
 * library layers TLS over its plain socket.
 */
final class HostCheckingSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final String host;

    HostCheckingSocketFactory(SSLSocketFactory delegate, String host) {
        this.delegate = delegate;
        this.host = host;
    }

    private Socket checked(Socket socket) {
        if (socket instanceof SSLSocket tls) {
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (!host.isEmpty() && Character.isLetter(host.charAt(host.length() - 1))) {
                p.setServerNames(java.util.List.of(new SNIHostName(host)));
            }
            tls.setSSLParameters(p);
        }
        return socket;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return checked(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String h, int port, boolean autoClose) throws IOException {
        return checked(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String h, int port) throws IOException {
        return checked(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String h, int port, InetAddress localHost, int localPort) throws IOException {
        return checked(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return checked(delegate.createSocket(address, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return checked(delegate.createSocket(address, port, localAddress, localPort));
    }
}
