#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Sensor-port ingest measured with sensors that are not Java: a throw-away copy of the server
# image with SENSORS registered and approved sensors, then SENSORS connections of the independent
# Python frame tool in support/d4-frames (TLS by OpenSSL), each streaming the same pre-built
# 16 MiB of frames over and over for SECONDS: type 3, 120-byte log lines; type 1, a libpcap stream
# (its global header once, then records of 60 to 1,514 bytes over and over). The figures are the
# server's own count of accepted frames (frames_today per sensor) over the measured window, times
# the payload size, and the server's CPU time over the same window: CPU-seconds per GB of payload,
# µs of CPU per frame, and the CPU of each group of threads. Then the sensors stop, every archive
# file is finished and gzipped, and the compression threads' CPU per GB compressed is printed.
# Usage: distribution/bench/ingest-openssl.sh [seconds] [sensors] [frame size] [type 3|1].
# D4_IMAGE=<folder>: another image, e.g. one built from an older commit, in the same conditions.
# PROFILE=/tmp/ingest.jfr: a JFR recording (settings=profile) of the measured window. WARMUP=seconds of
# streaming before the window (default 10). SERVER_OPTIONS='key = value' lines: more settings of the sensor
# port (etc/d4.server.cfg), e.g. SERVER_OPTIONS='worker.wake.interval.us = 0'; WORKERS_OPTIONS the same for the
# type workers (etc/d4.workers.cfg), e.g. WORKERS_OPTIONS='archive.direct.writes = false'.
# Run after `mvn install -DskipTests`; needs python3.
set -eu
seconds=${1:-20}
sensors=${2:-8}
frame_size=${3:-65536}
type=${4:-3}
case $type in 1|3) ;; *) echo "type must be 3 (log lines) or 1 (pcap)" >&2; exit 2 ;; esac
. "$(cd "$(dirname "$0")" && pwd -P)/built.sh"
tool=$here/../../support/d4-frames/d4frames.py
built "$image/bin/d4"
[ -f "$tool" ] || { echo "the frame tool $tool is missing" >&2; exit 2; }
work=$(mktemp -d)
cleanup() {
  kill $(cat "$work"/pids 2>/dev/null) 2>/dev/null || true
  D4_STOP_TIMEOUT=30 "$work/d4/bin/d4" stop >/dev/null 2>&1 || kill -9 "$(cat "$work/d4/data/d4.pid" 2>/dev/null)" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE  # a closed pipe or ^C still stops the server and the sensors
cp -r "$image" "$work/d4"
https=$(free_port); port=$(free_port); resp=$(free_port)
echo "port = $https" > "$work/d4/etc/d4.http.cfg"
printf 'port = %s\nmax.connections.per.ip = %s\n%s\n' "$port" $((sensors + 8)) "${SERVER_OPTIONS:-}" > "$work/d4/etc/d4.server.cfg"
echo "port = $resp" > "$work/d4/etc/d4.resp.cfg"
[ -z "${WORKERS_OPTIONS:-}" ] || printf '%s\n' "$WORKERS_OPTIONS" >> "$work/d4/etc/d4.workers.cfg"
"$work/d4/bin/d4" start >/dev/null
pid=$(cat "$work/d4/data/d4.pid")
# recording from before the load: starting it later discards compiled code, which would skew the window
[ -z "${PROFILE:-}" ] || jcmd "$pid" JFR.start name=ingest settings=profile >/dev/null
api=https://127.0.0.1:$https/api/v1
token=$(cat "$work/d4/data/initial-admin-token")

# 16 MiB of payload per sensor: type 3, 120-byte lines; type 1, pcap records (the global header apart)
payload() {
  python3 -c "
import random, struct, sys
size = $frame_size * 256
out = bytearray()
if $type == 3:
    line = b'2026-12-01T00:00:00 bench line ' + b'x' * 90 + b'\n'
    while len(out) < size: out += line
    out = out[:size]
else:
    rnd = random.Random(4)
    while len(out) < size:
        n = rnd.choice((60, 66, 74, 590, 1514, 1514))
        out += struct.pack('<IIII', 1764547200 + len(out) // 1000, 0, n, n) + rnd.randbytes(n)
sys.stdout.buffer.write(bytes(out))"
}
payload > "$work/payload"
i=0
while [ $i -lt "$sensors" ]; do
  uuid=$(python3 -c 'import uuid; print(uuid.uuid4())')
  echo "$uuid" >> "$work/uuids"
  curl -sfk -H "Authorization: $token" -X POST -H 'Content-Type: application/json' -d "{\"uuid\":\"$uuid\",\"hmac_key\":\"bench-key\"}" "$api/add/sensor/register" >/dev/null
  curl -sfk -H "Authorization: $token" -X POST "$api/sensors/$uuid/approve" >/dev/null
  python3 "$tool" build --uuid "$uuid" --key bench-key --type "$type" --snaplen "$frame_size" --no-eof-frame \
    < "$work/payload" > "$work/frames-$i.bin"
  first=""
  if [ "$type" = 1 ]; then  # libpcap global header: magic, 2.4, zone 0, sigfigs 0, snaplen 65535, Ethernet
    python3 -c "import struct, sys; sys.stdout.buffer.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))" |
      python3 "$tool" build --uuid "$uuid" --key bench-key --type 1 --no-eof-frame > "$work/first-$i.bin"
    first="--first $work/first-$i.bin"
  fi
  echo "$first" > "$work/first-args-$i"
  i=$((i + 1))
done
frames() {  # one process for all the requests, so the window's ends are sharp: frames_today summed
  python3 -c '
import json, ssl, sys, urllib.request
context = ssl._create_unverified_context()
total = 0
for uuid in open(sys.argv[3]).read().split():
    request = urllib.request.Request(sys.argv[1] + "/sensors/" + uuid, headers={"Authorization": sys.argv[2]})
    total += json.load(urllib.request.urlopen(request, context=context)).get("frames_today", 0)
print(total)' "$api" "$token" "$work/uuids" 2>/dev/null || echo 0
}
# CPU ticks per thread group (digits dropped from thread names): "name user system", one line per group
threads() {
  python3 -c '
import glob, re, sys
groups = {}
for stat in glob.glob("/proc/%s/task/*/stat" % sys.argv[1]):
    try:
        text = open(stat).read()
    except OSError:
        continue
    name = re.sub(r"[0-9 ]+", "", text[text.index("(") + 1:text.rindex(")")])
    fields = text[text.rindex(")") + 2:].split()
    user, system = groups.get(name, (0, 0))
    groups[name] = (user + int(fields[11]), system + int(fields[12]))
for name in sorted(groups):
    print(name, *groups[name])' "$pid"
}
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
i=0
while [ $i -lt "$sensors" ]; do
  # shellcheck disable=SC2046
  python3 "$tool" send --host 127.0.0.1 --port "$port" $(cat "$work/first-args-$i") --frames "$work/frames-$i.bin" --repeat 1000000 --timeout 60 >/dev/null 2>&1 &
  echo $! >> "$work/pids"
  i=$((i + 1))
done
sleep "${WARMUP:-10}"  # past the JIT's warm-up: the window measures the steady state
f0=$(frames); c0=$(cpu); threads > "$work/threads0"; t0=$(date +%s.%N)
sleep "$seconds"
f1=$(frames); c1=$(cpu); threads > "$work/threads1"; t1=$(date +%s.%N)
[ -z "${PROFILE:-}" ] || jcmd "$pid" JFR.dump name=ingest filename="$PROFILE" begin="$(date -u -d "@${t0%.*}" +%H:%M:%S)" >/dev/null
hz=$(getconf CLK_TCK)
awk -v f="$((f1 - f0))" -v s="$frame_size" -v t0="$t0" -v t1="$t1" -v c="$((c1 - c0))" -v hz="$hz" -v n="$sensors" -v type="$type" 'BEGIN {
  t = t1 - t0; cpu = c / hz
  printf "%d sensors, type %d, %d-byte frames: %.0f MB/s payload, %.0f frames/s, server CPU %.0f %%\n", n, type, s, f * s / t / 1e6, f / t, cpu / t * 100
  if (f > 0) printf "server CPU: %.2f CPU-seconds per GB of payload, %.1f µs per frame\n", cpu / (f * s / 1e9), cpu * 1e6 / f }'
echo "server CPU by thread (CPU-seconds over the window, of which in the kernel; digits dropped from names):"
awk -v hz="$hz" 'NR == FNR { user[$1] = $2; kernel[$1] = $3; next } {
  u = ($2 - user[$1]) / hz; k = ($3 - kernel[$1]) / hz
  if (u + k >= 0.05) printf "  %-16s %6.2f %6.2f\n", $1, u + k, k }' "$work/threads0" "$work/threads1" | sort -k2 -rn
