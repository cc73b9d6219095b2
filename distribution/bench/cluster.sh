#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The Kafka backend against the embedded queues, everything on this one machine. MODE:
#   embedded  one appliance with the test analyzer deployed (the single-appliance default)
#   kafka     a Kafka broker (the Apache Kafka jars of distribution/kafka-broker, KRaft, one node),
#             an ingest appliance forwarding types 7 and 8 to it, and an analysis appliance taking
#             type 8 in for the test analyzer
#   kafka2    the same with two ingest appliances, the bulk sensors split between them
# The bulk is type 7 (a raw type: each 64 KiB payload is one unit), archived and queued: in an
# embedded queue of its own (embedded), or forwarded to the topic d4.7 (Kafka modes).
# Two phases. Throughput: 8 sensors stream as fast as they can for SECONDS (default 20); printed:
# payload MB/s, each process's CPU-seconds per GB of payload (an ingest node's per GB it took, the
# broker's and the analysis node's per GB of all; from a fresh start, JIT included),
# and for Kafka how long the forwarders took to empty their queues after the sensors stopped.
# Latency: bulk at RATE_MB MB/s (default 50) with one probe sensor sending 200 type-8 lines a second,
# each stamped when made; the test analyzer logs each probe's age on arrival (through Kafka in the
# Kafka modes).
# Usage: distribution/bench/cluster.sh embedded|kafka|kafka2 [seconds] [rate MB/s]
# Run after `mvn install -DskipTests`; nothing else should run meanwhile.
set -eu
mode=${1:?embedded, kafka or kafka2}
seconds=${2:-20}
rate_mb=${3:-50}
. "$(cd "$(dirname "$0")" && pwd -P)/built.sh"
built "$image/bin/d4" "$client" "$analyzer" "$kafka_lib"
case $mode in embedded|kafka|kafka2) ;; *) echo "mode: embedded, kafka or kafka2" >&2; exit 2 ;; esac
work=$(mktemp -d)
nodes=""
cleanup() {
  for n in $nodes; do D4_STOP_TIMEOUT=30 "$work/$n/bin/d4" stop >/dev/null 2>&1 || true; done
  [ ! -f "$work/kafka.pid" ] || { kill "$(cat "$work/kafka.pid")" 2>/dev/null; sleep 3; kill -9 "$(cat "$work/kafka.pid")" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE  # a closed pipe or ^C still runs the clean-up above
hz=$(getconf CLK_TCK)
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

kjava() { java -Xmx1g -Djava.io.tmpdir="$work/kafka" -Dlog4j2.configurationFile="$work/kafka/log4j2.properties" -cp "$kafka_lib/*" "$@"; }
start_broker() {
  kport=$(free_port); cport=$(free_port)
  mkdir -p "$work/kafka"
  cat > "$work/kafka/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$kport,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$kport
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$work/kafka/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  printf 'rootLogger.level=WARN\nappender.f.type=File\nappender.f.name=f\nappender.f.fileName=%s\nappender.f.layout.type=PatternLayout\nappender.f.layout.pattern=%%d %%p %%m%%n\nrootLogger.appenderRef.f.ref=f\n' \
    "$work/kafka/broker.log" > "$work/kafka/log4j2.properties"
  # a cluster id as Kafka makes them; one starting with '-' would be taken for an option
  id=$(python3 -c 'import base64, uuid
while True:
    i = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    if not i.startswith("-"): break
print(i)')
  kjava kafka.tools.StorageTool format -t "$id" -c "$work/kafka/server.properties" >/dev/null
  # not through kjava: $! must be the broker's own pid, for its CPU time
  java -Xmx1g -Djava.io.tmpdir="$work/kafka" -Dlog4j2.configurationFile="$work/kafka/log4j2.properties" -cp "$kafka_lib/*" \
    kafka.Kafka "$work/kafka/server.properties" >/dev/null 2>&1 &
  echo $! > "$work/kafka.pid"
  for i in $(seq 1 60); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $kport), 1)" 2>/dev/null && return 0
    sleep 1
  done
  echo "the broker did not start: $(tail -n 20 "$work/kafka/broker.log")" >&2; exit 1
}

# start_node NAME [etc file=content]...: a copy of the image on free ports, shared-secret mode
start_node() {
  name=$1; shift
  cp -r "$image" "$work/$name"
  for port in http server resp; do echo "port = $(free_port)" > "$work/$name/etc/d4.$port.cfg"; done
  for cfg in "$@"; do printf '%s\n' "${cfg#*=}" > "$work/$name/etc/${cfg%%=*}.cfg"; done
  "$work/$name/bin/d4" start >/dev/null
  nodes="$nodes $name"
  api "$name" PUT /server '{"mode":"shared-secret","default_key":"bench-key"}' >/dev/null
  api "$name" POST /types/7 >/dev/null
}
api() {
  curl -sfk -H "Authorization: $(cat "$work/$1/data/initial-admin-token")" -X "$2" -H 'Content-Type: application/json' \
    ${4:+-d "$4"} "https://127.0.0.1:$(sed -n 's/^port = //p' "$work/$1/etc/d4.http.cfg")/api/v1$3"
}
sensor_port() { sed -n 's/^port = //p' "$work/$1/etc/d4.server.cfg"; }
pid_of() { cat "$work/$1/data/d4.pid"; }
deploy_kafka() { cp "$work/$1"/analyzers/d4-kafka-clients-*.jar "$work/$1"/analyzers/d4-queue-kafka-*.jar "$work/$1/deploy/"; }
deploy_analyzer() {
  cp "$analyzer" "$work/$1/deploy/.analyzer.tmp" && mv "$work/$1/deploy/.analyzer.tmp" "$work/$1/deploy/d4-test-analyzer.jar"
  for i in $(seq 1 60); do api "$1" GET /analyzers/test-pdns 2>/dev/null | grep -q '"deployed":true' && return 0; sleep 1; done
  echo "the test analyzer did not start on $1" >&2; exit 1
}
forward_queue_length() {  # units waiting in a node's forwarding queues
  api "$1" GET /queues | python3 -c 'import json, sys; print(sum(q["length"] for q in json.load(sys.stdin) if (q.get("owner") or "").startswith("kafka:")))'
}

if [ "$mode" = embedded ]; then
  start_node d4
  api d4 POST /queues '{"type":7,"description":"bench bulk","max_size":1000000}' >/dev/null
  deploy_analyzer d4
  ingest="d4"; analysis=d4
else
  start_broker
  forward="d4.queue.kafka=bootstrap.servers = 127.0.0.1:$kport
types = 7,8"
  ingest="ingest1"; [ "$mode" = kafka2 ] && ingest="ingest1 ingest2"
  for n in $ingest; do start_node "$n" "$forward"; deploy_kafka "$n"; done
  analysis=analysis
  start_node analysis "d4.queue.kafka.intake=bootstrap.servers = 127.0.0.1:$kport
types = 8"
  deploy_kafka analysis
  deploy_analyzer analysis
  sleep 5    # the forwarders and the intake connect
fi
set -- $ingest
share=$((8 / $#))

# throughput: 8 sensors as fast as they can, split between the ingest nodes
echo "== $mode: throughput, $seconds s, 8 sensors, 64 KiB type-7 frames (java: $(java -version 2>&1 | head -n 1); cores: $(nproc))"
procs="$ingest"; [ "$mode" = embedded ] || procs="$procs analysis"
for p in $procs; do echo "$(ticks "$(pid_of "$p")")" > "$work/$p.t0"; done
[ "$mode" = embedded ] || ticks "$(cat "$work/kafka.pid")" > "$work/kafka.t0"
benches=""   # waited for by pid: a plain wait would wait for the broker too
for n in $ingest; do
  java -jar "$client" bench --port "$(sensor_port "$n")" --key bench-key --sensors "$share" --frame-size 65536 --type 7 --seconds "$seconds" > "$work/bulk-$n.out" 2>&1 &
  benches="$benches $!"
done
wait $benches
stopped=$(date +%s.%N)
drained=""
if [ "$mode" != embedded ]; then
  for i in $(seq 1 600); do
    left=0; for n in $ingest; do left=$((left + $(forward_queue_length "$n"))); done
    [ "$left" -eq 0 ] && { drained=$(date +%s.%N); break; }
    sleep 0.5
  done
fi
# "4 sensors, 65536-byte frames, type 7, 20.0 s: 123.4 MB/s payload, ...": MB/s times the seconds it ran
sent() { awk -v f="$(head -n 1 "$work/bulk-$1.out")" 'BEGIN {
  split(f, w, ": "); n = split(w[1], head, ", "); split(w[2], m, " "); printf "%.0f", m[1] * 1e6 * (head[n] + 0) }'; }
bytes=0
for n in $ingest; do
  echo "  $n: $(head -n 1 "$work/bulk-$n.out")"
  bytes=$((bytes + $(sent "$n")))
done
for p in $procs kafka; do   # an ingest node's CPU per GB of what it took; the others' per GB of all
  [ -f "$work/$p.t0" ] || continue
  pid=$( [ "$p" = kafka ] && cat "$work/kafka.pid" || pid_of "$p")
  own=$bytes; [ -f "$work/bulk-$p.out" ] && own=$(sent "$p")
  awk -v c="$(( $(ticks "$pid") - $(cat "$work/$p.t0") ))" -v hz="$hz" -v b="$own" -v p="$p" 'BEGIN {
    printf "  %-9s %6.1f CPU-seconds, %.2f CPU-seconds per GB of payload\n", p, c / hz, c / hz / (b / 1e9) }'
done
awk -v b="$bytes" -v s="$seconds" 'BEGIN { printf "  in all: %.0f MB/s payload\n", b / s / 1e6 }'
[ -z "$drained" ] || awk -v a="$stopped" -v b="$drained" 'BEGIN { printf "  forwarding queues empty %.1f s after the sensors stopped\n", b - a }'
[ -n "$drained" ] || [ "$mode" = embedded ] || echo "  forwarding queues not empty 300 s after the sensors stopped"

# latency: bulk at a fixed rate, one probe sensor at 200 lines a second on the first ingest node
echo "== $mode: frame to analyzer, $seconds s, bulk $rate_mb MB/s"
rm -f "$work/$analysis/data/test-analyzer/latency.us"
frames_per_sensor=$(awk -v r="$rate_mb" 'BEGIN { printf "%.1f", r * 1000000 / 65536 / 8 }')
benches=""
for n in $ingest; do
  java -jar "$client" bench --port "$(sensor_port "$n")" --key bench-key --sensors "$share" --frame-size 65536 --type 7 \
    --rate "$frames_per_sensor" --seconds "$seconds" > "$work/rate-$n.out" 2>&1 &
  benches="$benches $!"
done
set -- $ingest
java -jar "$client" bench --port "$(sensor_port "$1")" --key bench-key --sensors 1 --type 8 --probe --rate 200 --seconds "$seconds" > "$work/probe.out" 2>&1
wait $benches
sleep 3
for n in $ingest; do echo "  $n: $(head -n 1 "$work/rate-$n.out")"; done
sort -n "$work/$analysis/data/test-analyzer/latency.us" | awk '{ a[NR] = $1 } END {
  if (NR == 0) { print "  no probe arrived"; exit 1 }
  printf "  %d probes: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    NR, a[int(NR * 0.5) + 1] / 1000, a[int(NR * 0.9) + 1] / 1000, a[int(NR * 0.99) + 1] / 1000, a[NR] / 1000 }'
