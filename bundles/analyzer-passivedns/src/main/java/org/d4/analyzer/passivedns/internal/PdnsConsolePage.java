// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.d4.common.web.Html;
import org.d4.common.web.QueryParameters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code /system/console/pdns}: search the passive DNS store (a page of 100 at a time) and see its counters. */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=pdns",
        "felix.webconsole.title=Passive DNS",
        "felix.webconsole.category=D4" })
public final class PdnsConsolePage extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final int PAGE = 100;

    private final transient PassiveDns pdns;

    @Activate
    public PdnsConsolePage(@Reference PassiveDns pdns) {
        this.pdns = pdns;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String q = QueryParameters.bounded(request, "q", QueryParser.MAX_QUERY_LENGTH);
        String type = QueryParameters.bounded(request, "rrtype", QueryParser.MAX_QUERY_LENGTH);
        String cursor = QueryParameters.bounded(request, "cursor", QueryParser.MAX_QUERY_LENGTH);
        PrintWriter out = response.getWriter();
        Statistics s = pdns.statistics();
        out.println("<p class='statline'>" + s.records() + " records from " + s.lines() + " lines (" + s.malformed() + " malformed, "
                + s.excluded() + " excluded, " + s.imported() + " imported, " + s.expired() + " expired); " + s.sensorLines().size()
                + " sensors" + (s.failure().isEmpty() ? "" : "; store failing: " + Html.escape(s.failure())) + "</p>");
        out.println("<form method='get' action=''><input type='text' name='q' size='50' placeholder='example.com, *.example.com, "
                + "www.example.*, 192.0.2.1, 192.0.2.0/24' value='" + Html.escape(q) + "'> <input type='text' name='rrtype' size='12' "
                + "placeholder='A,AAAA' value='" + Html.escape(type) + "'> <input type='submit' value='Search'></form>");
        if (q.isBlank()) {
            return;
        }
        Map<String, String[]> parameters = new HashMap<>();
        if (!type.isBlank()) {
            parameters.put("rrtype", new String[] {type});
        }
        parameters.put("limit", new String[] {Integer.toString(PAGE)});
        if (!cursor.isBlank()) {
            parameters.put("cursor", new String[] {cursor});
        }
        out.println("<table class='tablesorter nicetable' id='pdns-results'><thead><tr><th>rrname</th><th>rrtype</th><th>rdata</th>"
                + "<th>first seen</th><th>last seen</th><th>count</th><th>sensors</th></tr></thead><tbody>");
        try {
            PassiveDns.Page page = pdns.query(pdns.parser().parse(q, false, parameters, h -> null), (key, v) -> {
                row(out, key, v);
                return true;
            });
            out.println("</tbody></table>");
            out.println("<p>" + page.served() + " records" + (page.nextCursor() == 0 ? "" : " <a href='?q=" + Html.url(q) + "&amp;rrtype="
                    + Html.url(type) + "&amp;cursor=" + page.nextCursor() + "'>next " + PAGE + "</a>") + "</p>");
        } catch (BadRequest e) {
            out.println("</tbody></table><p class='ui-state-error'>" + Html.escape(e.getMessage()) + "</p>");
        }
    }

    private void row(PrintWriter out, byte[] key, RecordValue v) {
        int type = RecordKeys.type(key);
        String name = pdns.types().name(type);
        StringBuilder sensors = new StringBuilder();
        for (int n : v.sensors()) {
            UUID sensor = pdns.sensor(n);
            sensors.append(sensor == null ? "" : sensor + " ");
        }
        out.println("<tr><td>" + Html.escape(RecordKeys.rrname(key)) + "</td><td>" + Html.escape(name != null ? name : Integer.toString(type))
                + "</td><td>" + Html.escape(RecordKeys.rdata(key)) + "</td><td>" + java.time.Instant.ofEpochSecond(v.timeFirst()) + "</td><td>"
                + java.time.Instant.ofEpochSecond(v.timeLast()) + "</td><td>" + v.count() + "</td><td>" + Html.escape(sensors.toString().strip())
                + "</td></tr>");
    }
}
