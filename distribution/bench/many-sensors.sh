#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# One node's scale: a throw-away copy of the server image (its default JVM: -Xmx512m, SerialGC) with
# SENSORS (default 10000) registered and approved sensors, all connected at once through TLS and each
# sending one 512-byte type-3 frame every INTERVAL seconds (default 10) from the load generator
# (-Xss256k: one thread per sensor). Once every sensor is connected and a minute has passed, prints the
# server's heap in use after a full GC, resident memory, threads, its CPU over a minute, the sensors
# still connected, then the console page times (console-pages.py, ROUNDS views of each page).
# PROFILE=f.jfr records the server (JFR, settings=profile) over that minute at rest; LOGS=folder keeps
# the server's logs/ there (why sensors were dropped).
# Usage: distribution/bench/many-sensors.sh [sensors] [interval] [rounds]. Run after
# `mvn install -DskipTests`; needs python3, ss (iproute2) and the JDK's jcmd.
set -eu
count=${1:-10000}
interval=${2:-10}
rounds=${3:-10}
. "$(cd "$(dirname "$0")" && pwd -P)/built.sh"
built "$image/bin/d4" "$client"
[ "$(ulimit -n)" -gt $((count + 1000)) ] || ulimit -n $((2 * count + 1000)) 2>/dev/null \
    || { echo "needs $((count + 1000)) open files (ulimit -n)" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill $load 2>/dev/null || true; [ -z "${LOGS:-}" ] || cp -r "$work/d4/logs/." "$LOGS/" 2>/dev/null || true; D4_STOP_TIMEOUT=60 "$work/d4/bin/d4" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP PIPE  # a closed pipe or ^C still runs the clean-up above
load=""
cp -r "$image" "$work/d4"
https=$(free_port); port=$(free_port); resp=$(free_port); ssh=$(free_port)
echo "port = $https" > "$work/d4/etc/d4.http.cfg"
printf 'port = %s\nmax.connections.per.ip = %s\nmax.connections = %s\n' "$port" $((count + 100)) $((count + 100)) \
    > "$work/d4/etc/d4.server.cfg"
echo "port = $resp" > "$work/d4/etc/d4.resp.cfg"
echo "port = $ssh" > "$work/d4/etc/d4.shell.ssh.cfg"
password=Bench-Many-Sensors-1
D4_ADMIN_PASSWORD=$password "$work/d4/bin/d4" start >/dev/null
pid=$(cat "$work/d4/data/d4.pid")
token=$(cat "$work/d4/data/initial-admin-token")

echo "registering and approving $count sensors ..."
python3 - "$https" "$token" "$count" "$work/uuids.txt" <<'EOF'
import http.client, json, ssl, sys, uuid
port, token, count, out = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
tls = ssl.create_default_context()
tls.check_hostname = False
tls.verify_mode = ssl.CERT_NONE  # a throw-away image with its own self-signed certificate, on loopback
api = http.client.HTTPSConnection("127.0.0.1", port, context=tls)
def call(method, path, body=None):
    api.request(method, "/api/v1" + path, body=None if body is None else json.dumps(body),
                headers={"Authorization": token, "Content-Type": "application/json"})
    answer = api.getresponse()
    answer.read()
    if answer.status >= 300:
        sys.exit("%s %s: HTTP %d" % (method, path, answer.status))
with open(out, "w") as uuids:
    for i in range(count):
        u = str(uuid.uuid4())
        call("POST", "/add/sensor/register", {"uuid": u, "hmac_key": "bench-key", "description": "bench sensor %d" % i})
        call("POST", "/sensors/%s/approve" % u)
        uuids.write(u + "\n")
EOF

connected() { ss -Htn state established "( sport = :$port )" | wc -l; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
java -Xss256k -jar "$client" bench --port "$port" --key bench-key --uuids "$work/uuids.txt" --sensors "$count" \
    --frame-size 512 --type 3 --rate "$(python3 -c "print(1 / $interval)")" --seconds 36000 --patience 600 > "$work/load.out" 2>&1 &
load=$!
start=$(date +%s)
while [ "$(connected)" -lt "$count" ] && [ $(( $(date +%s) - start )) -lt 900 ]; do
  kill -0 "$load" 2>/dev/null || { echo "the load generator ended:"; tail -5 "$work/load.out"; exit 1; }
  sleep 5
done
echo "$(connected) of $count sensors connected after $(( $(date +%s) - start )) s"
sleep 60
ticks=$(getconf CLK_TCK)
[ -z "${PROFILE:-}" ] || jcmd "$pid" JFR.start name=rest settings=profile >/dev/null
before=$(cpu_ticks)
sleep 60
after=$(cpu_ticks)
[ -z "${PROFILE:-}" ] || jcmd "$pid" JFR.dump name=rest filename="$PROFILE" >/dev/null
jcmd "$pid" GC.run > /dev/null
heap=$(jstat -gc "$pid" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i } NR == 2 { printf "%d MiB", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024 }')
echo "sensors connected: $(connected)"
echo "server heap in use after a full GC: $heap (of -Xmx512m)"
echo "server resident memory: $(awk '/VmRSS/ { print int($2 / 1024) " MiB" }' "/proc/$pid/status"), threads: $(awk '/Threads/ { print $2 }' "/proc/$pid/status")"
echo "server CPU over 60 s: $(python3 -c "print('%.1f %%' % (100 * ($after - $before) / $ticks / 60))") (sensors sending $(python3 -c "print(round($count / $interval))") frames/s in all)"
python3 "$here/console-pages.py" "https://127.0.0.1:$https" admin "$password" "$rounds" "$(head -n 1 "$work/uuids.txt")"
