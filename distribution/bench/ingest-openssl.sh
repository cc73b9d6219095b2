#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Sensor-port ingest measured with sensors that are not Java: a throw-away copy of the server
# image with SENSORS registered and approved sensors, then SENSORS connections of the independent
# Python frame tool in support/d4-frames (TLS by OpenSSL), each streaming the same pre-built
# 16 MiB of 64 KiB type-3 frames over and over for SECONDS. The figure is the server's own count
# of accepted frames (frames_today per sensor) over the measured window, times the payload size;
# the server's CPU time over the window is printed too.
# Usage: distribution/bench/ingest-openssl.sh [seconds] [sensors] [frame size]. Run after
# `mvn install -DskipTests`; needs python3.
set -eu
seconds=${1:-20}
sensors=${2:-8}
frame_size=${3:-65536}
here=$(cd "$(dirname "$0")" && pwd -P)
image=$here/../target/d4-server
tool=$here/../../support/d4-frames/d4frames.py
[ -x "$image/bin/d4" ] || { echo "build first: mvn install -DskipTests" >&2; exit 2; }
[ -f "$tool" ] || { echo "the frame tool $tool is missing" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill $(cat "$work"/pids 2>/dev/null) 2>/dev/null || true; D4_STOP_TIMEOUT=30 "$work/d4/bin/d4" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cp -r "$image" "$work/d4"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
https=$(free_port); port=$(free_port); resp=$(free_port)
echo "port = $https" > "$work/d4/etc/d4.http.cfg"
printf 'port = %s\nmax.connections.per.ip = %s\n' "$port" $((sensors + 8)) > "$work/d4/etc/d4.server.cfg"
echo "port = $resp" > "$work/d4/etc/d4.resp.cfg"
"$work/d4/bin/d4" start >/dev/null
api=https://127.0.0.1:$https/api/v1
token=$(cat "$work/d4/data/initial-admin-token")

# per sensor, 256 frames of 120-byte log lines, as a type-3 sensor sends them
i=0
while [ $i -lt "$sensors" ]; do
  uuid=$(python3 -c 'import uuid; print(uuid.uuid4())')
  echo "$uuid" >> "$work/uuids"
  curl -sfk -H "Authorization: $token" -X POST -H 'Content-Type: application/json' -d "{\"uuid\":\"$uuid\",\"hmac_key\":\"bench-key\"}" "$api/add/sensor/register" >/dev/null
  curl -sfk -H "Authorization: $token" -X POST "$api/sensors/$uuid/approve" >/dev/null
  python3 -c "
import sys
line = b'2026-12-01T00:00:00 bench line ' + b'x' * 90 + b'\n'
out = bytearray()
while len(out) < $frame_size * 256: out += line
sys.stdout.buffer.write(bytes(out[:$frame_size * 256]))" |
    python3 "$tool" build --uuid "$uuid" --key bench-key --type 3 --snaplen "$frame_size" --no-eof-frame > "$work/frames-$i.bin"
  i=$((i + 1))
done
frames() {
  total=0
  for uuid in $(cat "$work/uuids"); do
    n=$(curl -sfk -H "Authorization: $token" "$api/sensors/$uuid" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("frames_today", 0))' 2>/dev/null || echo 0)
    total=$((total + n))
  done
  echo $total
}
cpu() { awk '{ print $14 + $15 }' "/proc/$(cat "$work/d4/data/d4.pid")/stat"; }
i=0
while [ $i -lt "$sensors" ]; do
  python3 "$tool" send --host 127.0.0.1 --port "$port" --frames "$work/frames-$i.bin" --repeat 1000000 --timeout 60 >/dev/null 2>&1 &
  echo $! >> "$work/pids"
  i=$((i + 1))
done
sleep 3
f0=$(frames); c0=$(cpu); t0=$(date +%s.%N)
sleep "$seconds"
f1=$(frames); c1=$(cpu); t1=$(date +%s.%N)
hz=$(getconf CLK_TCK)
awk -v f="$((f1 - f0))" -v s="$frame_size" -v t0="$t0" -v t1="$t1" -v c="$((c1 - c0))" -v hz="$hz" -v n="$sensors" 'BEGIN {
  t = t1 - t0
  printf "%d sensors, %d-byte frames: %.0f MB/s payload, %.0f frames/s, server CPU %.0f %%\n", n, s, f * s / t / 1e6, f / t, c / hz / t * 100 }'
grep -h "TLS engine\|engine" "$work/d4/logs/"* 2>/dev/null | grep -i -m 1 "sensor port" || true
echo "java: $(java -version 2>&1 | head -n 1); cores: $(nproc)"
