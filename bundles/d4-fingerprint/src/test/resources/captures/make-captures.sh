#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Records the test captures with real TLS stacks (OpenSSL s_server/s_client, curl, GnuTLS, Python ssl)
# inside a private network namespace, then writes the values independent tools compute for them
# (expected.tsv: tshark's JA3/JA3S; certificates.tsv: openssl x509; ja4.tsv: expected-ja4.py from tshark's
# dissection). Run as root from this folder:
#   sh make-captures.sh          (it enters a network namespace of its own: unshare -n)
# Needs openssl, curl, gnutls-bin, python3, tcpdump, tshark. The captures differ from run to run
# (keys, randoms, ports); the expected values are regenerated with them, never by the code under test.
set -eu
cd "$(dirname "$0")"
if [ -z "${IN_NETNS:-}" ]; then exec env IN_NETNS=1 unshare -n sh "$0" "$@"; fi
ip link set lo up
# an Ethernet-sized MTU, so certificates (and, in the small-MTU captures, ClientHellos) span segments
ip link set lo mtu 1500
work=$(mktemp -d)
# on exit, the servers' and tcpdump's messages (to see what went wrong in a run), then clean up
trap 'cat "$work/server.log" "$work/tcpdump.log" >&2; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# a CA, a server certificate it signs (RSA 3072, so the chain spans segments) and a client certificate
openssl req -x509 -newkey rsa:3072 -nodes -keyout "$work/ca.key" -out "$work/ca.pem" -days 3650 \
  -subj "/CN=D4 Test CA" -set_serial 0x1001 2>/dev/null
openssl req -newkey rsa:3072 -nodes -keyout "$work/server.key" -out "$work/server.csr" \
  -subj "/O=D4 Test/CN=server.d4.test" 2>/dev/null
printf 'subjectAltName=DNS:server.d4.test,DNS:localhost,IP:127.0.0.1,IP:::1\n' > "$work/san.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -set_serial 0x2002 \
  -days 825 -extfile "$work/san.ext" -out "$work/server.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/client.key" \
  -out "$work/client.csr" -subj "/CN=sensor-client" 2>/dev/null
openssl x509 -req -in "$work/client.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -set_serial 0x3003 \
  -days 825 -out "$work/client.pem" 2>/dev/null
# a self-signed EC server certificate for the GnuTLS and Python runs
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout "$work/self.key" \
  -out "$work/self.pem" -days 365 -subj "/CN=self.d4.test" -addext "subjectAltName=DNS:self.d4.test" 2>/dev/null

PORT=4433
server() { # s_server arguments...
  openssl s_server -accept "$PORT" -cert "$work/server.pem" -key "$work/server.key" -cert_chain "$work/ca.pem" \
    -CAfile "$work/ca.pem" -naccept 4 -quiet "$@" >/dev/null 2>"$work/server.log" &
  SERVER=$!; sleep 0.5
}
client() { # host, s_client arguments...
  host=$1; shift
  (sleep 0.5; echo Q) | timeout 5 openssl s_client -connect "$host:$PORT" "$@" >/dev/null 2>&1 || true
}
capture() { # file, tcpdump arguments...
  file=$1; shift
  tcpdump -i "${IFACE:-lo}" --immediate-mode -U -s 0 -Z root -w "$file" "$@" "tcp portrange 4433-4435" 2>>"$work/tcpdump.log" &
  DUMP=$!; sleep 0.5
}
stop_server() { sleep 0.3; kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
stop() { stop_server; sleep 0.3; kill "$DUMP"; wait "$DUMP" 2>/dev/null || true; }

# TLS 1.3 over IPv4, SNI, ALPN; server records cut at 512 bytes (several records per flight)
capture tls13-ipv4.pcap
server -tls1_3 -max_send_frag 512 -alpn h2
client 127.0.0.1 -tls1_3 -servername server.d4.test -alpn h2,http/1.1
stop

# TLS 1.2 over IPv6 with a client certificate (mTLS), no SNI, nanosecond timestamps
capture tls12-mtls-ipv6.pcap --time-stamp-precision=nano
server -tls1_2 -Verify 1
client '[::1]' -tls1_2 -noservername -cert "$work/client.pem" -key "$work/client.key"
stop

# TLS 1.0 and 1.1 (old versions need security level 0), Linux cooked v2 headers
IFACE=any capture tls10-11-sll2.pcap -y LINUX_SLL2
server -cipher 'DEFAULT:@SECLEVEL=0' -no_tls1_3 -no_tls1_2
client 127.0.0.1 -tls1 -cipher 'DEFAULT:@SECLEVEL=0' -servername old.d4.test
client 127.0.0.1 -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0' -servername old.d4.test
stop

# HelloRetryRequest: the client's first key share (X25519) is not the server's group (P-256)
capture tls13-hrr.pcap
server -tls1_3 -groups P-256
client 127.0.0.1 -tls1_3 -groups X25519:P-256 -servername hrr.d4.test
stop

# resumption: TLS 1.2 session id, TLS 1.2 ticket, TLS 1.3 PSK
capture resumption.pcap
server -no_ticket -tls1_2
client 127.0.0.1 -tls1_2 -no_ticket -servername resume.d4.test -sess_out "$work/s12id"
client 127.0.0.1 -tls1_2 -no_ticket -servername resume.d4.test -sess_in "$work/s12id"
stop_server
PORT=4434
server -tls1_2
client 127.0.0.1 -tls1_2 -servername ticket.d4.test -sess_out "$work/s12t"
client 127.0.0.1 -tls1_2 -servername ticket.d4.test -sess_in "$work/s12t"
stop_server
PORT=4435
server -tls1_3
client 127.0.0.1 -tls1_3 -servername psk.d4.test -sess_out "$work/s13"
client 127.0.0.1 -tls1_3 -servername psk.d4.test -sess_in "$work/s13"
stop
PORT=4433

# a small MTU, so the ClientHellos themselves span several segments; curl and GnuTLS; pcapng
ip link set lo mtu 300
tshark -i lo -f "tcp port $PORT" -w "$work/other.pcapng" -q 2>/dev/null &
DUMP=$!; sleep 5                              # dumpcap takes a few seconds to start
server -tls1_3 -www -naccept 1
timeout 5 curl -sk --resolve curl.d4.test:$PORT:127.0.0.1 "https://curl.d4.test:$PORT/" >/dev/null || true
sleep 0.3; kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true
gnutls-serv -p "$PORT" --x509certfile "$work/self.pem" --x509keyfile "$work/self.key" >/dev/null 2>&1 &
SERVER=$!; sleep 1
echo Q | timeout 5 gnutls-cli --insecure -p "$PORT" --sni-hostname gnutls.d4.test ::1 >/dev/null 2>&1 || true
echo Q | timeout 5 gnutls-cli --insecure -p "$PORT" --priority 'NORMAL:-VERS-TLS1.3' 127.0.0.1 >/dev/null 2>&1 || true
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
python3 - "$PORT" "$work/self.pem" "$work/self.key" <<'PY'
import socket, ssl, sys, threading
port, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); sctx.load_cert_chain(cert, key)
sctx.set_alpn_protocols(["http/1.1"])
lsock = socket.create_server(("127.0.0.1", port))
def serve():
    conn, _ = lsock.accept()
    with sctx.wrap_socket(conn, server_side=True) as s: s.recv(10)
