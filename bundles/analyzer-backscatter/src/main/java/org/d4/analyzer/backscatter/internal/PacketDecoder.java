// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

/**
 * Decodes the link layer (Ethernet with VLAN and QinQ tags, Linux cooked v1 and v2, raw IP,
 * BSD loopback), IPv4 (any header length) and IPv6 (extension headers walked), then TCP, UDP,
 * ICMP and ICMPv6 far enough to classify backscatter. Every length is checked against what was
 * captured; fragments are reported as such and not looked into.
 */
final class PacketDecoder {
    enum Result { OK, NOT_IP, MALFORMED, FRAGMENT }

    static final int DLT_NULL = 0;
    static final int DLT_EN10MB = 1;
    static final int DLT_RAW_OPENBSD = 14;
    static final int DLT_RAW_BSD = 12;
    static final int DLT_RAW = 101;
    static final int DLT_LOOP = 108;
    static final int DLT_LINUX_SLL = 113;
    static final int DLT_IPV4 = 228;
    static final int DLT_IPV6 = 229;
    static final int DLT_LINUX_SLL2 = 276;
    private static final int MAX_VLAN_TAGS = 4;
    private static final int MAX_EXTENSION_HEADERS = 8;

    private byte[] b;

    Result decode(long micros, int linkType, byte[] data, int off, int len, Packet p) {
        b = data;
        p.clear();
        p.micros = micros;
        int end = off + len;
        int etherType;
        int at;
        switch (linkType) {
            case DLT_EN10MB -> {
                if (len < 14) {
                    return Result.MALFORMED;
                }
                etherType = u16(off + 12);
                at = off + 14;
                for (int tags = 0; isVlan(etherType); tags++) {
                    if (tags == MAX_VLAN_TAGS || at + 4 > end) {
                        return Result.MALFORMED;
                    }
                    etherType = u16(at + 2);
                    at += 4;
                }
            }
            case DLT_LINUX_SLL -> {
                if (len < 16) {
                    return Result.MALFORMED;
                }
                etherType = u16(off + 14);
                at = off + 16;
            }
            case DLT_LINUX_SLL2 -> {
                if (len < 20) {
                    return Result.MALFORMED;
                }
                etherType = u16(off);
                at = off + 20;
            }
            case DLT_RAW, DLT_RAW_BSD, DLT_RAW_OPENBSD, DLT_IPV4, DLT_IPV6 -> {
                if (len < 1) {
                    return Result.MALFORMED;
                }
                etherType = (b[off] & 0xf0) == 0x40 ? 0x0800 : (b[off] & 0xf0) == 0x60 ? 0x86dd : -1;
                at = off;
            }
            case DLT_NULL, DLT_LOOP -> {
                if (len < 4) {
                    return Result.MALFORMED;
                }
                int family = b[off] != 0 ? (b[off] & 0xff) : (b[off + 3] & 0xff);
                etherType = family == 2 ? 0x0800 : family == 24 || family == 28 || family == 30 ? 0x86dd : -1;
                at = off + 4;
            }
            default -> {
                return Result.NOT_IP;
            }
        }
        if (etherType == 0x0800) {
            return ipv4(at, end, p);
        }
        if (etherType == 0x86dd) {
            return ipv6(at, end, p);
        }
        return Result.NOT_IP;
    }

    private static boolean isVlan(int etherType) {
        return etherType == 0x8100 || etherType == 0x88a8 || etherType == 0x9100 || etherType == 0x9200;
    }

    private Result ipv4(int at, int end, Packet p) {
        if (at + 20 > end || (b[at] & 0xf0) != 0x40) {
            return Result.MALFORMED;
        }
        int headerLength = (b[at] & 0x0f) * 4;
        int total = u16(at + 2);
        if (headerLength < 20 || at + headerLength > end || total < headerLength) {
            return Result.MALFORMED;
        }
        p.ipVersion = 4;
        p.ipLength = total;
        p.protocol = b[at + 9] & 0xff;
        p.srcHi = 0;
        p.srcLo = Packet.v4Lo(i32(at + 12));
        p.dstHi = 0;
        p.dstLo = Packet.v4Lo(i32(at + 16));
        int fragment = u16(at + 6);
        if ((fragment & 0x3fff) != 0) {
            return Result.FRAGMENT;
        }
        // what lies past the stated total length is link padding
        return transport(at + headerLength, Math.min(end, at + total), p);
    }

