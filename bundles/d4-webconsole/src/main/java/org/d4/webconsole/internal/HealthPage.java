// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.d4.api.health.HealthReport;
import org.d4.api.health.Problem;
import org.d4.common.web.Html;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code /system/console/d4-health}: everything the appliance could not deploy, configure or start. */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=d4-health",
        "felix.webconsole.title=Health",
        "felix.webconsole.category=D4" })
public final class HealthPage extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient HealthReport health;

    @Activate
    public HealthPage(@Reference HealthReport health) {
        this.health = health;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<Problem> problems = health.problems();
        PrintWriter out = response.getWriter();
        out.println("<p class='statline'>" + (problems.isEmpty()
                ? "No problems: every bundle is active, every component satisfied, every deployed file installed."
                : problems.size() + " problem(s)") + "</p>");
        if (problems.isEmpty()) {
            return;
        }
        out.println("<table class='tablesorter nicetable' id='d4-problems'><thead><tr>"
                + "<th>Kind</th><th>Subject</th><th>Problem</th><th>Since</th></tr></thead><tbody>");
        for (Problem p : problems) {
            out.println("<tr><td>" + Html.escape(p.kind().name().toLowerCase(java.util.Locale.ROOT)) + "</td><td>"
                    + Html.escape(p.subject()) + "</td><td>" + Html.escape(p.message()) + "</td><td>" + p.since() + "</td></tr>");
        }
        out.println("</tbody></table>");
    }
}
