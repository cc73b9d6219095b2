#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Makes the seed captures of PcapStreamParserFuzzTest with tcpdump (run as root, from this folder):
# a few UDP datagrams and a short TCP exchange on the loopback interface, cut to small records
# (-s) so that libFuzzer's default input length keeps whole captures.
set -eu
capture() {   # output file, then tcpdump options
    out=$1; shift
    tcpdump -i lo -U -c 12 -s 120 "$@" -w "$out" 'port 45353 or port 45380' 2>/dev/null &
    pid=$!
    sleep 1
    for i in 1 2 3; do
        printf 'query %s' "$i" | socat -u - UDP4-SENDTO:127.0.0.1:45353 || true
    done
    socat -u TCP4-LISTEN:45380,reuseaddr OPEN:/dev/null &
    sleep 0.3
    printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' | socat -u - TCP4:127.0.0.1:45380
    sleep 1
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
capture loopback-udp-tcp.pcap
capture loopback-nanoseconds.pcap --time-stamp-precision=nano
