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
 * link type and timestamp resolution) files. Memory is one read buffer of {@value #CHUNK_BYTES} bytes,
 * or twice {@code maxPacketBytes} if that is more: a larger record is a {@link CaptureFormatException},
 * other pcapng blocks are skipped without being buffered. Packets are handed to the sink where they lie
 * in that buffer, without a copy of their own: reading costs one copy from the stream, not three.
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
    static final int CHUNK_BYTES = 1 << 20;

    private final InputStream in;
    private final int maxPacketBytes;
    private final byte[] buffer;
    /** The unread bytes are {@code buffer[position, limit)}. */
    private int position;
    private int limit;
    private boolean bigEndian;
    private long packets;

    public CaptureReader(InputStream in) {
        this(in, DEFAULT_MAX_PACKET_BYTES);
    }

    public CaptureReader(InputStream in, int maxPacketBytes) {
        this.in = in;
        this.maxPacketBytes = maxPacketBytes;
        this.buffer = new byte[Math.max(CHUNK_BYTES, 2 * Math.max(maxPacketBytes, MAX_INTERFACE_BLOCK))];
    }

    /** Packets handed to the sink so far. */
    public long packets() {
        return packets;
    }

    /** Reads the whole stream, handing every packet to {@code sink}. */
    public void readAll(PacketSink sink) throws IOException {
        int at = take(4, true);
        if (at < 0) {
            throw new CaptureFormatException("empty capture");
        }
        int magicBig = int32(buffer, at, true);
        if (magicBig == PCAPNG_SECTION) {
            readPcapng(sink);
        } else {
            readPcap(magicBig, sink);
        }
    }

    private void readPcap(int magicBig, PacketSink sink) throws IOException {
        if (magicBig == PCAP_MICRO || magicBig == PCAP_NANO) {
            bigEndian = true;
        } else if (Integer.reverseBytes(magicBig) == PCAP_MICRO || Integer.reverseBytes(magicBig) == PCAP_NANO) {
            bigEndian = false;
        } else {
            throw new CaptureFormatException("not a pcap or pcapng file (magic " + Integer.toHexString(magicBig) + ")");
        }
        long unitsPerSecond = (bigEndian ? magicBig : Integer.reverseBytes(magicBig)) == PCAP_NANO ? 1_000_000_000L : 1_000_000L;
        long nanosPerUnit = 1_000_000_000L / unitsPerSecond;
        int at = take(20, false);
        int linkType = int32(buffer, at + 16, bigEndian) & 0xffff;    // the upper bits carry FCS information
        while ((at = take(16, true)) >= 0) {
            long seconds = int32(buffer, at, bigEndian) & 0xffffffffL;
            long fraction = int32(buffer, at + 4, bigEndian) & 0xffffffffL;
            long captured = int32(buffer, at + 8, bigEndian) & 0xffffffffL;
            if (captured > maxPacketBytes) {
                throw new CaptureFormatException("packet of " + captured + " bytes exceeds " + maxPacketBytes);
            }
            int data = take((int) captured, false);
            packets++;
            sink.onPacket(linkType, seconds * 1_000_000_000L + fraction * nanosPerUnit, buffer, data, (int) captured);
        }
    }

    private void readPcapng(PacketSink sink) throws IOException {
        List<Interface> interfaces = new ArrayList<>();
        int blockType = PCAPNG_SECTION;
        boolean first = true;
        while (true) {
            if (!first) {
                int at = take(4, true);
                if (at < 0) {
                    return;
                }
                blockType = int32(buffer, at, bigEndian);
            }
            first = false;
            int lengthBig = int32(buffer, take(4, false), true);   // read now: the next take may move the buffer
            if (blockType == PCAPNG_SECTION) {
                int order = int32(buffer, take(4, false), true);
                if (order == PCAPNG_BYTE_ORDER) {
                    bigEndian = true;
                } else if (Integer.reverseBytes(order) == PCAPNG_BYTE_ORDER) {
                    bigEndian = false;
                } else {
                    throw new CaptureFormatException("bad pcapng byte-order magic");
                }
                interfaces.clear();
                skip(blockLength(lengthBig) - 12);
                continue;
            }
            long length = blockLength(lengthBig);
            long body = length - 12;
            if (blockType == BLOCK_INTERFACE) {
                if (body < 8 || body > MAX_INTERFACE_BLOCK) {
                    throw new CaptureFormatException("bad interface block length " + length);
                }
                interfaces.add(parseInterface(take((int) body, false), (int) body));
                skip(4);
            } else if (blockType == BLOCK_ENHANCED_PACKET) {
                if (body < 20 || body > maxPacketBytes) {
                    throw new CaptureFormatException("bad enhanced packet block length " + length);
                }
                int at = take((int) body, false);
                int id = int32(buffer, at, bigEndian);
                if (id < 0 || id >= interfaces.size()) {
                    throw new CaptureFormatException("packet of undeclared interface " + id);
                }
                long ticks = (int32(buffer, at + 4, bigEndian) & 0xffffffffL) << 32 | (int32(buffer, at + 8, bigEndian) & 0xffffffffL);
                long captured = int32(buffer, at + 12, bigEndian) & 0xffffffffL;
                if (captured > body - 20) {
                    throw new CaptureFormatException("packet longer than its block");
                }
                Interface face = interfaces.get(id);
                packets++;
                sink.onPacket(face.linkType, face.nanos(ticks), buffer, at + 20, (int) captured);
                skip(4);
            } else if (blockType == BLOCK_SIMPLE_PACKET) {
                if (body < 4 || body > maxPacketBytes || interfaces.isEmpty()) {
                    throw new CaptureFormatException("bad simple packet block");
                }
                int at = take((int) body, false);
                long original = int32(buffer, at, bigEndian) & 0xffffffffL;
                Interface face = interfaces.get(0);
                int captured = (int) Math.min(Math.min(original, body - 4), face.snapLength == 0 ? Long.MAX_VALUE : face.snapLength);
                packets++;
                sink.onPacket(face.linkType, 0L, buffer, at + 4, captured);   // simple packets carry no timestamp
                skip(4);
            } else {
                skip(body + 4);
            }
        }
    }

    private long blockLength(int lengthBig) throws CaptureFormatException {
        long length = (bigEndian ? lengthBig : Integer.reverseBytes(lengthBig)) & 0xffffffffL;
        if (length < 12 || length % 4 != 0) {
            throw new CaptureFormatException("bad pcapng block length " + length);
        }
        return length;
    }

    private Interface parseInterface(int start, int body) throws CaptureFormatException {
        byte[] packet = buffer;
        int linkType = int16(packet, start, bigEndian);
        long snap = int32(packet, start + 4, bigEndian) & 0xffffffffL;
        long unitsPerSecond = 1_000_000L;
        int end = start + body;
        int at = start + 8;
        while (at + 4 <= end) {
            int code = int16(packet, at, bigEndian);
            int length = int16(packet, at + 2, bigEndian);
            if (code == 0) {
                break;
            }
            if (at + 4 + length > end) {
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

    /** Drops {@code count} bytes: those buffered first, then from the stream. */
    private void skip(long count) throws IOException {
        int buffered = (int) Math.min(count, limit - position);
        position += buffered;
        long left = count - buffered;
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

    /**
     * Makes the next {@code length} bytes available in the buffer and consumes them: returns where they
     * start. At a clean end of stream (no byte left) returns -1 if {@code endAllowed}; any other end is
     * an {@link EOFException}. {@code length} is at most half the buffer, checked by the callers.
     */
    private int take(int length, boolean endAllowed) throws IOException {
        if (limit - position < length) {
            fill(length, endAllowed);
            if (limit - position < length) {
                return -1;
            }
        }
        int at = position;
        position += length;
        return at;
    }

    private void fill(int length, boolean endAllowed) throws IOException {
        if (buffer.length - position < length) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        while (limit - position < length) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                if (limit == position && endAllowed) {
                    return;
                }
                throw new EOFException("capture truncated");
            }
            limit += n;
        }
    }

    static int int32(byte[] b, int at, boolean big) {
        int v = (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
        return big ? v : Integer.reverseBytes(v);
    }

    static int int16(byte[] b, int at, boolean big) {
        return big ? (b[at] & 0xff) << 8 | (b[at + 1] & 0xff) : (b[at + 1] & 0xff) << 8 | (b[at] & 0xff);
    }
}
