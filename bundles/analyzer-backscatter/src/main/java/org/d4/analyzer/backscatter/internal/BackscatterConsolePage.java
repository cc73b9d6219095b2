// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import org.d4.common.Samples;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.d4.common.web.Html;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /system/console/backscatter}: a timeline of the newest attacks, the top victims among
 * them, the attacks going on, the top scanners, the counters; {@code ?id=} shows one attack.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=backscatter",
        "felix.webconsole.title=Backscatter",
        "felix.webconsole.category=D4" })
public final class BackscatterConsolePage extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final int RECENT = 1000;
    private static final int WIDTH = 900;
    private static final int LANE = 14;

    private final transient Backscatter backscatter;

    @Activate
    public BackscatterConsolePage(@Reference Backscatter backscatter) {
        this.backscatter = backscatter;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        PrintWriter out = response.getWriter();
        Map<String, Long> c = backscatter.counters();
        out.println("<p class='statline'>" + c.get("stored_attacks") + " attacks stored; " + c.get("packets") + " packets read, "
                + c.get("backscatter") + " backscatter, " + c.get("scans") + " scans (" + c.get("mirai") + " Mirai), " + c.get("outside")
                + " outside " + Html.escape(backscatter.monitoredPrefixes().toString()) + ", " + c.get("malformed") + " malformed; "
                + c.get("tracked_vectors") + " vectors tracked, " + c.get("vectors_evicted") + " evicted</p>");
        String id = request.getParameter("id");
        if (id != null) {
            detail(out, id);
            return;
        }
        List<Map.Entry<Long, Attack>> recent = backscatter.newest(RECENT);
        timeline(out, recent);
        topVictims(out, recent);
        out.println("<h3>Going on</h3>");
        table(out, backscatter.ongoing().stream().map(a -> Map.entry(0L, a)).toList(), "backscatter-ongoing");
        out.println("<h3>Newest attacks</h3>");
        table(out, recent.subList(0, Math.min(50, recent.size())), "backscatter-attacks");
        out.println("<h3>Top scanners</h3><table class='nicetable' id='backscatter-scanners'><thead><tr><th>source</th>"
                + "<th>addresses touched</th><th>packets</th><th>Mirai packets</th></tr></thead><tbody>");
        for (ScannerTable.Row r : backscatter.scanners(20)) {
            out.println("<tr><td>" + Html.escape(r.source()) + "</td><td>" + r.destinations() + "</td><td>" + r.packets() + "</td><td>"
                    + r.miraiPackets() + "</td></tr>");
        }
        out.println("</tbody></table>");
    }

    /** One horizontal bar per attack (start to end), newest at the top, the victim as tooltip. */
    private static void timeline(PrintWriter out, List<Map.Entry<Long, Attack>> recent) {
        List<Map.Entry<Long, Attack>> shown = recent.subList(0, Math.min(40, recent.size()));
        if (shown.isEmpty()) {
            out.println("<p>No attack yet.</p>");
            return;
        }
        long from = shown.stream().mapToLong(e -> e.getValue().startMicros()).min().orElse(0);
        long to = shown.stream().mapToLong(e -> e.getValue().endMicros()).max().orElse(from + 1);
        double scale = (WIDTH - 10) / (double) Math.max(1, to - from);
        out.println("<h3>Timeline of the newest attacks</h3><svg id='backscatter-timeline' width='" + WIDTH + "' height='"
                + (shown.size() * LANE + 20) + "' xmlns='http://www.w3.org/2000/svg'>");
        int lane = 0;
        for (Map.Entry<Long, Attack> e : shown) {
            Attack a = e.getValue();
            long x = Math.round((a.startMicros() - from) * scale) + 5;
            long w = Math.max(2, Math.round((a.endMicros() - a.startMicros()) * scale));
            out.println("<a href='?id=" + e.getKey() + "'><rect x='" + x + "' y='" + (lane * LANE + 2) + "' width='" + w + "' height='"
                    + (LANE - 4) + "' fill='#c0392b'><title>" + Html.escape(a.victim()) + ": " + a.packets() + " packets, "
                    + AttackJson.decimal(a.estimatedPps()) + " pps estimated</title></rect></a>");
            lane++;
        }
        out.println("<text x='5' y='" + (lane * LANE + 15) + "' font-size='11'>" + java.time.Instant.ofEpochSecond(from / 1_000_000L)
                + " to " + java.time.Instant.ofEpochSecond(to / 1_000_000L) + "</text></svg>");
    }

    private static void topVictims(PrintWriter out, List<Map.Entry<Long, Attack>> recent) {
        Map<String, long[]> victims = new java.util.HashMap<>();
        for (Map.Entry<Long, Attack> e : recent) {
            victims.merge(e.getValue().victim(), new long[] {1, e.getValue().packets()}, (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]});
        }
        out.println("<h3>Top victims of the newest " + recent.size() + " attacks</h3><table class='nicetable' id='backscatter-victims'>"
                + "<thead><tr><th>victim</th><th>attacks</th><th>packets</th></tr></thead><tbody>");
        victims.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1])).limit(20).forEach(v -> out.println(
                "<tr><td>" + Html.escape(v.getKey()) + "</td><td>" + v.getValue()[0] + "</td><td>" + v.getValue()[1] + "</td></tr>"));
        out.println("</tbody></table>");
    }

    private static void table(PrintWriter out, List<Map.Entry<Long, Attack>> attacks, String id) {
        out.println("<table class='nicetable' id='" + id + "'><thead><tr><th>victim</th><th>protocols</th><th>ports</th><th>start</th>"
                + "<th>end</th><th>packets</th><th>max ppm</th><th>estimated pps</th></tr></thead><tbody>");
        for (Map.Entry<Long, Attack> e : attacks) {
            Attack a = e.getValue();
            String victim = Html.escape(a.victim());
            out.println("<tr><td>" + (e.getKey() > 0 ? "<a href='?id=" + e.getKey() + "'>" + victim + "</a>" : victim) + "</td><td>"
                    + java.util.Arrays.toString(a.protocols()) + "</td><td>" + java.util.Arrays.toString(a.ports()) + "</td><td>"
                    + java.time.Instant.ofEpochSecond(a.startSeconds()) + "</td><td>" + java.time.Instant.ofEpochSecond(a.endSeconds())
                    + "</td><td>" + a.packets() + "</td><td>" + a.maxPerMinute() + "</td><td>" + AttackJson.decimal(a.estimatedPps())
                    + "</td></tr>");
        }
        out.println("</tbody></table>");
    }

    private void detail(PrintWriter out, String id) {
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            out.println("<p>Not an attack number: " + Html.escape(Samples.cut(id)) + "</p>");
            return;
        }
        Attack a = backscatter.attack(n);
        if (a == null) {
            out.println("<p>No attack " + n + " in the store.</p>");
            return;
        }
        out.println("<h3>Attack " + n + " on " + Html.escape(a.victim()) + "</h3><pre id='backscatter-attack'>"
                + Html.escape(backscatter.json(n, a).replace(",\"", ",\n\"")) + "</pre><p><a href='?'>back</a></p>");
    }
}
