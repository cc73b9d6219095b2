// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads pcap (microsecond or nanosecond, either byte order) and pcapng captures, gzip-compressed
 * or not, and hands each packet's bytes to a {@link PacketSink} without copying them. Written for
 * speed rather than taken from a library: one reusable buffer, no object per packet. A capture
 * that ends early or turns corrupt stops cleanly; {@link #stop()} says why.
 */
final class CaptureReader {
    /** Receives each packet; {@code data} is only valid during the call. */
    interface PacketSink {
        void packet(long micros, int linkType, byte[] data, int offset, int capturedLength, int wireLength);
    }

    static final int MAX_PACKET = 262_144;
    private static final int MAX_BLOCK = 16 * 1024 * 1024;
    private static final int PCAPNG_SHB = 0x0A0D0D0A;
    private static final int MAX_INTERFACES = 256;

    private final InputStream in;
    private byte[] buf = new byte[1 << 20];
    private int pos;
    private int limit;
    private boolean bigEndian;
    private String stop = "";
    private long packets;

    // pcapng interfaces: link type and time resolution
    private final int[] ifLinkType = new int[MAX_INTERFACES];
    private final int[] ifSnap = new int[MAX_INTERFACES];
    private final long[] ifUnitsPerSecond = new long[MAX_INTERFACES];
    private final boolean[] ifBinary = new boolean[MAX_INTERFACES];
    private final int[] ifShift = new int[MAX_INTERFACES];
    private int interfaces;

    CaptureReader(InputStream raw) throws IOException {
        BufferedInputStream b = new BufferedInputStream(raw, 1 << 16);
        b.mark(2);
        int a = b.read();
        int c = b.read();
        b.reset();
        this.in = a == 0x1f && c == 0x8b ? new GZIPInputStream(b, 1 << 16) : b;
    }

    /** Why reading stopped: empty after a clean end of the capture. */
    String stop() {
        return stop;
    }

    long packets() {
        return packets;
    }

    /** Reads the whole capture; returns false when it was not a capture or ended corrupt or truncated. */
    boolean readAll(PacketSink sink) throws IOException {
        try {
            if (!fill(4)) {
                stop = "empty file";
                return false;
            }
            int magicBe = getInt(pos, true);
            if (magicBe == PCAPNG_SHB) {
                return readPcapng(sink);
            }
            return readPcap(sink);
        } catch (EOFException e) {
            stop = "compressed stream ends early";
            return false;
        } catch (java.util.zip.ZipException e) {
            stop = "corrupt compressed stream: " + e.getMessage();
            return false;
        }
    }

    private boolean readPcap(PacketSink sink) throws IOException {
        if (!fill(24)) {
            stop = "truncated pcap header";
            return false;
        }
        int magic = getInt(pos, true);
        boolean nanos;
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            bigEndian = true;
        } else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            bigEndian = false;
        } else {
            stop = "not a pcap or pcapng capture";
            return false;
        }
        nanos = getInt(pos, bigEndian) == 0xa1b23c4d;
        int linkType = getInt(pos + 20, bigEndian) & 0x0fff_ffff;
        pos += 24;
        while (true) {
            if (!fill(16)) {
                if (limit - pos != 0) {
                    stop = "truncated packet header";
                    return false;
                }
                return true;
            }
            long seconds = getInt(pos, bigEndian) & 0xffff_ffffL;
            long fraction = getInt(pos + 4, bigEndian) & 0xffff_ffffL;
            int caplen = getInt(pos + 8, bigEndian);
            int wirelen = getInt(pos + 12, bigEndian);
            if (caplen < 0 || caplen > MAX_PACKET || (nanos ? fraction >= 1_000_000_000L : fraction >= 1_000_000L)) {
                stop = "corrupt packet header after " + packets + " packets";
                return false;
            }
            pos += 16;
            if (!fill(caplen)) {
                stop = "truncated packet after " + packets + " packets";
                return false;
            }
            long micros = seconds * 1_000_000L + (nanos ? fraction / 1000 : fraction);
            packets++;
            sink.packet(micros, linkType, buf, pos, caplen, Math.max(wirelen, caplen));
            pos += caplen;
        }
    }

    private boolean readPcapng(PacketSink sink) throws IOException {
        while (true) {
            if (!fill(12)) {
                if (limit - pos != 0) {
                    stop = "truncated block header";
                    return false;
                }
                return true;
            }
            int type = getInt(pos, bigEndian);
            if (type == PCAPNG_SHB) {
                int order = getInt(pos + 8, true);
                if (order == 0x1A2B3C4D) {
                    bigEndian = true;
                } else if (order == 0x4D3C2B1A) {
                    bigEndian = false;
                } else {
                    stop = "corrupt section header";
                    return false;
                }
                interfaces = 0;
            }
            int length = getInt(pos + 4, bigEndian);
            if (length < 12 || length > MAX_BLOCK || (length & 3) != 0) {
                stop = "corrupt block length after " + packets + " packets";
                return false;
            }
            if (!fill(length)) {
                stop = "truncated block after " + packets + " packets";
                return false;
            }
            if (!block(type, pos + 8, length - 12, sink)) {
                return false;
            }
            pos += length;
        }
    }

    private boolean block(int type, int body, int bodyLength, PacketSink sink) {
        switch (type) {
            case 1 -> {
                if (bodyLength < 8) {
                    stop = "corrupt interface block";
                    return false;
                }
                if (interfaces == MAX_INTERFACES) {
                    stop = "too many interfaces";
                    return false;
                }
                int i = interfaces++;
                ifLinkType[i] = getShort(body);
                ifSnap[i] = getInt(body + 4, bigEndian);
                ifUnitsPerSecond[i] = 1_000_000L;
                ifBinary[i] = false;
                interfaceOptions(i, body + 8, bodyLength - 8);
            }
            case 6, 2 -> {
                if (bodyLength < 20) {
                    stop = "corrupt packet block";
                    return false;
                }
                int iface = type == 6 ? getInt(body, bigEndian) : getShort(body);
                long units = ((getInt(body + 4, bigEndian) & 0xffff_ffffL) << 32) | (getInt(body + 8, bigEndian) & 0xffff_ffffL);
                int caplen = getInt(body + 12, bigEndian);
                int wirelen = getInt(body + 16, bigEndian);
                if (iface < 0 || iface >= interfaces || caplen < 0 || caplen > bodyLength - 20) {
                    stop = "corrupt packet block after " + packets + " packets";
                    return false;
                }
                packets++;
                sink.packet(micros(iface, units), ifLinkType[iface], buf, body + 20, caplen, Math.max(caplen, wirelen));
            }
            case 3 -> {
                if (bodyLength < 4 || interfaces == 0) {
                    stop = "corrupt simple packet block";
                    return false;
                }
                int wirelen = getInt(body, bigEndian);
                int caplen = Math.min(bodyLength - 4, wirelen < 0 ? Integer.MAX_VALUE : wirelen);
                if (ifSnap[0] > 0) {
                    caplen = Math.min(caplen, ifSnap[0]);
                }
                packets++;
                sink.packet(0, ifLinkType[0], buf, body + 4, caplen, Math.max(caplen, wirelen));
            }
            default -> {
                // section header, statistics, name resolution and unknown blocks carry no packets
            }
        }
        return true;
    }

    private void interfaceOptions(int iface, int at, int length) {
        int end = at + length;
        while (at + 4 <= end) {
            int code = getShort(at);
            int optionLength = getShort(at + 2);
            if (code == 0 || at + 4 + optionLength > end) {
                return;
            }
            if (code == 9 && optionLength >= 1) {
                int r = buf[at + 4] & 0xff;
                if ((r & 0x80) != 0) {
                    ifBinary[iface] = true;
                    ifShift[iface] = Math.min(r & 0x7f, 62);
                } else {
                    long units = 1;
                    for (int k = 0; k < Math.min(r, 18); k++) {
                        units *= 10;
                    }
                    ifUnitsPerSecond[iface] = units;
                }
            }
            at += 4 + ((optionLength + 3) & ~3);
        }
    }

    private long micros(int iface, long units) {
        if (ifBinary[iface]) {
            int shift = ifShift[iface];
            long seconds = units >>> shift;
            long fraction = units & ((1L << shift) - 1);
            return seconds * 1_000_000L + Math.multiplyHigh(fraction << (64 - shift), 1_000_000L);
        }
        long perSecond = ifUnitsPerSecond[iface];
        long seconds = Long.divideUnsigned(units, perSecond);
        long fraction = Long.remainderUnsigned(units, perSecond);
        return seconds * 1_000_000L + (perSecond >= 1_000_000L ? fraction / (perSecond / 1_000_000L) : fraction * (1_000_000L / perSecond));
    }

    /** Makes n bytes available at pos; false at the end of the stream. */
    private boolean fill(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (n > buf.length) {
            byte[] bigger = new byte[Math.max(n, buf.length * 2)];
            System.arraycopy(buf, pos, bigger, 0, limit - pos);
            buf = bigger;
        } else {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
        }
        limit -= pos;
        pos = 0;
        while (limit < n) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                return false;
            }
            limit += r;
        }
        return true;
    }

    private int getInt(int at, boolean big) {
        int v = (buf[at] & 0xff) << 24 | (buf[at + 1] & 0xff) << 16 | (buf[at + 2] & 0xff) << 8 | (buf[at + 3] & 0xff);
        return big ? v : Integer.reverseBytes(v);
    }

    private int getShort(int at) {
        return bigEndian ? (buf[at] & 0xff) << 8 | (buf[at + 1] & 0xff) : (buf[at + 1] & 0xff) << 8 | (buf[at] & 0xff);
    }
}
