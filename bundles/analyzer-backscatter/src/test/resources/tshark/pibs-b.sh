#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# What analyzer-d4-pibs -r CAPTURE -b prints, derived with tshark from its documented rule: every
# IPv4 TCP packet of an untagged Ethernet frame as "seconds,source,flags,source port", except pure
# SYNs (flags exactly 0x02), whose sources are remembered, and packets from a source that sent a pure
# SYN earlier in the file. Fragments are not reassembled (the reference reads each frame alone).
# usage: pibs-b.sh CAPTURE
set -eu
echo "#timestamp, source IP, TCP flags, source port"
tshark -n -r "$1" -o ip.defragment:FALSE -Y 'eth.type == 0x0800 && ip.proto == 6 && tcp.flags' \
    -T fields -E separator=, -e frame.time_epoch -e ip.src -e tcp.flags -e tcp.srcport |
awk -F, '
function hex(s,   i, v, c) { v = 0; s = tolower(substr(s, 3)); for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; v = v * 16 + c }; return v }
{
    split($1, t, "."); flags = hex($3) % 256
    if (flags == 2) { syn[$2] = 1; next }
    if ($2 in syn) next
    printf "%s,%s,%d,%s\n", t[1], $2, flags, $4
}'
