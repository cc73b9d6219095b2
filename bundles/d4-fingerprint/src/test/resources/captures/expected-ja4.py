#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Computes JA4 (FoxIO's JA4 specification, technical_details/JA4.md) for every ClientHello of the
captures here from the fields tshark dissects (this tshark predates its own ja4 field), and writes
ja4.tsv: file, client port, JA4, JA4_r. An implementation independent of the library's, from tshark's
dissection. Run from this folder: python3 expected-ja4.py"""
import glob, hashlib, subprocess

FIELDS = ["tcp.srcport", "tls.handshake.version", "tls.handshake.ciphersuite", "tls.handshake.extension.type",
          "tls.handshake.sig_hash_alg", "tls.handshake.extensions.supported_version",
          "tls.handshake.extensions_alpn_str", "tls.handshake.extensions_server_name"]
VERSIONS = {0x0304: "13", 0x0303: "12", 0x0302: "11", 0x0301: "10", 0x0300: "s3", 0x0002: "s2"}

def grease(v):
    return v & 0x0f0f == 0x0a0a and v >> 8 == v & 0xff

def values(field):
    return [int(x, 0) for x in field.split(",") if x] if field else []

def digest(text, count):
    return hashlib.sha256(text.encode()).hexdigest()[:12] if count else "000000000000"

rows = []
for capture in sorted(glob.glob("*.pcap") + glob.glob("*.pcapng")):
    command = ["tshark", "-r", capture, "-Y", "tls.handshake.type == 1", "-T", "fields", "-E", "separator=/t",
               "-E", "aggregator=,", "-E", "occurrence=a"]
    for f in FIELDS:
        command += ["-e", f]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    seen = set()
    for line in out.splitlines():
        port, version, ciphers, extensions, sigs, supported, alpn, sni = (line.split("\t") + [""] * 8)[:8]
        if port in seen:
            continue                      # the second ClientHello after a HelloRetryRequest
        seen.add(port)
        ciphers = [c for c in values(ciphers) if not grease(c)]
        extensions = [e for e in values(extensions) if not grease(e)]
        sigs = [s for s in values(sigs) if not grease(s)]
        supported = [v for v in values(supported) if not grease(v)]
        best = max(supported) if supported else int(version, 0)
        first_alpn = alpn.split(",")[0] if alpn else ""
        if not first_alpn:
            alpn_chars = "00"
        elif first_alpn[0].isalnum() and first_alpn[-1].isalnum() and first_alpn.isascii():
            alpn_chars = first_alpn[0] + first_alpn[-1]
        else:
            h = first_alpn.encode("latin-1").hex()
            alpn_chars = h[0] + h[-1]
        prefix = "t%s%s%02d%02d%s" % (VERSIONS.get(best, "00"), "d" if 0 in extensions else "i",
                                      min(len(ciphers), 99), min(len(extensions), 99), alpn_chars)
        cipher_list = ",".join("%04x" % c for c in sorted(ciphers))
        kept = sorted(e for e in extensions if e not in (0x0000, 0x0010))
        extension_list = ",".join("%04x" % e for e in kept)
        if sigs:
            extension_list += "_" + ",".join("%04x" % s for s in sigs)
        ja4 = "%s_%s_%s" % (prefix, digest(cipher_list, len(ciphers)), digest(extension_list, len(kept)))
        rows.append("\t".join([capture, port, ja4, "%s_%s_%s" % (prefix, cipher_list, extension_list)]))

with open("ja4.tsv", "w") as out:
    out.write("\n".join(rows) + "\n")
