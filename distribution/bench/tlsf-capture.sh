#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tlsf end to end on capture files, JVM start included, the JVM pinned to one core (taskset -c 0):
# 1. throughput: `d4-client.jar tlsf -r` on a mixed HTTPS capture (made by make-https-capture.sh when
#    CAPTURE does not exist; needs root); packets and handshakes per CPU second (user + system);
# 2. memory: 100,000 (FLOWS) concurrent connections, each holding half a ClientHello, then all
#    completed (flows.py), read with -Xmx256m; the heap in use after each GC is taken from the GC log.
# Usage: distribution/bench/tlsf-capture.sh [CAPTURE] [FLOWS]   (after `mvn install -DskipTests`)
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
client=$here/../../client-bundle/target/d4-client.jar
capture=${1:-/tmp/d4-bench-mixed.pcap}
flows=${2:-100000}
[ -f "$client" ] || { echo "build first: mvn install -DskipTests" >&2; exit 2; }
[ -f "$capture" ] || "$here/make-https-capture.sh" "$capture"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

packets=$(capinfos -M -c "$capture" | awk -F: '/Number of packets/ {gsub(/ /, "", $2); print $2}')
size=$(stat -c %s "$capture")
cat "$capture" > /dev/null      # in the page cache: the run measures the reader, not the disk
for run in 1 2 3; do
  /usr/bin/time -f '%U %S %e %M' -o "$work/time" taskset -c 0 java ${JAVA_OPTS:-} -jar "$client" tlsf -r "$capture" > "$work/out.jl"
  read -r user sys wall rss < "$work/time"
  records=$(wc -l < "$work/out.jl")
  python3 -c "
u, s, w = $user, $sys, $wall
cpu = u + s
print('run $run: %d packets (%.0f MB), %d handshakes: %.2f s CPU (user %.2f, system %.2f), %.2f s wall, max RSS %d MiB'
      % ($packets, $size / 1e6, $records, cpu, u, s, w, $rss // 1024))
print('       %.0f packets/s and %.0f handshakes/s per CPU second' % ($packets / cpu, $records / cpu))"
done

/usr/bin/python3 "$here/flows.py" "$capture" "$work/flows.pcap" "$flows"
/usr/bin/time -f '%U %S %e %M' -o "$work/time" taskset -c 0 java -Xmx256m -Xlog:gc:file="$work/gc.log" -jar "$client" tlsf -r "$work/flows.pcap" > "$work/flows.jl"
read -r user sys wall rss < "$work/time"
records=$(wc -l < "$work/flows.jl")
peak=$(grep -o -- '->[0-9]*M' "$work/gc.log" | tr -dc '0-9\n' | sort -n | tail -1)
echo "memory: $flows concurrent flows, $records records, -Xmx256m: heap in use after GC at most ${peak} MiB, max RSS $((rss / 1024)) MiB, $wall s wall"
