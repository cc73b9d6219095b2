// SPDX-License-Identifier: Apache-2.0
package org.d4.alerts.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.d4.api.alert.Alert;
import org.d4.api.alert.AlertService;
import org.d4.common.web.Html;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /system/console/d4-alerts}: the active alerts, then the history (100 a page, newest
 * first). The notifiers' settings are on the Configuration page (their factory PIDs).
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=d4-alerts",
        "felix.webconsole.title=Alerts",
        "felix.webconsole.category=D4" })
public final class AlertsConsolePage extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final int PAGE = 100;

    private final transient AlertService alerts;

    @Activate
    public AlertsConsolePage(@Reference AlertService alerts) {
        this.alerts = alerts;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long before = parse(request.getParameter("before"));
        PrintWriter out = response.getWriter();
        List<Alert> active = alerts.active();
        out.println("<h3>Active alerts</h3>");
        if (active.isEmpty()) {
            out.println("<p id='d4-alerts-none'>No active alerts.</p>");
        } else {
            table(out, "d4-alerts-active", active);
        }
        List<Alert> history = alerts.history(before, PAGE);
        out.println("<h3>History</h3>");
        table(out, "d4-alerts-history", history);
        if (history.size() == PAGE) {
            out.println("<p><a id='d4-alerts-older' href='?before=" + history.get(PAGE - 1).sequence() + "'>Older</a></p>");
        }
        out.println("<p class='d4-muted'>Thresholds: PID d4.alerts; delivery by mail, webhook and syslog: the notifier configurations"
                + " (d4.notify.mail, d4.notify.webhook, d4.notify.syslog) on the Configuration page.</p>");
    }

    private static void table(PrintWriter out, String id, List<Alert> list) {
        out.println("<table class='tablesorter nicetable' id='" + id + "'><thead><tr><th>#</th><th>state</th><th>kind</th><th>severity</th>"
                + "<th>subject</th><th>raised</th><th>resolved</th><th>message</th></tr></thead><tbody>");
        for (Alert a : list) {
            out.println("<tr class='d4-alert-" + (a.active() ? "active" : "resolved") + "'><td>" + a.sequence() + "</td><td>"
                    + (a.active() ? "active" : "resolved") + "</td><td>" + a.kind().topicName() + "</td><td>" + a.severity().lowerName()
                    + "</td><td>" + Html.escape(a.subject()) + "</td><td>" + a.raised() + "</td><td>"
                    + a.resolved().map(Object::toString).orElse("") + "</td><td>" + Html.escape(a.message()) + "</td></tr>");
        }
        out.println("</tbody></table>");
    }

    private static long parse(String value) {
        try {
            return value == null || value.isBlank() ? Long.MAX_VALUE : Math.max(1, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
