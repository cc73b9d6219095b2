#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# A capture of N concurrent TLS connections for the tlsf memory run: the first ClientHello of a real
# capture (from make-https-capture.sh) replayed by N clients (10.a.b.c, each its own address), first
# every connection's three-way handshake and the first half of its ClientHello (so every flow holds a
# partial handshake message at once), then every second half. No server answers: each flow ends with
# the capture and is reported incomplete. Times stay within a few seconds (under the idle timeout).
# Usage: flows.py IN.pcap OUT.pcap N
import struct, sys

src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, 'rb').read()
pos, hello = 24, None
while pos + 16 <= len(data):
    incl = struct.unpack('<I', data[pos + 8:pos + 12])[0]
    f = data[pos + 16:pos + 16 + incl]
    pos += 16 + incl
    ihl = (f[14] & 0x0f) * 4
    tcp = 14 + ihl
    offset = (f[tcp + 12] >> 4) * 4
    payload = f[tcp + offset:]
    if struct.unpack('!H', f[tcp + 2:tcp + 4])[0] == 4433 and payload[:1] == b'\x16' and payload[5:6] == b'\x01':
        hello = payload
        break
assert hello, 'no ClientHello to port 4433 in ' + src
SERVER = bytes([192, 0, 2, 1])


def checksum(header):
    total = sum(struct.unpack('!%dH' % (len(header) // 2), header))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def frame(client, to_server, seq, ack, flags, payload=b''):
    ip_src, ip_dst = (client, SERVER) if to_server else (SERVER, client)
    sport, dport = (40000, 443) if to_server else (443, 40000)
    tcp = struct.pack('!HHIIBBHHH', sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload
    ip = bytearray(struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, ip_src, ip_dst))
    ip[10:12] = struct.pack('!H', checksum(bytes(ip)))
    return b'\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x08\x00' + bytes(ip) + tcp


half = len(hello) // 2
t = [1_700_000_000, 0]


def write(out, f):
    t[1] += 10
    if t[1] >= 1_000_000:
        t[0] += 1
        t[1] -= 1_000_000
    out.write(struct.pack('<IIII', t[0], t[1], len(f), len(f)) + f)


with open(dst, 'wb') as out:
    out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
    clients = [bytes([10, i >> 16 & 255, i >> 8 & 255, i & 255]) for i in range(1, n + 1)]
    for c in clients:
        write(out, frame(c, True, 1000, 0, 0x02))
        write(out, frame(c, False, 5000, 1001, 0x12))
        write(out, frame(c, True, 1001, 5001, 0x10))
        write(out, frame(c, True, 1001, 5001, 0x18, hello[:half]))
    for c in clients:
        write(out, frame(c, True, 1001 + half, 5001, 0x18, hello[half:]))
