#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Makes a capture of mixed HTTPS traffic with real TLS stacks, for the tlsf benchmark: in a private
# network namespace (unshare -n, so nothing else is captured; run as root), loopback set to MTU 1500
# with segmentation offload capped at 1500 bytes (packets as on an Ethernet link), an openssl s_server
# (-WWW, RSA certificate signed by a CA: a two-certificate chain) answers HANDSHAKES curl requests for a
# small file (alternately TLS 1.3 and TLS 1.2, new connection each) and openssl s_client handshakes,
# plus BULK downloads of a 4 MiB file; tcpdump writes what lo sees. Then mixed.py (beside this script)
# repeats the capture COPIES times, each copy with its own client addresses (10.x.y.z) and later times.
# Usage: distribution/bench/make-https-capture.sh OUT.pcap [HANDSHAKES] [BULK] [COPIES]
# Defaults 400 handshakes, 12 downloads, 20 copies: about 660 MB, 1.2 million packets, 8,000 handshakes.
set -eu
out=$(realpath "$1")
handshakes=${2:-400}
bulk=${3:-12}
copies=${4:-20}
here=$(cd "$(dirname "$0")" && pwd -P)
[ "$(id -u)" = 0 ] || { echo "needs root (unshare -n, tcpdump)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP PIPE  # a closed pipe or ^C still runs the clean-up above

unshare -n sh -eu -c '
work=$1; handshakes=$2; bulk=$3
cd "$work"
ip link set lo up
ip link set lo mtu 1500
ip link set lo gso_max_size 1500
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj "/CN=Bench CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=bench.d4.test/O=D4 Bench" 2>/dev/null
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -set_serial 7 -days 30 -out server.pem 2>/dev/null
head -c 2048 /dev/urandom | base64 > small.txt
head -c 4194304 /dev/urandom > big.bin
openssl s_server -quiet -accept 4433 -WWW -cert server.pem -key server.key -cert_chain ca.pem >/dev/null 2>&1 &
server=$!
tcpdump -i lo -s 0 -U -w base.pcap "tcp port 4433" 2>/dev/null &
dump=$!
sleep 1
i=0
while [ $i -lt "$handshakes" ]; do
  case $((i % 4)) in
    0) curl -sk --tlsv1.3 -o /dev/null https://127.0.0.1:4433/small.txt ;;
    1) curl -sk --tlsv1.2 --tls-max 1.2 -o /dev/null https://127.0.0.1:4433/small.txt ;;
    2) echo | openssl s_client -connect 127.0.0.1:4433 -servername bench.d4.test -tls1_2 >/dev/null 2>&1 || true ;;
    3) echo | openssl s_client -connect 127.0.0.1:4433 -servername bench.d4.test >/dev/null 2>&1 || true ;;
  esac
  i=$((i + 1))
done
i=0
while [ $i -lt "$bulk" ]; do
  curl -sk -o /dev/null https://127.0.0.1:4433/big.bin
  i=$((i + 1))
done
sleep 1
kill $dump; wait $dump 2>/dev/null || true
kill $server 2>/dev/null || true
' sh "$work" "$handshakes" "$bulk"

/usr/bin/python3 "$here/mixed.py" "$work/base.pcap" "$out" "$copies"
capinfos -c -s "$out" | tail -2
