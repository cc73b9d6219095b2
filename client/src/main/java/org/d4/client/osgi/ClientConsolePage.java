// SPDX-License-Identifier: Apache-2.0
package org.d4.client.osgi;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The web console page D4 &gt; Sensor streams: each stream's state and counters. */
@Component(service = Servlet.class, property = {"felix.webconsole.label=d4-client", "felix.webconsole.title=Sensor streams",
        "felix.webconsole.category=D4"})
public final class ClientConsolePage extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private transient volatile List<SensorStream> streams = List.of();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("<table class='content' id='d4-client-streams'><tr><th>Stream</th><th>What</th><th>State</th><th>Frames</th>"
                + "<th>Bytes</th><th>Reconnects</th><th>Last error</th></tr>");
        for (SensorStream s : streams) {
            var c = s.counters();
            out.printf("<tr><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td></tr>%n", escape(s.name()),
                    escape(s.describe()), escape(c.state()), c.frames(), c.bytes(), c.reconnects(), escape(c.lastError() == null ? "" : c.lastError()));
        }
        out.println("</table>");
        if (streams.isEmpty()) {
            out.println("<p>No sensor stream: add a configuration of <b>D4 sensor stream</b> (factory PID d4.client) on the Configuration page.</p>");
        }
    }

    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
