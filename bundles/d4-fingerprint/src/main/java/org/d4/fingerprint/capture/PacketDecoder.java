// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.capture;

/**
 * Decodes a captured frame down to its TCP segment. Link types: Ethernet (any number of 802.1Q /
 * 802.1ad / QinQ tags), Linux cooked SLL and SLL2, raw IP (DLT_RAW 12/14/101), BSD loopback
 * (DLT_NULL, DLT_LOOP). IPv4 with any header length; IPv6 through hop-by-hop, routing, destination
 * options and authentication headers. Fragmented datagrams are never reassembled: a fragment of
 * either version is counted and ignored, since a TLS hello fits in unfragmented segments in practice.
 * Anything else, and anything cut short, is counted and ignored too; nothing here throws on bad input.
 */
public final class PacketDecoder {

    public static final int LINK_NULL = 0;
    public static final int LINK_ETHERNET = 1;
    public static final int LINK_RAW_OPENBSD = 12;
    public static final int LINK_RAW_BSDOS = 14;
    public static final int LINK_RAW = 101;
    public static final int LINK_LOOP = 108;
    public static final int LINK_LINUX_SLL = 113;
    public static final int LINK_LINUX_SLL2 = 276;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int PROTOCOL_TCP = 6;

    /** The addresses of the segment at hand: reused, as the segment itself is valid only during its call. */
    private final byte[] source4 = new byte[4];
    private final byte[] destination4 = new byte[4];
    private final byte[] source6 = new byte[16];
    private final byte[] destination6 = new byte[16];
    private long undecodable;
    private long fragments;
    private long notTcp;

    /** Frames of an unknown link type or network protocol, or cut short. */
    public long undecodable() {
        return undecodable;
    }

    /** IPv4 or IPv6 fragments ignored. */
    public long fragments() {
        return fragments;
    }

    /** IP packets that carried something else than TCP. */
    public long notTcp() {
        return notTcp;
    }

    /** The TCP segment in the frame, or null (and a counter raised) if there is none to use. */
    public TcpSegment decode(int linkType, long timestampNanos, byte[] b, int offset, int length) {
        int end = offset + length;
        int at;
        int etherType;
        switch (linkType) {
            case LINK_ETHERNET -> {
                if (length < 14) {
                    return bad();
                }
                at = offset + 12;
                etherType = u16(b, at);
                at += 2;
                while (etherType == 0x8100 || etherType == 0x88a8 || etherType == 0x9100) {
                    if (at + 4 > end) {
                        return bad();
                    }
                    etherType = u16(b, at + 2);
                    at += 4;
                }
            }
            case LINK_LINUX_SLL -> {
                if (length < 16) {
                    return bad();
                }
                etherType = u16(b, offset + 14);
                at = offset + 16;
            }
            case LINK_LINUX_SLL2 -> {
                if (length < 20) {
                    return bad();
                }
                etherType = u16(b, offset);
                at = offset + 20;
            }
            case LINK_RAW, LINK_RAW_OPENBSD, LINK_RAW_BSDOS -> {
                if (length < 1) {
                    return bad();
                }
                etherType = versionType(b[offset]);
                at = offset;
            }
            case LINK_NULL, LINK_LOOP -> {
                if (length < 5) {
                    return bad();
                }
                etherType = versionType(b[offset + 4]);   // the address family's byte order varies by host
                at = offset + 4;
            }
            default -> {
                return bad();
            }
        }
        if (etherType == ETHERTYPE_IPV4) {
            return ipv4(timestampNanos, b, at, end);
        }
        if (etherType == ETHERTYPE_IPV6) {
            return ipv6(timestampNanos, b, at, end);
        }
        return bad();
    }

    private static int versionType(byte first) {
        int version = (first & 0xff) >>> 4;
        return version == 4 ? ETHERTYPE_IPV4 : version == 6 ? ETHERTYPE_IPV6 : -1;
    }

    private TcpSegment ipv4(long ts, byte[] b, int at, int end) {
        if (at + 20 > end || (b[at] & 0xf0) != 0x40) {
            return bad();
        }
        int headerLength = (b[at] & 0x0f) * 4;
        int total = u16(b, at + 2);
        if (total == 0) {
            total = end - at;                        // segmentation offload: the sender's capture leaves it 0
        }
        if (headerLength < 20 || total < headerLength || at + headerLength > end) {
            return bad();
        }
        int fragment = u16(b, at + 6);
        if ((fragment & 0x3fff) != 0) {       // more-fragments flag or a non-zero offset
            fragments++;
            return null;
        }
        if ((b[at + 9] & 0xff) != PROTOCOL_TCP) {
            notTcp++;
            return null;
        }
        int packetEnd = Math.min(end, at + total);   // drops Ethernet padding; a snapped packet ends early
        System.arraycopy(b, at + 12, source4, 0, 4);
        System.arraycopy(b, at + 16, destination4, 0, 4);
        return tcp(ts, source4, destination4, b, at + headerLength, packetEnd);
    }

    private TcpSegment ipv6(long ts, byte[] b, int at, int end) {
        if (at + 40 > end || (b[at] & 0xf0) != 0x60) {
            return bad();
        }
        int packetEnd = Math.min(end, at + 40 + u16(b, at + 4));
        int next = b[at + 6] & 0xff;
        int header = at + 40;
        while (true) {
            if (next == PROTOCOL_TCP) {
                System.arraycopy(b, at + 8, source6, 0, 16);
                System.arraycopy(b, at + 24, destination6, 0, 16);
                return tcp(ts, source6, destination6, b, header, packetEnd);
            }
            if (header + 8 > packetEnd) {
                return bad();
            }
            switch (next) {
                case 0, 43, 60 -> {                            // hop-by-hop, routing, destination options
                    next = b[header] & 0xff;
                    header += ((b[header + 1] & 0xff) + 1) * 8;
                }
                case 51 -> {                                   // authentication header
                    next = b[header] & 0xff;
                    header += ((b[header + 1] & 0xff) + 2) * 4;
                }
                case 44 -> {                                   // fragment
                    fragments++;
                    return null;
                }
                default -> {
                    notTcp++;
                    return null;
                }
            }
        }
    }

    private TcpSegment tcp(long ts, byte[] source, byte[] destination, byte[] b, int at, int end) {
        if (at + 20 > end) {
            return bad();
        }
        int dataOffset = ((b[at + 12] & 0xff) >>> 4) * 4;
        if (dataOffset < 20 || at + dataOffset > end) {
            return bad();
        }
        long sequence = (long) u16(b, at + 4) << 16 | u16(b, at + 6);
        return new TcpSegment(ts, source, u16(b, at), destination, u16(b, at + 2), sequence, b[at + 13] & 0xff,
                b, at + dataOffset, end - at - dataOffset);
    }

    private TcpSegment bad() {
        undecodable++;
        return null;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }
}
