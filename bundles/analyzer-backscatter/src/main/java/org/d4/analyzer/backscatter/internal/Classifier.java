// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

/**
 * Sorts a decoded packet reaching the telescope into backscatter (a victim's answer to packets
 * forged with a telescope address as their source), scans (somebody probing the telescope) and
 * other traffic. For backscatter it names the victim: the packet's source, or for an ICMP error
 * the destination of the packet it quotes (the source then being the reporting router).
 */
final class Classifier {
    enum Kind { BACKSCATTER, SCAN, OTHER }

    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;

    private Classifier() {
    }

    static Kind classify(Packet p) {
        switch (p.protocol) {
            case Packet.TCP -> {
                int f = p.tcpFlags;
                if ((f & RST) != 0 || (f & (SYN | ACK)) == (SYN | ACK)) {
                    return fromSource(p, p.srcPort, Packet.TCP);
                }
                // pure SYN, also with ECN bits (ECE, CWR) set
                return (f & (SYN | ACK | RST | 0x01)) == SYN ? Kind.SCAN : Kind.OTHER;
            }
            case Packet.ICMP -> {
                if (IcmpKinds.v4Reply(p.icmpType)) {
                    return fromSource(p, -1, Packet.ICMP);
                }
                if (p.quoted && IcmpKinds.v4Error(p.icmpType)) {
                    return fromQuote(p);
                }
                return IcmpKinds.v4Request(p.icmpType) ? Kind.SCAN : Kind.OTHER;
            }
            case Packet.ICMPV6 -> {
                if (IcmpKinds.v6Reply(p.icmpType)) {
                    return fromSource(p, -1, Packet.ICMPV6);
                }
                if (p.quoted && IcmpKinds.v6Error(p.icmpType)) {
                    return fromQuote(p);
                }
                return IcmpKinds.v6Request(p.icmpType) ? Kind.SCAN : Kind.OTHER;
            }
            default -> {
                return Kind.OTHER;
            }
        }
    }

    /** The Mirai scanner signature: a SYN whose sequence number is its IPv4 destination address. */
    static boolean mirai(Packet p) {
        return p.protocol == Packet.TCP && p.ipVersion == 4 && (p.tcpFlags & (SYN | ACK)) == SYN && p.tcpSeq == (int) p.dstLo;
    }

    private static Kind fromSource(Packet p, int port, int protocol) {
        p.victimHi = p.srcHi;
        p.victimLo = p.srcLo;
        p.victimPort = port;
        p.attackProtocol = protocol;
        return Kind.BACKSCATTER;
    }

    private static Kind fromQuote(Packet p) {
        p.victimHi = p.quotedDstHi;
        p.victimLo = p.quotedDstLo;
        p.victimPort = p.quotedDstPort;
        p.attackProtocol = p.quotedProtocol;
        p.fromRouter = true;
        return Kind.BACKSCATTER;
    }
}
