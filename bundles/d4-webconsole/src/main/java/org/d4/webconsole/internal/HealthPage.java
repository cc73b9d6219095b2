// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import org.d4.api.health.HealthReport;
import org.d4.api.health.Problem;
import org.d4.common.web.Html;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code /system/console/d4-health}: everything the appliance could not deploy, configure or start. */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=d4-health", "felix.webconsole.title=Health", "felix.webconsole.category=" + D4Page.CATEGORY })
public final class HealthPage extends D4Page {
    private static final long serialVersionUID = 1L;

    private final transient HealthReport health;

    @Activate
    public HealthPage(@Reference HealthReport health, @Reference ConsoleAudit audit) {
        super("d4-health", "health", audit);
        this.health = health;
    }

    @Override
    void render(HttpServletRequest request, ConsoleUser user, StringBuilder out) {
        List<Problem> problems = health.problems();
        section(out, "d4-problems-card", "Health");
        out.append("<p class='statline'>").append(problems.isEmpty()
                ? Fmt.badge("ok", "healthy") + " No problems: every bundle is active, every component satisfied, every deployed file installed."
                : Fmt.badge("off", problems.size() + " problem(s)")).append("</p>");
        if (!problems.isEmpty()) {
            out.append("<table class='d4-table' id='d4-problems'><thead><tr><th>Kind</th><th>Subject</th><th>Problem</th><th>Since</th></tr></thead><tbody>");
            for (Problem p : problems) {
                out.append("<tr><td>").append(Fmt.esc(p.kind().name().toLowerCase(Locale.ROOT))).append("</td><td>").append(Fmt.esc(p.subject()))
                        .append("</td><td>").append(Fmt.esc(p.message())).append("</td><td>").append(Fmt.time(p.since())).append("</td></tr>");
            }
            out.append("</tbody></table>");
        }
        endSection(out);
    }

    @Override
    String act(String action, Form form, ConsoleUser user, Change change) {
        throw new IllegalArgumentException("the health page has no actions");
    }
}
