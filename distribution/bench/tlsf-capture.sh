#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tlsf end to end on capture files, JVM start included, the JVM pinned to one core (taskset -c 0):
# 1. throughput: `d4-client.jar tlsf -r` on a mixed HTTPS capture (made by make-https-capture.sh when
#    CAPTURE does not exist; needs root); packets and handshakes per CPU second (user + system), with the
#    JVM's defaults and with C1 only (-XX:TieredStopAtLevel=1), for the file once (JVM start and JIT
#    included) and for the file twice (the difference: the cost once warmed up);
# 2. memory: 100,000 (FLOWS) concurrent connections, each holding half a ClientHello, then all
#    completed (flows.py), read with -Xmx256m and SerialGC; the live heap is the largest heap in use
#    after a full GC in the GC log.
# Usage: distribution/bench/tlsf-capture.sh [CAPTURE] [FLOWS]   (after `mvn install -DskipTests`)
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
client=$here/../../client/target/d4-client.jar
capture=${1:-/tmp/d4-bench-mixed.pcap}
flows=${2:-100000}
[ -f "$client" ] || { echo "build first: mvn install -DskipTests" >&2; exit 2; }
[ -f "$capture" ] || "$here/make-https-capture.sh" "$capture"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

packets=$(capinfos -M -c "$capture" | awk -F: '/Number of packets/ {gsub(/ /, "", $2); print $2}')
span=$(capinfos -M -u "$capture" | awk -F: '/Capture duration/ {gsub(/[ a-z]/, "", $2); print int($2) + 10}')
# the capture twice, the copy later in time: the second pass's cost is the warmed-up cost (JIT done)
editcap -t "$span" "$capture" "$work/later.pcap"
mergecap -a -F pcap -w "$work/twice.pcap" "$capture" "$work/later.pcap"
rm "$work/later.pcap"
cat "$capture" "$work/twice.pcap" > /dev/null      # in the page cache: the runs measure the reader, not the disk

measure() {   # $1 = file, $2 = JVM options; prints "cpu records"
  /usr/bin/time -f '%U %S %e %M' -o "$work/time" taskset -c 0 java $2 -jar "$client" tlsf -r "$1" > "$work/out.jl"
  read -r user sys wall rss < "$work/time"
  echo "$(python3 -c "print($user + $sys)") $(wc -l < "$work/out.jl") $wall $rss"
}
for opts in "${JAVA_OPTS:-}" "-XX:TieredStopAtLevel=1"; do
  for run in 1 2 3; do
    read -r cpu1 records wall rss <<EOT
$(measure "$capture" "$opts")
EOT
    read -r cpu2 records2 wall2 rss2 <<EOT
$(measure "$work/twice.pcap" "$opts")
EOT
    python3 -c "
c1, c2 = $cpu1, $cpu2
print('[%s] run $run: %d packets, %d handshakes: %.2f s CPU (JVM start included), %.2f s wall, max RSS %d MiB: %.0f packets/s, %.0f handshakes/s per CPU second'
      % ('${opts:-default JVM}', $packets, $records, c1, $wall, $rss // 1024, $packets / c1, $records / c1))
print('        twice: %.2f s CPU; the second pass alone: %.2f s, %.0f packets/s, %.0f handshakes/s per CPU second'
      % (c2, c2 - c1, $packets / (c2 - c1), ($records2 - $records) / (c2 - c1)))"
  done
done
rm "$work/twice.pcap"

/usr/bin/python3 "$here/flows.py" "$capture" "$work/flows.pcap" "$flows"
/usr/bin/time -f '%U %S %e %M' -o "$work/time" taskset -c 0 java -Xmx256m -XX:+UseSerialGC -Xlog:gc:file="$work/gc.log" \
    -jar "$client" tlsf -r "$work/flows.pcap" > "$work/flows.jl"
read -r user sys wall rss < "$work/time"
records=$(wc -l < "$work/flows.jl")
live=$(grep 'Pause Full' "$work/gc.log" | grep -o -- '->[0-9]*M' | tr -dc '0-9\n' | sort -n | tail -1)
fulls=$(grep -c 'Pause Full' "$work/gc.log" || true)
echo "memory: $flows concurrent flows, $records records, -Xmx256m (SerialGC): heap in use after a full GC at most ${live:-?} MiB ($fulls full GCs), max RSS $((rss / 1024)) MiB, $wall s wall"