# stop the sensors: every session ends, its archive file is finished and gzipped
kill $(cat "$work/pids") 2>/dev/null || true
rm -f "$work/pids"
sleep 2
archive=$work/d4/data/archive
raw=$(find "$archive" -type f ! -name '*.gz' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
gz0=$(threads | awk '$1 ~ /archive-gzip/ { s += $2 + $3 } END { print s + 0 }')
for _ in $(seq 1 600); do
  [ -z "$(find "$archive" -type f ! -name '*.gz' ! -name '*.json' ! -name '*.meta*' -print -quit)" ] && break
  sleep 0.5
done
gz1=$(threads | awk '$1 ~ /archive-gzip/ { s += $2 + $3 } END { print s + 0 }')
packed=$(find "$archive" -type f -name '*.gz' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
awk -v raw="$raw" -v packed="$packed" -v c="$(( ${gz1:-0} - ${gz0:-0} ))" -v hz="$hz" 'BEGIN {
  if (raw > 0) printf "archive compression (gzip threads): %.0f MB in %.1f CPU-s, %.2f CPU-seconds per GB, ratio %.1f\n", raw / 1e6, c / hz, c / hz / (raw / 1e9), raw / (packed > 0 ? packed : 1) }'
grep -h "TLS engine" "$work/d4/logs/"* 2>/dev/null | grep -m 1 -o "TLS engine: [^,]*" || true
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); java: $(java -version 2>&1 | head -n 1); cores: $(nproc)"
