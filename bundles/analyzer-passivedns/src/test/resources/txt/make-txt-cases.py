#!/usr/bin/python3
# Expected decodings of TXT answers as passivedns writes them (master-file form, RFC 1035 5.1),
# computed by dnspython (Debian python3-dnspython), independent of the analyzer's decoder:
# each character-string decoded, the strings joined with nothing between them, read as UTF-8.
#   /usr/bin/python3 make-txt-cases.py > txt-cases.jsonl
import json
import dns.rdata

CASES = [
    '"hello world"',
    '"v=spf1 include:_spf.Example.com ~all"',
    '"v=spf1 include:_spf.example.com" " ~all"',
    '"a\\"b" "c\\099\\195\\169"',
    '"back\\\\slash"',
    '"\\065BC"',
    '"semi;colon"',
    '"a||b||c"',
    '"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ" "DwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYt"',
    '"tab\\009inside"',
    '""',
    '"\\"quoted\\""',
    '"caf\\195\\169" "\\226\\130\\172"',
]

for raw in CASES:
    strings = dns.rdata.from_text('IN', 'TXT', raw).strings
    print(json.dumps({"raw": raw, "text": b''.join(strings).decode('utf-8', 'replace')}, ensure_ascii=False))
