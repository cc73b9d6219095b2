// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming reader of pcap (both byte orders, micro- and nanosecond) and pcapng (section header,
 * interface description, enhanced and simple packet blocks; any number of interfaces, each with its
 * link type and timestamp resolution) files. Memory is one packet buffer of at most
 * {@code maxPacketBytes}: a larger record is a {@link CaptureFormatException}, other pcapng blocks
 * are skipped without being buffered.
 */
public final class CaptureReader {

    public static final int DEFAULT_MAX_PACKET_BYTES = 262_144;

    private static final int PCAP_MICRO = 0xa1b2c3d4;
    private static final int PCAP_NANO = 0xa1b23c4d;
    private static final int PCAPNG_SECTION = 0x0a0d0d0a;
    private static final int PCAPNG_BYTE_ORDER = 0x1a2b3c4d;
    private static final int BLOCK_INTERFACE = 1;
    private static final int BLOCK_SIMPLE_PACKET = 3;
    private static final int BLOCK_ENHANCED_PACKET = 6;
    private static final int OPTION_TSRESOL = 9;
    private static final int MAX_INTERFACE_BLOCK = 65_536;

    private final InputStream in;
    private final int maxPacketBytes;
    private final byte[] packet;
    private final byte[] header = new byte[28];
    private boolean bigEndian;
    private long packets;

    public CaptureReader(InputStream in) {
        this(in, DEFAULT_MAX_PACKET_BYTES);
    }

    public CaptureReader(InputStream in, int maxPacketBytes) {
        this.in = in;
        this.maxPacketBytes = maxPacketBytes;
        this.packet = new byte[maxPacketBytes];
    }

    /** Packets handed to the sink so far. */
    public long packets() {
        return packets;
    }

    /** Reads the whole stream, handing every packet to {@code sink}. */
    public void readAll(PacketSink sink) throws IOException {
        if (!readFully(header, 0, 4, true)) {
            throw new CaptureFormatException("empty capture");
        }
        int magicBig = int32(header, 0, true);
        if (magicBig == PCAPNG_SECTION) {
            readPcapng(sink);
        } else {
            readPcap(magicBig, sink);
        }
    }

    private void readPcap(int magicBig, PacketSink sink) throws IOException {
        long unitsPerSecond;
        if (magicBig == PCAP_MICRO || magicBig == PCAP_NANO) {
            bigEndian = true;
        } else if (Integer.reverseBytes(magicBig) == PCAP_MICRO || Integer.reverseBytes(magicBig) == PCAP_NANO) {
            bigEndian = false;
        } else {
            throw new CaptureFormatException("not a pcap or pcapng file (magic " + Integer.toHexString(magicBig) + ")");
        }
        unitsPerSecond = int32(header, 0, bigEndian) == PCAP_NANO ? 1_000_000_000L : 1_000_000L;
        readFully(header, 4, 20, false);
        int linkType = int32(header, 20, bigEndian) & 0xffff;    // the upper bits carry FCS information
        while (readFully(header, 0, 16, true)) {
            long seconds = int32(header, 0, bigEndian) & 0xffffffffL;
            long fraction = int32(header, 4, bigEndian) & 0xffffffffL;
            long captured = int32(header, 8, bigEndian) & 0xffffffffL;
            if (captured > maxPacketBytes) {
                throw new CaptureFormatException("packet of " + captured + " bytes exceeds " + maxPacketBytes);
            }
            readFully(packet, 0, (int) captured, false);
            packets++;
            sink.onPacket(linkType, seconds * 1_000_000_000L + fraction * (1_000_000_000L / unitsPerSecond),
                    packet, 0, (int) captured);
        }
    }