t = threading.Thread(target=serve); t.start()
cctx = ssl.create_default_context(); cctx.check_hostname = False; cctx.verify_mode = ssl.CERT_NONE
cctx.set_alpn_protocols(["http/1.1", "h2"]); cctx.maximum_version = ssl.TLSVersion.TLSv1_2
with cctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="python.d4.test") as c:
    c.send(b"hello")
t.join()
PY
sleep 1; kill "$DUMP"; wait "$DUMP" 2>/dev/null || true
ip link set lo mtu 1500
cp "$work/other.pcapng" curl-gnutls-python.pcapng

# expected values, from tshark and openssl only
: > expected.tsv; : > certificates.tsv
for f in *.pcap *.pcapng; do
  tshark -r "$f" -Y 'tls.handshake.type == 1' -T fields -E separator=/t \
    -e tcp.srcport -e tls.handshake.ja3_full -e tls.handshake.ja3 -e tls.handshake.extensions_server_name \
    | awk -v f="$f" -F'\t' '{print f "\tclient\t" $1 "\t" $2 "\t" $3 "\t" $4}' >> expected.tsv
  tshark -r "$f" -Y 'tls.handshake.type == 2' -T fields -E separator=/t \
    -e tcp.dstport -e tls.handshake.ja3s_full -e tls.handshake.ja3s \
    | awk -v f="$f" -F'\t' '{print f "\tserver\t" $1 "\t" $2 "\t" $3 "\t"}' >> expected.tsv
  tshark -r "$f" -Y 'tls.handshake.certificate' -T fields -E separator=/t -E aggregator=/s \
    -e tcp.srcport -e tcp.dstport -e tls.handshake.certificate | while IFS="$(printf '\t')" read -r sp dp certs; do
    for hex in $certs; do
      echo "$hex" | tr -d ':' | xxd -r -p > "$work/c.der"
      x=$(openssl x509 -inform DER -in "$work/c.der" -noout -nameopt RFC2253 -fingerprint -sha1 | cut -d= -f2)
      y=$(openssl x509 -inform DER -in "$work/c.der" -noout -fingerprint -sha256 | cut -d= -f2)
      subj=$(openssl x509 -inform DER -in "$work/c.der" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')
      iss=$(openssl x509 -inform DER -in "$work/c.der" -noout -issuer -nameopt RFC2253 | sed 's/^issuer=//')
      ser=$(openssl x509 -inform DER -in "$work/c.der" -noout -serial | cut -d= -f2)
      nb=$(openssl x509 -inform DER -in "$work/c.der" -noout -startdate | cut -d= -f2)
      na=$(openssl x509 -inform DER -in "$work/c.der" -noout -enddate | cut -d= -f2)
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$f" "$sp" "$dp" "$x" "$y" "$subj" "$iss" "$ser" "$nb" "$na" >> certificates.tsv
    done
  done
done
python3 expected-ja4.py