    private Result ipv6(int at, int end, Packet p) {
        if (at + 40 > end || (b[at] & 0xf0) != 0x60) {
            return Result.MALFORMED;
        }
        p.ipVersion = 6;
        int payload = u16(at + 4);
        p.ipLength = payload + 40;
        p.srcHi = i64(at + 8);
        p.srcLo = i64(at + 16);
        p.dstHi = i64(at + 24);
        p.dstLo = i64(at + 32);
        int limit = payload == 0 ? end : Math.min(end, at + 40 + payload);
        int next = b[at + 6] & 0xff;
        at += 40;
        for (int k = 0; ; k++) {
            if (next == 0 || next == 43 || next == 60 || next == 51) {
                if (k == MAX_EXTENSION_HEADERS || at + 8 > limit) {
                    return Result.MALFORMED;
                }
                int length = next == 51 ? ((b[at + 1] & 0xff) + 2) * 4 : ((b[at + 1] & 0xff) + 1) * 8;
                next = b[at] & 0xff;
                at += length;
            } else if (next == 44) {
                if (k == MAX_EXTENSION_HEADERS || at + 8 > limit) {
                    return Result.MALFORMED;
                }
                if ((u16(at + 2) & 0xfff9) != 0) {
                    p.protocol = b[at] & 0xff;
                    return Result.FRAGMENT;
                }
                next = b[at] & 0xff;
                at += 8;
            } else {
                break;
            }
        }
        if (at > limit) {
            return Result.MALFORMED;
        }
        p.protocol = next;
        return transport(at, limit, p);
    }

    private Result transport(int at, int end, Packet p) {
        switch (p.protocol) {
            case Packet.TCP -> {
                if (at + 20 > end) {
                    return Result.MALFORMED;
                }
                p.srcPort = u16(at);
                p.dstPort = u16(at + 2);
                p.tcpSeq = i32(at + 4);
                p.tcpFlags = b[at + 13] & 0xff;
            }
            case Packet.UDP -> {
                if (at + 8 > end) {
                    return Result.MALFORMED;
                }
                p.srcPort = u16(at);
                p.dstPort = u16(at + 2);
            }
            case Packet.ICMP -> {
                if (at + 8 > end) {
                    return Result.MALFORMED;
                }
                p.icmpType = b[at] & 0xff;
                p.icmpCode = b[at + 1] & 0xff;
                if (IcmpKinds.v4Error(p.icmpType)) {
                    return quotedV4(at + 8, end, p);
                }
            }
            case Packet.ICMPV6 -> {
                if (at + 8 > end) {
                    return Result.MALFORMED;
                }
                p.icmpType = b[at] & 0xff;
                p.icmpCode = b[at + 1] & 0xff;
                if (IcmpKinds.v6Error(p.icmpType)) {
                    return quotedV6(at + 8, end, p);
                }
            }
            default -> {
                // other protocols are counted by their number only
            }
        }
        return Result.OK;
    }

    /** The IPv4 packet an ICMP error quotes: at least its header; the ports when they were quoted too. */
    private Result quotedV4(int at, int end, Packet p) {
        if (at + 20 > end || (b[at] & 0xf0) != 0x40) {
            return Result.MALFORMED;
        }
        int headerLength = (b[at] & 0x0f) * 4;
        if (headerLength < 20) {
            return Result.MALFORMED;
        }
        p.quoted = true;
        p.quotedDstHi = 0;
        p.quotedDstLo = Packet.v4Lo(i32(at + 16));
        p.quotedProtocol = b[at + 9] & 0xff;
        boolean firstFragment = (u16(at + 6) & 0x1fff) == 0;
        quotedPort(at + headerLength, end, firstFragment, p);
        return Result.OK;
    }

    private Result quotedV6(int at, int end, Packet p) {
        if (at + 40 > end || (b[at] & 0xf0) != 0x60) {
            return Result.MALFORMED;
        }
        p.quoted = true;
        p.quotedDstHi = i64(at + 24);
        p.quotedDstLo = i64(at + 32);
        p.quotedProtocol = b[at + 6] & 0xff;
        quotedPort(at + 40, end, true, p);
        return Result.OK;
    }

    private void quotedPort(int at, int end, boolean hasTransport, Packet p) {
        int proto = p.quotedProtocol;
        if (hasTransport && (proto == Packet.TCP || proto == Packet.UDP) && at + 4 <= end) {
            p.quotedDstPort = u16(at + 2);
        }
    }

    private int u16(int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private int i32(int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private long i64(int at) {
        return (i32(at) & 0xffff_ffffL) << 32 | (i32(at + 4) & 0xffff_ffffL);
    }
}
