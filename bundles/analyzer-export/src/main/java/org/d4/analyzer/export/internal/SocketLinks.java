// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import jdk.net.ExtendedSocketOptions;

/** Opens the links of the stream sinks: TCP (with keepalive), TLS on top of it (host name checked), unix sockets. */
final class SocketLinks {
    private SocketLinks() {
    }

    /** TCP, or TLS when {@code tls} is given. The name is resolved at each connection. */
    static StreamSink.Connector tcp(InetSocketAddress address, int keepaliveSeconds, int connectTimeoutMillis, SSLContext tls) {
        return () -> {
            Socket socket = new Socket();
            try {
                keepalive(socket, keepaliveSeconds);
                InetSocketAddress resolved = new InetSocketAddress(address.getHostString(), address.getPort());
                if (resolved.isUnresolved()) {
                    throw new IOException("cannot resolve " + address.getHostString());
                }
                socket.connect(resolved, connectTimeoutMillis);
                if (tls == null) {
                    return socketLink(socket, socket.getInputStream(), socket.getOutputStream());
                }
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, address.getHostString(), address.getPort(), true);
                SSLParameters parameters = secure.getSSLParameters();
                // the certificate must name the host we asked for, as a browser checks it
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                if (!isAddressLiteral(address.getHostString())) {
                    parameters.setServerNames(List.of(new SNIHostName(address.getHostString())));
                }
                secure.setSSLParameters(parameters);
                secure.setSoTimeout(connectTimeoutMillis);
                secure.startHandshake();
                secure.setSoTimeout(0);
                return socketLink(secure, secure.getInputStream(), secure.getOutputStream());
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        };
    }

    static StreamSink.Connector unix(Path path) {
        return () -> {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(path));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw new IOException("cannot connect to unix socket " + path + ": " + e.getMessage(), e);
            }
            return new Link() {
                @Override
                public void write(byte[] bytes) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }

                @Override
                public int read(byte[] buffer) throws IOException {
                    // the channel itself, not a stream over it: its streams would serialise the reader and the writer
                    return channel.read(ByteBuffer.wrap(buffer));
                }

                @Override
                public void close() {
                    try {
                        channel.close();
                    } catch (IOException e) {
                        // already closed
                    }
                }
            };
        };
    }

    private static void keepalive(Socket socket, int seconds) throws IOException {
        if (seconds <= 0) {
            return;
        }
        socket.setKeepAlive(true);
        try {
            // probes after this much silence, then one more interval: a dead peer is found within twice the setting
            if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, seconds);
                socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, seconds);
                socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, 1);
            }
        } catch (NoClassDefFoundError e) {
            // jdk.net not offered by the framework: the system's keepalive timing applies
        }
    }

    private static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static Link socketLink(Socket socket, InputStream in, OutputStream out) {
        return new Link() {
            @Override
            public void write(byte[] bytes) throws IOException {
                out.write(bytes);
                out.flush();
            }

            @Override
            public int read(byte[] buffer) throws IOException {
                return in.read(buffer);
            }

            @Override
            public void close() {
                try {
                    socket.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        };
    }
}
