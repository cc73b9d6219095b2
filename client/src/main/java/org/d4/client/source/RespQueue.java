// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.d4.client.config.Endpoints;
import org.d4.client.config.QueueAddress;

/**
 * A queue popped over the Redis protocol, as d4-goclient does with {@code redis_d4}/{@code redis_queue}:
 * {@code SELECT db}, then {@code RPOP list count}. Replies are bounded (an item over 64 MiB is refused).
 * The connection is opened on first use and again after a failure.
 */
final class RespQueue implements ItemQueue {
    private static final int TIMEOUT_MS = 30_000;
    private static final long MAX_BULK = 64L << 20;

    private final QueueAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RespQueue(QueueAddress address) {
        this.address = address;
    }

    @Override
    public synchronized List<byte[]> pop(int max) throws IOException {
        try {
            if (socket == null) {
                open();
            }
            command("RPOP", address.name(), Integer.toString(max));
            Object reply = reply();
            List<byte[]> items = new ArrayList<>();
            if (reply instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof byte[] b) {
                        items.add(b);
                    }
                }
            } else if (reply instanceof byte[] b) {
                items.add(b);
            }
            return items;
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        Endpoints.Endpoint endpoint = Endpoints.parse(address.server());
        Socket s = new Socket();
        s.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), TIMEOUT_MS);
        s.setSoTimeout(TIMEOUT_MS);
        socket = s;
        in = new BufferedInputStream(s.getInputStream());
        out = new BufferedOutputStream(s.getOutputStream());
        if (address.token() != null) {
            command("AUTH", address.token());
            reply();
        }
        command("SELECT", Integer.toString(address.database()));
        reply();
    }

    private void command(String... args) throws IOException {
        out.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            out.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.write('\r');
            out.write('\n');
        }
        out.flush();
    }

    private Object reply() throws IOException {
        int kind = in.read();
        String line = line();
        switch (kind) {
            case '+', ':' -> {
                return line;
            }
            case '-' -> throw new IOException(address.server() + " answered: " + line);
            case '_' -> {
                return null;
            }
            case '$' -> {
                long n = number(line);
                if (n < 0) {
                    return null;
                }
                if (n > MAX_BULK) {
                    throw new IOException(address.server() + " sent an item of " + n + " bytes, more than " + MAX_BULK);
                }
                byte[] data = in.readNBytes((int) n);
                if (data.length != n || in.read() != '\r' || in.read() != '\n') {
                    throw new IOException(address.server() + " closed the connection within a reply");
                }
                return data;
            }
            case '*' -> {
                long n = number(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    items.add(reply());
                }
                return items;
            }
            case -1 -> throw new IOException(address.server() + " closed the connection");
            default -> throw new IOException(address.server() + " does not speak the Redis protocol (reply starts with " + kind + ")");
        }
    }

    private long number(String line) throws IOException {
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new IOException(address.server() + " sent a malformed length: " + line);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0 || b.size() > 65536) {
                throw new IOException(address.server() + " sent a malformed reply");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }
}
