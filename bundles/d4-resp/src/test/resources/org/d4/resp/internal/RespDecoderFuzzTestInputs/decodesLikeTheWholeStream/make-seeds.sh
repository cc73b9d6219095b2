#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Records the seed requests of RespDecoderFuzzTest as redis-cli sends them: a throwaway listener
# answers +OK to whatever arrives and writes the bytes it got to a file.
set -eu
port=46380
listener() {
    python3 - "$port" "$1" <<'PY'
import socket, sys
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(1)
server.settimeout(10)
client, _ = server.accept()
client.settimeout(2)
with open(sys.argv[2], "wb") as out:
    try:
        while True:
            data = client.recv(65536)
            if not data:
                break
            out.write(data)
            client.sendall(b"+OK\r\n" * max(1, data.count(b"\r\n*") + 1))
    except OSError:
        pass
PY
}
record() {   # output file, then redis-cli arguments
    out=$1; shift
    listener "$out" &
    until ss -ltn | grep -q ":$port "; do sleep 0.2; done
    timeout 3 redis-cli -p "$port" "$@" >/dev/null 2>&1 || true
    wait
}
record rpop-db2.resp -n 2 RPOP analyzer:8:6e1b2c7a-0f6e-4d0e-9d2b-3f6a1c9e7b10
record auth-llen.resp -a 0123456789abcdef0123456789abcdef --no-auth-warning LLEN analyzer:254:ja3-jl:6e1b2c7a-0f6e-4d0e-9d2b-3f6a1c9e7b10
record lrange.resp -n 2 LRANGE analyzer:2:6e1b2c7a-0f6e-4d0e-9d2b-3f6a1c9e7b10 0 -1
record keys.resp -n 2 KEYS 'analyzer:*'
record hello3.resp -3 PING
record echo-binary.resp ECHO "$(printf 'a\r\nb\tc')"
# inline requests, as typed into telnet or nc
printf 'PING\r\nLLEN analyzer:8:6e1b2c7a-0f6e-4d0e-9d2b-3f6a1c9e7b10\nSELECT  \t2\r\n' > inline-telnet.resp
