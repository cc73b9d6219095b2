#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Backscatter reaching a telescope, per victim, as tshark dissects it (the independent answer the
# analyzer's tests compare with). Prints one line per victim: victim packets ip_bytes first last
# (first and last in microseconds since the epoch).
# usage: backscatter-by-victim.sh CAPTURE TELESCOPE_V4_CIDR TELESCOPE_V6_CIDR
set -eu
capture=$1 v4=$2 v6=$3
tshark -n -r "$capture" -Y "(ip.dst == $v4 || ipv6.dst == $v6) && (
      tcp.flags.reset == 1 || (tcp.flags.syn == 1 && tcp.flags.ack == 1)
      || icmp.type in {0, 14, 16, 18} || icmpv6.type == 129
      || (icmp.type in {3, 4, 5, 11, 12} && count(ip.dst) == 2)
      || (icmpv6.type in {1, 2, 3, 4} && count(ipv6.dst) == 2))" \
    -T fields -E separator=/t -e frame.time_epoch -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e ip.len -e ipv6.plen \
    -e icmp.type -e icmpv6.type |
awk -F'\t' '
function micros(t,   p) { split(t, p, "."); return p[1] * 1000000 + int(substr(p[2] "000000", 1, 6)) }
{
    nd4 = split($3, d4, ","); nd6 = split($5, d6, ",")
    split($2, s4, ","); split($4, s6, ","); split($6, len4, ","); split($7, len6, ","); split($8, t4, ","); split($9, t6, ",")
    error = (t4[1] != "" && t4[1] != 0 && t4[1] != 14 && t4[1] != 16 && t4[1] != 18) || (t6[1] != "" && t6[1] != 129)
    if (error) victim = (nd4 == 2) ? d4[2] : d6[2]
    else victim = ($2 != "") ? s4[1] : s6[1]
    bytes = ($6 != "") ? len4[1] : len6[1] + 40
    t = micros($1)
    packets[victim]++; total[victim] += bytes
    if (!(victim in first)) first[victim] = t
    last[victim] = t
}
END { for (v in packets) printf "%s %d %.0f %.0f %.0f\n", v, packets[v], total[v], first[v], last[v] }'
