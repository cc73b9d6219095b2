#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Frame-to-analyzer latency under load: a throw-away copy of the server image in shared-secret
# mode, the test analyzer in deploy/, then for SECONDS (default 20) two load generators at once:
# bulk ingest (RATE_MB MB/s of 64 KiB type-3 frames from 8 sensors, default 100) and one probe
# sensor sending 200 type-8 lines per second stamped with their time of creation. The analyzer
# logs each probe's age on arrival; this prints the percentiles and what the bulk run reached.
# Usage: distribution/bench/e2e-latency.sh [seconds] [rate MB/s]. Run after `mvn install -DskipTests`.
set -eu
seconds=${1:-20}
rate_mb=${2:-100}
. "$(cd "$(dirname "$0")" && pwd -P)/built.sh"
built "$image/bin/d4" "$client" "$analyzer"
work=$(mktemp -d)
trap 'D4_STOP_TIMEOUT=30 "$work/d4/bin/d4" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP PIPE  # a closed pipe or ^C still runs the clean-up above
start_copy "$work/d4"
curl -sfk -H "Authorization: $token" -X PUT -H 'Content-Type: application/json' -d '{"mode":"shared-secret","default_key":"bench-key"}' "$api/server" >/dev/null
cp "$analyzer" "$work/d4/deploy/.analyzer.tmp" && mv "$work/d4/deploy/.analyzer.tmp" "$work/d4/deploy/d4-test-analyzer.jar"
for i in $(seq 1 30); do
  curl -sfk -H "Authorization: $token" "$api/analyzers/test-pdns" 2>/dev/null | grep -q '"deployed":true' && break
  sleep 1
done
frames_per_sensor=$(awk -v r="$rate_mb" 'BEGIN { printf "%.1f", r * 1000000 / 65536 / 8 }')
java -jar "$client" bench --port "$sensors" --key bench-key --sensors 8 --frame-size 65536 --type 3 \
  --rate "$frames_per_sensor" --seconds "$seconds" > "$work/bulk.out" 2>&1 &
bulk=$!
java -jar "$client" bench --port "$sensors" --key bench-key --sensors 1 --type 8 --probe --rate 200 --seconds "$seconds" > "$work/probe.out" 2>&1
wait $bulk || true
sleep 2
echo "bulk load: $(head -n 1 "$work/bulk.out")"
sort -n "$work/d4/data/test-analyzer/latency.us" | awk '{ a[NR] = $1 } END {
  if (NR == 0) { print "no probe arrived"; exit 1 }
  printf "frame to analyzer, %d probes: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    NR, a[int(NR * 0.5) + 1] / 1000, a[int(NR * 0.9) + 1] / 1000, a[int(NR * 0.99) + 1] / 1000, a[NR] / 1000 }'
echo "java: $(java -version 2>&1 | head -n 1); cores: $(nproc)"
