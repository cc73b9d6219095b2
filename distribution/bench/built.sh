# SPDX-License-Identifier: Apache-2.0
# Sourced by the benchmarks, after `set -eu`: where the build puts what they run, and a check that
# it is there, and a throw-away server. Sets here (this folder), image (D4_IMAGE, an image folder
# such as one built from an older commit, overrides it), client, analyzer (the test analyzer's jar)
# and kafka_lib.
here=$(cd "$(dirname "$0")" && pwd -P)
image=${D4_IMAGE:-$here/../target/d4-server}
client=$here/../../client/target/d4-client.jar
analyzer=$(ls "$here"/../test-analyzer/target/d4-test-analyzer-*.jar 2>/dev/null | head -n 1)
kafka_lib=$here/../kafka-broker/target/lib

# built PATH...: stops the benchmark, naming what is missing, unless every path exists
built() {
  for f in "$@"; do
    [ -n "$f" ] && [ -e "$f" ] || { echo "build first: mvn install -DskipTests (${f:-the test analyzer's jar} is missing)" >&2; exit 2; }
  done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_copy DIR: a copy of the image in DIR on free ports, its archive in ARCHIVE_DIR if set,
# started; sets https, sensors and resp (the ports), api (the REST base) and token (the admin's)
start_copy() {
  cp -r "$image" "$1"
  https=$(free_port); sensors=$(free_port); resp=$(free_port)
  echo "port = $https" > "$1/etc/d4.http.cfg"
  echo "port = $sensors" > "$1/etc/d4.server.cfg"
  echo "port = $resp" > "$1/etc/d4.resp.cfg"
  [ -z "${ARCHIVE_DIR:-}" ] || echo "archive.dir = $ARCHIVE_DIR" > "$1/etc/d4.workers.cfg"
  "$1/bin/d4" start >/dev/null
  api=https://127.0.0.1:$https/api/v1
  token=$(cat "$1/data/initial-admin-token")
}
