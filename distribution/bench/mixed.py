#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Repeats a pcap (Ethernet, IPv4, from make-https-capture.sh) COPIES times: copy k has its client
# address 127.0.0.1 rewritten to 10.k.x.y (x.y from the client port, so each connection has its own
# client) and its times moved after the previous copy; the IPv4 header checksum is recomputed (the TCP
# checksum is left as it was: nothing in the benchmark checks it).
# Usage: mixed.py IN.pcap OUT.pcap COPIES
import struct, sys

src, dst, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, 'rb').read()
magic = struct.unpack('<I', data[:4])[0]
assert magic in (0xa1b2c3d4, 0xa1b23c4d), 'little-endian pcap expected'
assert struct.unpack('<I', data[20:24])[0] == 1, 'Ethernet link type expected'
records = []
pos = 24
while pos + 16 <= len(data):
    sec, frac, incl, orig = struct.unpack('<IIII', data[pos:pos + 16])
    records.append((sec, frac, orig, data[pos + 16:pos + 16 + incl]))
    pos += 16 + incl
span = records[-1][0] - records[0][0] + 1
LOOPBACK = bytes([127, 0, 0, 1])


def checksum(header):
    total = sum(struct.unpack('!%dH' % (len(header) // 2), header))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


with open(dst, 'wb') as out:
    out.write(data[:24])
    for k in range(copies):
        for sec, frac, orig, frame in records:
            f = bytearray(frame)
            if len(f) >= 34 and f[12:14] == b'\x08\x00':
                ihl = (f[14] & 0x0f) * 4
                sport, dport = struct.unpack('!HH', f[14 + ihl:14 + ihl + 4])
                client_port = sport if dport == 4433 else dport
                client = bytes([10, k % 256, client_port >> 8, client_port & 0xff])
                if sport == 4433:
                    f[30:34] = client      # to the client
                else:
                    f[26:30] = client      # from the client
                f[24:26] = b'\x00\x00'
                f[24:26] = struct.pack('!H', checksum(bytes(f[14:14 + ihl])))
            out.write(struct.pack('<IIII', sec + k * span, frac, len(f), orig))
            out.write(f)
