#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Measures the server image: time from `bin/d4 start` to ready (first start, then N restarts), the
# JVM's CPU time when ready (steadier than wall time on a shared machine), resident memory once ready,
# image and tarball size, and the load average around the runs. Usage: distribution/bench/startup.sh [runs]
# Run after `mvn install -DskipTests`; it works on a throw-away copy of distribution/target/d4-server.
set -eu
runs=${1:-5}
. "$(cd "$(dirname "$0")" && pwd -P)/built.sh"
built "$image/bin/d4"  # D4_IMAGE: another image folder, e.g. one built from an older commit
work=$(mktemp -d)
trap 'D4_STOP_TIMEOUT=30 "$work/d4/bin/d4" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP PIPE  # a closed pipe or ^C still runs the clean-up above
cp -r "$image" "$work/d4"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 7443)
echo "port = $port" > "$work/d4/etc/d4.http.cfg"

ready_ms() { sed -n 's/^ready.ms=//p' "$work/d4/data/status"; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$(cat "$work/d4/data/d4.pid")/status"; }
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$(cat "$work/d4/data/d4.pid")/stat"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load average before: $(load)"

"$work/d4/bin/d4" start >/dev/null
echo "first start (generates TLS key, admin password): ready in $(ready_ms) ms, CPU $(cpu_s) s, RSS $(rss_mb) MiB"
"$work/d4/bin/d4" stop >/dev/null  # this stop also writes the class-data archive data/classes-*.jsa
times=""
cpus=""
for i in $(seq 1 "$runs"); do
  "$work/d4/bin/d4" start >/dev/null
  cpus="$cpus $(cpu_s)"
  sleep 2  # let start-up work settle before reading memory
  times="$times $(ready_ms)"
  rss=$(rss_mb)
  "$work/d4/bin/d4" stop >/dev/null
done
sorted=$(echo "$times" | tr ' ' '\n' | grep . | sort -n)
median=$(echo "$sorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "restart: ready in ms (sorted): $(echo $sorted); median $median ms; RSS after ready $rss MiB"
echo "restart: JVM CPU seconds when ready (sorted): $(echo "$cpus" | tr ' ' '\n' | grep . | sort -n | tr '\n' ' ')"
echo "load average after: $(load)"
echo "image: $(du -sh "$image" | cut -f1) on disk, bundle/ $(du -sh "$image/bundle" | cut -f1), $(ls "$image/bundle" | wc -l) boot bundles"
for t in "$here"/../target/d4-server-*.tar.gz; do [ -f "$t" ] && echo "tarball: $(du -h "$t" | cut -f1) $(basename "$t")"; done
echo "java: $(java -version 2>&1 | head -n 1); cores: $(nproc)"
