#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
# Expected TLSH of the ja3-jl records of d4-fingerprint's captures, from values found by other tools:
# the JA3/JA3S strings tshark printed (expected.tsv) and the certificate names openssl printed
# (certificates.tsv, -nameopt RFC2253), hashed with Debian's python3-tlsh (run with /usr/bin/python3).
#
# The hashed text is the Go sensor's: JA3 + JA3S + for each server certificate its issuer and subject,
# each as Go's %q of pkix.Name.String() (well-known attributes in Go's fixed order), then every
# '-', ',' and '"' removed. Debian's module (TLSH 3.4.4) hashes 256 bytes or more; for shorter texts
# the digest column is '-' and only the text is given.
#
# Writes tlsh.tsv: capture, client port, hashed text, digest (lower case, as the Go sensor prints it);
# and digests.tsv: longer texts (the records' texts joined, 256 bytes and more, plus texts without
# enough variety) with the module's digest ('-' where it has none), to check the hashing itself.
# Usage: /usr/bin/python3 expected-tlsh.py   (writes both files beside this script)
import csv, json, os, re, sys
import tlsh

CAPTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        '..', '..', '..', '..', '..', 'bundles', 'd4-fingerprint', 'src', 'test', 'resources', 'captures')
GO_ORDER = ['SERIALNUMBER', 'CN', 'OU', 'O', 'POSTALCODE', 'STREET', 'L', 'ST', 'C']


def rows(name):
    with open(os.path.join(CAPTURES, name)) as f:
        return [r for r in csv.reader(f, delimiter='\t') if r]


def go_name(rfc2253):
    # openssl's RFC 2253 text, cut at unescaped commas, then put in Go's order (only well-known attributes here)
    parts = re.split(r'(?<!\\),', rfc2253)
    by_type = {}
    for p in parts:
        t, v = p.split('=', 1)
        if t not in GO_ORDER:
            sys.exit('attribute %s needs the OID form: not in these captures' % t)
        by_type.setdefault(t, []).append('%s=%s' % (t, v))
    return ','.join('+'.join(by_type[t]) for t in GO_ORDER if t in by_type)


def go_quote(s):
    # Go's %q of a printable ASCII string: quotes around, backslash and quote escaped
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


ja3, ja3s = {}, {}
for r in rows('expected.tsv'):
    key = (r[0], r[2])
    (ja3 if r[1] == 'client' else ja3s).setdefault(key, r[3])   # a HelloRetryRequest's first hello
certs = {}
for r in rows('certificates.tsv'):
    capture, src, dst = r[0], int(r[1]), int(r[2])
    if src < dst:   # server to client: the server's chain, in order
        certs.setdefault((capture, r[2]), []).append((r[6], r[5]))   # issuer, subject

here = os.path.dirname(os.path.abspath(__file__))
texts = []
with open(os.path.join(here, 'tlsh.tsv'), 'w') as f:
    out = csv.writer(f, delimiter='\t', lineterminator='\n')
    for key in sorted(ja3):
        text = ja3[key] + ja3s.get(key, '')
        for issuer, subject in certs.get(key, []):
            text += go_quote(go_name(issuer)) + go_quote(go_name(subject))
        text = text.replace('-', '').replace(',', '').replace('"', '')
        texts.append(text)
        out.writerow([key[0], key[1], text, tlsh.hash(text.encode()).lower() or '-'])

joined = [texts[i] + texts[(i + 1) % len(texts)] + texts[(i + 5) % len(texts)] for i in range(len(texts))]
longer = [t for t in joined if len(t) >= 256]
longer += [''.join(texts), 'a' * 300, '0123456789' * 40]
with open(os.path.join(here, 'digests.tsv'), 'w') as f:
    out = csv.writer(f, delimiter='\t', lineterminator='\n')
    for text in longer:
        out.writerow([text, tlsh.hash(text.encode()).lower() or '-'])
