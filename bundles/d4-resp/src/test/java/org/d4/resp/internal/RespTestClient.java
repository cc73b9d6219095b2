// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A plain socket speaking RESP, returning each reply exactly as it came over the wire. */
final class RespTestClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RespTestClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(5_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends one command as an array of bulk strings and returns its raw reply. */
    String call(String... args) throws IOException {
        send(command(args));
        return reply();
    }

    void send(String raw) throws IOException {
        send(raw.getBytes(ISO_8859_1));
    }

    void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Reads one complete reply, nested arrays included. */
    String reply() throws IOException {
        String line = line();
        StringBuilder raw = new StringBuilder(line);
        switch (line.charAt(0)) {
            case '$' -> {
                int n = Integer.parseInt(line.substring(1, line.length() - 2));
                if (n >= 0) {
                    raw.append(new String(in.readNBytes(n + 2), ISO_8859_1));
                }
            }
            case '*', '%' -> {
                int n = Integer.parseInt(line.substring(1, line.length() - 2)) * (line.charAt(0) == '%' ? 2 : 1);
                for (int i = 0; i < n; i++) {
                    raw.append(reply());
                }
            }
            default -> {
                // '+', '-', ':' and RESP3's null '_' are one line
            }
        }
        return raw.toString();
    }

    /** True when the server has closed the connection (end of stream within the timeout). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed after " + line.toString(ISO_8859_1));
            }
            line.write(b);
            if (previous == '\r' && b == '\n') {
                return line.toString(ISO_8859_1);
            }
            previous = b;
        }
    }

    static String command(String... args) {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(ISO_8859_1).length).append("\r\n").append(a).append("\r\n");
        }
        return b.toString();
    }

    /** The raw array reply holding these bulk strings. */
    static String bulks(String... items) {
        StringBuilder b = new StringBuilder("*").append(items.length).append("\r\n");
        for (String i : items) {
            b.append(bulk(i));
        }
        return b.toString();
    }

    static String bulk(String item) {
        return "$" + item.getBytes(ISO_8859_1).length + "\r\n" + item + "\r\n";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
