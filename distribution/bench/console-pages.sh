#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Console page times with a full registry: a throw-away copy of the server image with SENSORS
# (default 1000) registered and approved sensors, 20 pending ones and 20 queues, every approved
# sensor connected and sending one 512-byte type-3 frame per second (the load generator), then
# ROUNDS (default 50) logged-in views of each D4 page. Prints per page the time to the last byte
# seen by the client (loopback) and the plugin's own render time (the page's data-ms), p50/p95/max.
# LOAD=0 leaves the sensors unconnected (the registry full, the machine quiet).
# Usage: distribution/bench/console-pages.sh [sensors] [rounds]. Run after `mvn install -DskipTests`.
set -eu
[ -n "${TRACE:-}" ] && set -x
count=${1:-1000}
rounds=${2:-50}
. "$(cd "$(dirname "$0")" && pwd -P)/built.sh"
built "$image/bin/d4" "$client"
work=$(mktemp -d)
trap 'kill $load 2>/dev/null || true; D4_STOP_TIMEOUT=30 "$work/d4/bin/d4" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP PIPE  # a closed pipe or ^C still runs the clean-up above
load=""
cp -r "$image" "$work/d4"
https=$(free_port); sensors=$(free_port); resp=$(free_port)
echo "port = $https" > "$work/d4/etc/d4.http.cfg"
printf 'port = %s\nmax.connections.per.ip = %s\n' "$sensors" $((count + 100)) > "$work/d4/etc/d4.server.cfg"
echo "port = $resp" > "$work/d4/etc/d4.resp.cfg"
password=Bench-Console-Pass-1
D4_ADMIN_PASSWORD=$password "$work/d4/bin/d4" start >/dev/null
api=https://127.0.0.1:$https/api/v1
token=$(cat "$work/d4/data/initial-admin-token")
python3 -c "import uuid
for i in range($count + 20): print(uuid.uuid4())" > "$work/all.txt"
head -n "$count" "$work/all.txt" > "$work/uuids.txt"
echo "registering $count sensors (+20 pending) ..."
n=0
while read -r u; do
  n=$((n + 1))
  printf '{"uuid":"%s","hmac_key":"bench-key","description":"bench sensor %s"}\n' "$u" "$n"
done < "$work/all.txt" > "$work/bodies.txt"
xargs -d '\n' -P 4 -I{} curl -sfk -o /dev/null -H "Authorization: $token" -H 'Content-Type: application/json' -d '{}' "$api/add/sensor/register" < "$work/bodies.txt"
xargs -d '\n' -P 4 -I{} curl -sfk -o /dev/null -H "Authorization: $token" -X POST "$api/sensors/{}/approve" < "$work/uuids.txt"
for t in 3 8; do for i in $(seq 1 10); do
  curl -sfk -o /dev/null -H "Authorization: $token" -H 'Content-Type: application/json' -d "{\"type\":$t,\"description\":\"bench queue $t-$i\",\"max_size\":10000}" "$api/queues"
done; done
if [ "${LOAD:-1}" != 0 ]; then
  java -jar "$client" bench --port "$sensors" --key bench-key --uuids "$work/uuids.txt" --sensors "$count" --frame-size 512 --type 3 \
    --rate 1 --seconds 3600 > "$work/load.out" 2>&1 &
  load=$!
  sleep 20
fi
python3 "$here/console-pages.py" "https://127.0.0.1:$https" admin "$password" "$rounds" "$(head -n 1 "$work/uuids.txt")"
