// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Builds raw IPv4 and IPv6 packets (TCP, UDP, ICMP, ICMPv6) for the synthetic telescope captures. */
final class IpPackets {
    private IpPackets() {
    }

    static byte[] v4(String src, String dst, int protocol, byte[] payload, int options, int fragment) {
        int headerLength = 20 + options * 4;
        ByteBuffer b = ByteBuffer.allocate(headerLength + payload.length);
        b.put((byte) (0x40 | headerLength / 4)).put((byte) 0).putShort((short) (headerLength + payload.length));
        b.putShort((short) 0x1234).putShort((short) fragment).put((byte) 64).put((byte) protocol).putShort((short) 0);
        b.put(address(src)).put(address(dst));
        for (int i = 0; i < options; i++) {
            b.putInt(0x01010101); // NOP options
        }
        b.put(payload);
        byte[] out = b.array();
        int sum = checksum(out, 0, headerLength);
        out[10] = (byte) (sum >>> 8);
        out[11] = (byte) sum;
        return out;
    }

    static byte[] v4(String src, String dst, int protocol, byte[] payload) {
        return v4(src, dst, protocol, payload, 0, 0);
    }

    /** An IPv6 packet, with a hop-by-hop options header in front of the payload when asked. */
    static byte[] v6(String src, String dst, int protocol, byte[] payload, boolean hopByHop) {
        int extension = hopByHop ? 8 : 0;
        ByteBuffer b = ByteBuffer.allocate(40 + extension + payload.length);
        b.putInt(0x60000000).putShort((short) (extension + payload.length)).put((byte) (hopByHop ? 0 : protocol)).put((byte) 64);
        b.put(address(src)).put(address(dst));
        if (hopByHop) {
            b.put((byte) protocol).put((byte) 0).put(new byte[] {1, 4, 0, 0, 0, 0}); // PadN
        }
        b.put(payload);
        return b.array();
    }

    static byte[] tcp(int srcPort, int dstPort, int seq, int flags) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putShort((short) srcPort).putShort((short) dstPort).putInt(seq).putInt(flags == 0x12 ? 0x1000 : 0);
        b.put((byte) 0x50).put((byte) flags).putShort((short) 1024).putShort((short) 0).putShort((short) 0);
        return b.array();
    }

    static byte[] udp(int srcPort, int dstPort, int payloadLength) {
        ByteBuffer b = ByteBuffer.allocate(8 + payloadLength);
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payloadLength)).putShort((short) 0);
        return b.array();
    }

    /** An ICMP or ICMPv6 message: type, code, 4 bytes of rest-of-header, then the body (e.g. a quoted packet). */
    static byte[] icmp(int type, int code, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length);
        b.put((byte) type).put((byte) code).putShort((short) 0).putInt(type == 0 || type == 129 ? 0x00010001 : 0).put(body);
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] address(String text) {
        long[] a = Addresses.parse(text);
        ByteBuffer b = ByteBuffer.allocate(16).putLong(a[0]).putLong(a[1]);
        byte[] all = b.array();
        return Packet.isV4(a[0], a[1]) ? java.util.Arrays.copyOfRange(all, 12, 16) : all;
    }

    private static int checksum(byte[] b, int off, int len) {
        long sum = 0;
        for (int i = off; i < off + len; i += 2) {
            sum += (b[i] & 0xff) << 8 | (i + 1 < off + len ? b[i + 1] & 0xff : 0);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
