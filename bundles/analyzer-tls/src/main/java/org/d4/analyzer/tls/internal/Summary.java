// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the store knows of one fingerprint or certificate: first and last seen, how often, by which
 * sensors, between which clients and servers, for which server names and ALPN protocols. Every
 * list is bounded ({@link Bounds}); the counts beyond are not lost, only the values behind them.
 * Mutable, owned by the writer while it merges; encoded as bytes in the store.
 */
final class Summary {
    private static final int FORMAT = 1;

    /** How many values each list keeps. */
    record Bounds(int sensors, int addresses, int names) {
        static final Bounds DEFAULT = new Bounds(16, 32, 32);
    }

    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long count;
    /** The readable form of the fingerprint (the JA3 string of a JA3 MD5), or empty. */
    String detail = "";
    final List<String> sensors;
    final TopList clients;
    final TopList servers;
    final TopList names;
    final TopList alpn;

    Summary() {
        this(new ArrayList<>(), new TopList(), new TopList(), new TopList(), new TopList());
    }

    private Summary(List<String> sensors, TopList clients, TopList servers, TopList names, TopList alpn) {
        this.sensors = sensors;
        this.clients = clients;
        this.servers = servers;
        this.names = names;
        this.alpn = alpn;
    }

    void add(Sighting s, String readable, Bounds bounds) {
        first = Math.min(first, s.epochSecond());
        last = Math.max(last, s.epochSecond());
        count = count == Long.MAX_VALUE ? count : count + 1;
        if (detail.isEmpty() && readable != null) {
            detail = readable;
        }
        String sensor = s.sensor().toString();
        if (!sensors.contains(sensor) && sensors.size() < bounds.sensors()) {
            sensors.add(sensor);
        }
        clients.add(s.clientIp(), 1, bounds.addresses());
        servers.add(s.serverIp(), 1, bounds.addresses());
        names.add(s.sni(), 1, bounds.names());
        for (String p : s.alpn()) {
            alpn.add(p, 1, bounds.names());
        }
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(first);
            out.writeLong(last);
            out.writeLong(count);
            out.writeUTF(detail);
            out.writeShort(sensors.size());
            for (String s : sensors) {
                out.writeUTF(s);
            }
            clients.write(out);
            servers.write(out);
            names.write(out);
            alpn.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Summary decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalStateException("summary of format " + format);
            }
            long first = in.readLong();
            long last = in.readLong();
            long count = in.readLong();
            String detail = in.readUTF();
            int n = in.readUnsignedShort();
            List<String> sensors = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                sensors.add(in.readUTF());
            }
            Summary s = new Summary(sensors, TopList.read(in), TopList.read(in), TopList.read(in), TopList.read(in));
            s.first = first;
            s.last = last;
            s.count = count;
            s.detail = detail;
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
