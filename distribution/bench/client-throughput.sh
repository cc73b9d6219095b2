#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Client throughput from stdin to a TLS server: GB gigabytes (default 4) of random data piped into
# `d4-client.jar -c conf` (snaplen SNAPLEN, default 65536, type 3), pinned to one core (taskset -c 0),
# first to an OpenSSL sink (socat, pinned to core 1: measures the client alone), then to a throw-away
# copy of the server image in shared-secret mode (archive on disk, or ARCHIVE_DIR). Prints MB/s of
# payload and the client's CPU seconds per GB sent (user + system, from /usr/bin/time).
# Usage: distribution/bench/client-throughput.sh [GB] [SNAPLEN]
# Run after `mvn install -DskipTests`. JAVA (default java) runs the client with JAVA_OPTS.
set -eu
gb=${1:-4}
snaplen=${2:-65536}
. "$(cd "$(dirname "$0")" && pwd -P)/built.sh"
built "$image/bin/d4" "$client"
work=$(mktemp -d)
sink_pid=
trap '[ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null; D4_STOP_TIMEOUT=30 "$work/d4/bin/d4" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP PIPE  # a closed pipe or ^C still runs the clean-up above

head -c 67108864 /dev/urandom > "$work/block"          # 64 MiB, repeated: cat from the page cache costs little
blocks=$(( gb * 16 ))
bytes=$(( blocks * 67108864 ))
conf=$work/conf
mkdir "$conf"
python3 -c 'import uuid; print(uuid.uuid4())' > "$conf/uuid"
echo bench-key > "$conf/key"; echo "$snaplen" > "$conf/snaplen"; echo 1 > "$conf/version"; echo 3 > "$conf/type"; echo stdin > "$conf/source"

run() {   # $1 = label; destination already written
  for i in $(seq 1 "$blocks"); do cat "$work/block"; done \
    | /usr/bin/time -f '%e %U %S' -o "$work/time" taskset -c 0 "${JAVA:-java}" ${JAVA_OPTS:-} -jar "$client" -c "$conf" -rt 0
  read -r wall user sys < "$work/time"
  awk -v l="$1" -v b="$bytes" -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN {
    printf "%-34s %6.2f GB in %6.2f s: %7.1f MB/s, client CPU %.2f s/GB (user %.1f s, sys %.1f s)\n", l, b/1e9, w, b/w/1e6, (u+s)/(b/1e9), u, s }'
}

# 1. an OpenSSL sink that only decrypts
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=sink -days 1 \
  -keyout "$work/sink.key" -out "$work/sink.crt" >/dev/null 2>&1
cat "$work/sink.key" "$work/sink.crt" > "$work/sink.pem"
port=$(free_port)
taskset -c 1 socat -b 262144 -u "OPENSSL-LISTEN:$port,reuseaddr,cert=$work/sink.pem,verify=0" OPEN:/dev/null &
sink_pid=$!
sleep 1
echo "127.0.0.1:$port" > "$conf/destination"
run "stdin -> OpenSSL sink (socat)"
kill "$sink_pid" 2>/dev/null || true; sink_pid=

# 2. the appliance
start_copy "$work/d4"
curl -sfk -H "Authorization: $token" -X PUT -H 'Content-Type: application/json' -d '{"mode":"shared-secret","default_key":"bench-key"}' "$api/server" >/dev/null
echo "127.0.0.1:$sensors" > "$conf/destination"
run "stdin -> D4 appliance (archive)"