    private void readPcapng(PacketSink sink) throws IOException {
        List<Interface> interfaces = new ArrayList<>();
        int blockType = PCAPNG_SECTION;
        boolean first = true;
        while (true) {
            if (!first) {
                if (!readFully(header, 0, 4, true)) {
                    return;
                }
                blockType = int32(header, 0, bigEndian);
            }
            first = false;
            readFully(header, 4, 4, false);
            if (blockType == PCAPNG_SECTION) {
                readFully(header, 8, 4, false);
                int order = int32(header, 8, true);
                if (order == PCAPNG_BYTE_ORDER) {
                    bigEndian = true;
                } else if (Integer.reverseBytes(order) == PCAPNG_BYTE_ORDER) {
                    bigEndian = false;
                } else {
                    throw new CaptureFormatException("bad pcapng byte-order magic");
                }
                interfaces.clear();
                skip(blockLength() - 12);
                continue;
            }
            long length = blockLength();
            long body = length - 12;
            if (blockType == BLOCK_INTERFACE) {
                if (body < 8 || body > MAX_INTERFACE_BLOCK) {
                    throw new CaptureFormatException("bad interface block length " + length);
                }
                readFully(packet, 0, (int) body, false);
                interfaces.add(parseInterface((int) body));
                skip(4);
            } else if (blockType == BLOCK_ENHANCED_PACKET) {
                if (body < 20 || body > maxPacketBytes) {
                    throw new CaptureFormatException("bad enhanced packet block length " + length);
                }
                readFully(packet, 0, (int) body, false);
                skip(4);
                int id = int32(packet, 0, bigEndian);
                if (id < 0 || id >= interfaces.size()) {
                    throw new CaptureFormatException("packet of undeclared interface " + id);
                }
                long ticks = (int32(packet, 4, bigEndian) & 0xffffffffL) << 32 | (int32(packet, 8, bigEndian) & 0xffffffffL);
                long captured = int32(packet, 12, bigEndian) & 0xffffffffL;
                if (captured > body - 20) {
                    throw new CaptureFormatException("packet longer than its block");
                }
                Interface face = interfaces.get(id);
                packets++;
                sink.onPacket(face.linkType, face.nanos(ticks), packet, 20, (int) captured);
            } else if (blockType == BLOCK_SIMPLE_PACKET) {
                if (body < 4 || body > maxPacketBytes || interfaces.isEmpty()) {
                    throw new CaptureFormatException("bad simple packet block");
                }
                readFully(packet, 0, (int) body, false);
                skip(4);
                long original = int32(packet, 0, bigEndian) & 0xffffffffL;
                Interface face = interfaces.get(0);
                int captured = (int) Math.min(Math.min(original, body - 4), face.snapLength == 0 ? Long.MAX_VALUE : face.snapLength);
                packets++;
                sink.onPacket(face.linkType, 0L, packet, 4, captured);   // simple packets carry no timestamp
            } else {
                skip(body + 4);
            }
        }
    }

    private long blockLength() throws CaptureFormatException {
        long length = int32(header, 4, bigEndian) & 0xffffffffL;
        if (length < 12 || length % 4 != 0) {
            throw new CaptureFormatException("bad pcapng block length " + length);
        }
        return length;
    }

    private Interface parseInterface(int body) throws CaptureFormatException {
        int linkType = int16(packet, 0, bigEndian);
        long snap = int32(packet, 4, bigEndian) & 0xffffffffL;
        long unitsPerSecond = 1_000_000L;
        int at = 8;
        while (at + 4 <= body) {
            int code = int16(packet, at, bigEndian);
            int length = int16(packet, at + 2, bigEndian);
            if (code == 0) {
                break;
            }
            if (at + 4 + length > body) {
                throw new CaptureFormatException("interface option beyond its block");
            }
            if (code == OPTION_TSRESOL && length >= 1) {
                int resolution = packet[at + 4] & 0xff;
                int exponent = resolution & 0x7f;
                if ((resolution & 0x80) != 0) {
                    unitsPerSecond = exponent < 63 ? 1L << exponent : Long.MAX_VALUE;
                } else {
                    unitsPerSecond = exponent <= 18 ? (long) Math.pow(10, exponent) : Long.MAX_VALUE;
                }
            }
            at += 4 + (length + 3) / 4 * 4;
        }
        return new Interface(linkType, snap, unitsPerSecond);
    }

    private record Interface(int linkType, long snapLength, long unitsPerSecond) {
        long nanos(long ticks) {
            if (unitsPerSecond == 1_000_000_000L) {
                return ticks;
            }
            long seconds = Long.divideUnsigned(ticks, unitsPerSecond);
            long rest = Long.remainderUnsigned(ticks, unitsPerSecond);
            return seconds * 1_000_000_000L + (long) (rest * (1e9 / unitsPerSecond));
        }
    }

    private void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("capture ends inside a block");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    /** Reads exactly {@code length} bytes; at a clean end of stream returns false if {@code endAllowed}. */
    private boolean readFully(byte[] into, int offset, int length, boolean endAllowed) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(into, offset + done, length - done);
            if (n < 0) {
                if (done == 0 && endAllowed) {
                    return false;
                }
                throw new EOFException("capture truncated");
            }
            done += n;
        }
        return true;
    }

    static int int32(byte[] b, int at, boolean big) {
        int v = (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
        return big ? v : Integer.reverseBytes(v);
    }

    static int int16(byte[] b, int at, boolean big) {
        return big ? (b[at] & 0xff) << 8 | (b[at + 1] & 0xff) : (b[at + 1] & 0xff) << 8 | (b[at] & 0xff);
    }
}
