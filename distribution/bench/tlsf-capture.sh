#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tlsf end to end on capture files, JVM start included, the JVM pinned to one core (taskset -c 0):
# 1. throughput: `d4-client.jar tlsf --stats` on a mixed HTTPS capture (made by make-https-capture.sh
#    when CAPTURE does not exist; needs root) followed by three time-shifted copies, read as rotated files
#    in one JVM: per file, packets per CPU second of the process (every thread: JIT and GC included),
#    with the JVM's defaults and with C1 only (-XX:TieredStopAtLevel=1). The first file carries the
#    JVM's start and most of its compilation; the later ones show the warmed-up reader;
# 2. memory: 100,000 (FLOWS) concurrent connections, each holding half a ClientHello, then all
#    completed (flows.py), read with -Xmx256m and SerialGC; the live heap is the largest heap in use
#    after a full GC in the GC log.
# Usage: distribution/bench/tlsf-capture.sh [CAPTURE] [FLOWS]   (after `mvn install -DskipTests`)
set -eu
. "$(cd "$(dirname "$0")" && pwd -P)/built.sh"
capture=${1:-/tmp/d4-bench-mixed.pcap}
flows=${2:-100000}
built "$client"
[ -f "$capture" ] || "$here/make-https-capture.sh" "$capture"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP PIPE  # a closed pipe or ^C still runs the clean-up above

span=$(capinfos -M -u "$capture" | awk -F: '/Capture duration/ {gsub(/[ a-z]/, "", $2); print int($2) + 10}')
# three copies of the capture, each later in time: read after it as rotated files (one flow table), they
# give the cost of a warmed-up reader, while the first file's includes the JVM's start and its JIT
for k in 1 2 3; do
  editcap -t $((k * span)) "$capture" "$work/later$k.pcap"
done
cat "$capture" "$work"/later*.pcap > /dev/null      # in the page cache: the runs measure the reader, not the disk

for opts in "${JAVA_OPTS:-}" "-XX:TieredStopAtLevel=1"; do
  for run in 1 2 3; do
    echo "[${opts:-default JVM}] run $run (taskset -c 0):"
    /usr/bin/time -f '%U %S %e %M' -o "$work/time" taskset -c 0 java $opts -jar "$client" tlsf --stats \
        -r "$capture" -r "$work/later1.pcap" -r "$work/later2.pcap" -r "$work/later3.pcap" 2> "$work/stats" > /dev/null
    grep -v 'tlsf: total' "$work/stats" | sed 's/^tlsf: /  /'
    read -r user sys wall rss < "$work/time"
    echo "  all four: $(python3 -c "print(round($user + $sys, 2))") s CPU, $wall s wall, max RSS $((rss / 1024)) MiB"
  done
done
rm "$work"/later*.pcap

/usr/bin/python3 "$here/flows.py" "$capture" "$work/flows.pcap" "$flows"
/usr/bin/time -f '%U %S %e %M' -o "$work/time" taskset -c 0 java -Xmx256m -XX:+UseSerialGC -Xlog:gc:file="$work/gc.log" \
    -jar "$client" tlsf -r "$work/flows.pcap" > "$work/flows.jl"
read -r user sys wall rss < "$work/time"
records=$(wc -l < "$work/flows.jl")
live=$(grep 'Pause Full' "$work/gc.log" | grep -o -- '->[0-9]*M' | tr -dc '0-9\n' | sort -n | tail -1)
fulls=$(grep -c 'Pause Full' "$work/gc.log" || true)
echo "memory: $flows concurrent flows, $records records, -Xmx256m (SerialGC): heap in use after a full GC at most ${live:-?} MiB ($fulls full GCs), max RSS $((rss / 1024)) MiB, $wall s wall"
