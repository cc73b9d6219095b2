# SPDX-License-Identifier: Apache-2.0
"""Times the D4 console pages of a running appliance: logs in with the form, then views each page
ROUNDS times; prints the client-side time to the last byte and the page's own render time."""
import http.cookiejar, re, ssl, statistics, sys, time, urllib.parse, urllib.request

base, user, password, rounds, sensor = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
tls = ssl.create_default_context()
tls.check_hostname = False
tls.verify_mode = ssl.CERT_NONE  # a throw-away image with its own self-signed certificate, on loopback
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), urllib.request.HTTPSHandler(context=tls))
form = urllib.parse.urlencode({"name": user, "password": password}).encode()
opener.open(urllib.request.Request(base + "/system/console/d4-login", data=form, headers={"Origin": base}))
pages = ["d4-dashboard", "d4-sensors", "d4-sensors?state=approved&page=5", "d4-sensors?uuid=" + sensor, "d4-server",
         "d4-queues", "d4-analyzers", "d4-users", "d4-health"]
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]
print("%-36s %8s %8s %8s   %8s %8s %8s  %s" % ("page", "p50 ms", "p95 ms", "max ms", "render50", "render95", "rendermax", "KiB"))
for page in pages:
    totals, renders, size = [], [], 0
    for i in range(rounds + 3):
        start = time.perf_counter()
        body = opener.open(urllib.request.Request(base + "/system/console/" + page, headers={"Accept": "text/html"})).read()
        elapsed = (time.perf_counter() - start) * 1000
        m = re.search(rb"data-ms='([0-9.]+)'", body)
        if i >= 3:  # the first views warm the JIT
            totals.append(elapsed)
            if m:
                renders.append(float(m.group(1)))
        size = len(body)
    if "d4-health" not in page and not renders:
        raise SystemExit(page + ": no render time in the page (not logged in?)")
    r = renders or [0.0]
    print("%-36s %8.1f %8.1f %8.1f   %8.1f %8.1f %8.1f  %d" % (page[:36], pct(totals, 50), pct(totals, 95), max(totals),
          pct(r, 50), pct(r, 95), max(r), size // 1024))
