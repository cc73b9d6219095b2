// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** An attack's bytes in the store: a version byte, then its fields in order. */
final class AttackCodec {
    private static final int VERSION = 1;
    private static final int MAX_LIST = 64;

    private AttackCodec() {
    }

    static byte[] encode(Attack a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(a.victim());
            out.writeByte(a.ipVersion());
            ints(out, a.protocols());
            ints(out, a.ports());
            out.writeBoolean(a.morePorts());
            ints(out, a.icmpTypes());
            out.writeLong(a.startMicros());
            out.writeLong(a.endMicros());
            out.writeLong(a.packets());
            out.writeLong(a.bytes());
            out.writeLong(a.targets());
            out.writeInt(a.maxPerMinute());
            out.writeDouble(a.observedPps());
            out.writeDouble(a.estimatedPps());
            out.writeUTF(a.router() == null ? "" : a.router());
            out.writeLong(a.routerPackets());
            out.writeLong(a.firstFile());
            out.writeLong(a.lastFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Attack decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readByte() != VERSION) {
                throw new IOException("unknown attack record version");
            }
            String victim = in.readUTF();
            int version = in.readByte();
            int[] protocols = ints(in);
            int[] ports = ints(in);
            boolean more = in.readBoolean();
            int[] types = ints(in);
            long start = in.readLong();
            long end = in.readLong();
            long packets = in.readLong();
            long bytes = in.readLong();
            long targets = in.readLong();
            int ppm = in.readInt();
            double observed = in.readDouble();
            double estimated = in.readDouble();
            String router = in.readUTF();
            long routerPackets = in.readLong();
            long firstFile = in.readLong();
            long lastFile = in.readLong();
            return new Attack(victim, version, protocols, ports, more, types, start, end, packets, bytes, targets, ppm, observed, estimated,
                    router.isEmpty() ? null : router, routerPackets, false, firstFile, lastFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ints(DataOutputStream out, int[] values) throws IOException {
        out.writeByte(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static int[] ints(DataInputStream in) throws IOException {
        int n = in.readUnsignedByte();
        if (n > MAX_LIST) {
            throw new IOException("corrupt attack record");
        }
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readInt();
        }
        return v;
    }
}
