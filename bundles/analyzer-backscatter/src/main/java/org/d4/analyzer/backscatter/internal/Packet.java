// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

/**
 * One decoded packet, reused from packet to packet to keep the hot path free of allocation.
 * Addresses are 128-bit (high and low halves); IPv4 ones are stored IPv4-mapped (::ffff:a.b.c.d).
 * Fields not present in the packet are -1.
 */
final class Packet {
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;

    long micros;
    /** The analyzer's number of the capture file the packet came from (0 outside the appliance). */
    long file;
    int ipVersion;
    /** The IP packet's length as its header states it (IPv4 total length, IPv6 payload length + 40). */
    int ipLength;
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    int protocol;
    int srcPort;
    int dstPort;
    int tcpFlags;
    int tcpSeq;
    int icmpType;
    int icmpCode;
    /** For ICMP errors, the packet they quote: present, its destination, protocol and destination port. */
    boolean quoted;
    long quotedDstHi;
    long quotedDstLo;
    int quotedProtocol;
    int quotedDstPort;
    /** Set by the classifier for backscatter: the attacked address, its port, the attack's protocol. */
    long victimHi;
    long victimLo;
    int victimPort;
    int attackProtocol;
    /** An ICMP error: the packet's source is the router that reported it, not the victim. */
    boolean fromRouter;

    void clear() {
        ipVersion = 0;
        ipLength = 0;
        protocol = -1;
        srcPort = -1;
        dstPort = -1;
        tcpFlags = -1;
        tcpSeq = 0;
        icmpType = -1;
        icmpCode = -1;
        quoted = false;
        quotedProtocol = -1;
        quotedDstPort = -1;
        victimPort = -1;
        attackProtocol = -1;
        fromRouter = false;
    }

    static long v4Lo(int address) {
        return 0xffff_0000_0000L | (address & 0xffff_ffffL);
    }

    static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo >>> 32) == 0xffff;
    }
}
