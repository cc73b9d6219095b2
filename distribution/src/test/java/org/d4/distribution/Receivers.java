// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Receivers of exported items for the image test: each keeps what it got, in arrival order. */
final class Receivers {
    private Receivers() {
    }

    /** Reads one connection: a line, or (syslog over a stream) an octet-counted message. */
    interface Reading {
        String next(InputStream in) throws IOException;
    }

    static final Reading LINES = in -> {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                if (line.size() > 0) {
                    throw new EOFException("line without its newline: " + line.toString(UTF_8));
                }
                return null;
            }
            line.write(b);
        }
        return line.toString(UTF_8);
    };

    /** MSG-LEN SP SYSLOG-MSG (RFC 6587 section 3.4.1), read as the RFC states it, not with the exporter's code. */
    static final Reading OCTET_COUNTED = in -> {
        int length = 0;
        int digits = 0;
        for (int b = in.read(); b != ' '; b = in.read()) {
            if (b < 0 && digits == 0) {
                return null;
            }
            if (b < '0' || b > '9' || ++digits > 6) {
                throw new IOException("not an octet count: byte " + b);
            }
            length = length * 10 + (b - '0');
        }
        byte[] message = new byte[length];
        new DataInputStream(in).readFully(message);
        return new String(message, UTF_8);
    };

    /** A stream listener (TCP, TLS or unix) that accepts any number of connections. */
    static final class StreamReceiver implements Closeable {
        final List<String> received = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        private final List<Closeable> open = new CopyOnWriteArrayList<>();
        private final Reading reading;
        private int port;

        private StreamReceiver(Reading reading) {
            this.reading = reading;
        }

        int port() {
            return port;
        }

        static StreamReceiver tcp(ServerSocket server, Reading reading) {
            StreamReceiver r = new StreamReceiver(reading);
            r.port = server.getLocalPort();
            r.open.add(server);
            r.loop(() -> {
                Socket s = server.accept();
                r.open.add(s);
                return s.getInputStream();
            });
            return r;
        }

        static StreamReceiver unix(Path path, Reading reading) throws IOException {
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            StreamReceiver r = new StreamReceiver(reading);
            r.open.add(server);
            r.loop(() -> {
                SocketChannel s = server.accept();
                r.open.add(s);
                return Channels.newInputStream(s);
            });
            return r;
        }

        interface Accept {
            InputStream next() throws IOException;
        }

        private void loop(Accept accept) {
            Thread t = new Thread(() -> {
                while (true) {
                    InputStream in;
                    try {
                        in = accept.next();
                    } catch (IOException e) {
                        return;     // closed
                    }
                    Thread reader = new Thread(() -> {
                        try {
                            for (String item = reading.next(in); item != null; item = reading.next(in)) {
                                received.add(item);
                            }
                        } catch (IOException e) {
                            errors.add(e.toString());
                        }
                    }, "export-it-reader");
                    reader.setDaemon(true);
                    reader.start();
                }
            }, "export-it-accept");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            for (Closeable c : open) {
                c.close();
            }
        }
    }

    /** One datagram, one item. */
    static final class DatagramReceiver implements Closeable {
        final List<String> received = new CopyOnWriteArrayList<>();
        final DatagramSocket socket;

        DatagramReceiver() throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setReceiveBufferSize(1 << 20);
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[65_536];
                while (!socket.isClosed()) {
                    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(p);
                        received.add(new String(p.getData(), 0, p.getLength(), UTF_8));
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "export-it-udp");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }
}
