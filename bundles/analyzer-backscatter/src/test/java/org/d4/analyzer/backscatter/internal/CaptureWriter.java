// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes captured IP packets as pcap (microseconds, little endian) or pcapng (nanosecond
 * resolution, big endian), in one of the link layers the analyzer reads, optionally gzipped.
 */
final class CaptureWriter {
    enum Link { ETHERNET, RAW, SLL, SLL2, NULL }

    /** One packet to write: time, IP bytes, VLAN tags in front (Ethernet only), bytes cut at the end. */
    record Frame(long micros, byte[] ip, int vlanTags, int cut) {
        Frame(long micros, byte[] ip) {
            this(micros, ip, 0, 0);
        }
    }

    private CaptureWriter() {
    }

    static void write(Path file, List<Frame> frames, Link link, boolean pcapng, boolean gzip) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
            if (pcapng) {
                pcapng(out, frames, link);
            } else {
                pcap(out, frames, link);
            }
        }
    }

    private static void pcap(OutputStream out, List<Frame> frames, Link link) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(linkType(link));
        out.write(h.array());
        for (Frame f : frames) {
            byte[] data = frame(f, link);
            int caplen = data.length - f.cut();
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt((int) (f.micros() / 1_000_000L)).putInt((int) (f.micros() % 1_000_000L)).putInt(caplen).putInt(data.length);
            out.write(r.array());
            out.write(data, 0, caplen);
        }
    }

    private static void pcapng(OutputStream out, List<Frame> frames, Link link) throws IOException {
        ByteBuffer shb = ByteBuffer.allocate(28);
        shb.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).putInt(28);
        out.write(shb.array());
        ByteBuffer idb = ByteBuffer.allocate(32);
        idb.putInt(1).putInt(32).putShort((short) linkType(link)).putShort((short) 0).putInt(262144);
        idb.putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]).putInt(0).putInt(32);
        out.write(idb.array());
        for (Frame f : frames) {
            byte[] data = frame(f, link);
            int caplen = data.length - f.cut();
            int padded = (caplen + 3) & ~3;
            int length = 32 + padded;
            ByteBuffer b = ByteBuffer.allocate(length);
            long nanos = f.micros() * 1000L;
            b.putInt(6).putInt(length).putInt(0).putInt((int) (nanos >>> 32)).putInt((int) nanos).putInt(caplen).putInt(data.length);
            b.put(data, 0, caplen).position(28 + padded);
            b.putInt(length);
            out.write(b.array());
        }
    }

    static int linkType(Link link) {
        return switch (link) {
            case ETHERNET -> 1;
            case RAW -> 101;
            case SLL -> 113;
            case SLL2 -> 276;
            case NULL -> 0;
        };
    }

    private static byte[] frame(Frame f, Link link) {
        byte[] ip = f.ip();
        int version = ip.length > 0 ? (ip[0] & 0xf0) >> 4 : 0;
        int etherType = version == 6 ? 0x86dd : version == 4 ? 0x0800 : 0x0806;
        ByteArrayOutputStream out = new ByteArrayOutputStream(ip.length + 40);
        switch (link) {
            case ETHERNET -> {
                out.writeBytes(new byte[] {0, 0x1b, 0x21, 1, 2, 3, 0, 0x1b, 0x21, 4, 5, 6});
                for (int t = 0; t < f.vlanTags(); t++) {
                    int tpid = f.vlanTags() > 1 && t == 0 ? 0x88a8 : 0x8100;
                    out.writeBytes(new byte[] {(byte) (tpid >>> 8), (byte) tpid, 0, (byte) (10 + t)});
                }
                out.writeBytes(new byte[] {(byte) (etherType >>> 8), (byte) etherType});
            }
            case RAW -> {
                // the IP packet alone
            }
            case SLL -> out.writeBytes(new byte[] {0, 0, 0, 1, 0, 6, 0, 0x1b, 0x21, 1, 2, 3, 0, 0, (byte) (etherType >>> 8), (byte) etherType});
            case SLL2 -> out.writeBytes(new byte[] {(byte) (etherType >>> 8), (byte) etherType, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 0,
                    0x1b, 0x21, 1, 2, 3, 0, 0});
            case NULL -> out.writeBytes(new byte[] {(byte) (version == 4 ? 2 : version == 6 ? 30 : 0), 0, 0, 0});
        }
        out.writeBytes(ip);
        return out.toByteArray();
    }
}
