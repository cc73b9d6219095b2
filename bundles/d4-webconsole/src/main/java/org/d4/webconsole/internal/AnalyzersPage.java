// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.d4.api.analyzer.AnalyzerCatalog;
import org.d4.api.analyzer.AnalyzerStatus;
import org.d4.api.queue.FeedSource;
import org.d4.api.queue.FeedStatus;
import org.d4.api.queue.QueueFeed;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code d4-analyzers}: the deployed (and departed) analyzers, their queue, rate, lag, errors and dead letters. */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + AnalyzersPage.LABEL, "felix.webconsole.title=Analyzers", "felix.webconsole.category=" + D4Page.CATEGORY })
public final class AnalyzersPage extends D4Page {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "d4-analyzers";

    // optional: the page says so when the analyzer host is not deployed
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile AnalyzerCatalog catalog;
    // what fills the queues from outside (the Kafka intake of an analysis appliance), if anything
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private transient volatile List<QueueFeed> feeds = List.of();

    @Activate
    public AnalyzersPage(@Reference ConsoleAudit audit) {
        super(LABEL, "analyzer", audit);
    }

    @Override
    void render(HttpServletRequest request, ConsoleUser user, StringBuilder out) {
        AnalyzerCatalog analyzers = catalog;
        if (analyzers == null) {
            out.append("<div class='d4-flash d4-flash-error'>The analyzer host (bundle d4-analyzer-host) is not running.</div>");
            return;
        }
        String name = request.getParameter("name");
        if (name != null) {
            detail(analyzers, name, user, out);
            return;
        }
        section(out, "d4-analyzer-list", "Analyzers");
        List<AnalyzerStatus> all = analyzers.analyzers();
        if (all.isEmpty()) {
            out.append("<p class='d4-muted'>No analyzer is deployed. Copy an analyzer bundle from <code>analyzers/</code> into <code>deploy/</code>.</p>");
        } else {
            out.append("<table class='d4-table' id='d4-analyzer-table'><thead><tr><th>Analyzer</th><th>State</th><th>Bundle</th><th>Queue</th>"
                    + "<th class='num'>Lag</th><th class='num'>Items/s</th><th class='num'>Delivered</th><th class='num'>Failures</th>"
                    + "<th class='num'>Dead letters</th><th>Last error</th><th>Last delivery</th><th>Details</th><th></th></tr></thead><tbody>");
            for (AnalyzerStatus a : all) {
                out.append("<tr><td><a href='").append(LABEL).append("?name=").append(Fmt.esc(java.net.URLEncoder.encode(a.name(),
                        java.nio.charset.StandardCharsets.UTF_8))).append("'>").append(Fmt.esc(a.name())).append("</a></td><td>")
                        .append(a.deployed() ? Fmt.badge("ok", "deployed") : Fmt.badge("off", "away")).append("</td><td>").append(bundleLink(a))
                        .append("</td><td><a class='d4-uuid' href='d4-queues?queue=").append(a.queue()).append("'>").append(a.queue().toString(), 0, 8)
                        .append("</a></td><td class='num'>").append(Fmt.number(a.lag())).append("</td><td class='num'>")
                        .append(String.format(Locale.ROOT, "%.1f", a.itemsPerSecond())).append("</td><td class='num'>").append(Fmt.number(a.delivered()))
                        .append("</td><td class='num'>").append(Fmt.number(a.failures())).append("</td><td class='num'>").append(Fmt.number(a.deadLetters()))
                        .append("</td><td class='d4-error'>").append(Fmt.esc(a.lastError().orElse(""))).append("</td><td>").append(Fmt.time(a.lastDelivery()))
                        .append("</td><td class='d4-details'>").append(details(a, "; ")).append("</td><td><a href='configMgr'>Configuration</a></td></tr>");
            }
            out.append("</tbody></table>");
        }
        endSection(out);
        for (QueueFeed feed : feeds) {
            feed(feed.status(), out);
        }
    }

    /** A feed's topics: how far behind this appliance is in each and how fast it takes. */
    private void feed(FeedStatus f, StringBuilder out) {
        section(out, "d4-feed", "Fed by " + f.name());
        out.append("<p>").append(Fmt.esc(f.origin())).append(f.problem().map(p -> " " + Fmt.badge("error", "failing") + " <span class='d4-error'>"
                + Fmt.esc(p) + "</span>").orElse("")).append("</p>");
        out.append("<table class='d4-table d4-feed-table'><thead><tr><th>Topic</th><th>Data</th><th class='num'>Partitions here</th>"
                + "<th class='num'>Lag</th><th class='num'>Units/s</th><th class='num'>Taken</th></tr></thead><tbody>");
        for (FeedSource s : f.sources()) {
            out.append("<tr><td>").append(Fmt.esc(s.name())).append("</td><td>").append(Fmt.esc(s.data().key())).append("</td><td class='num'>")
                    .append(s.partitions()).append("</td><td class='num'>").append(s.lag() < 0 ? "?" : Fmt.number(s.lag())).append("</td><td class='num'>")
                    .append(String.format(Locale.ROOT, "%.1f", s.unitsPerSecond())).append("</td><td class='num'>").append(Fmt.number(s.taken()))
                    .append("</td></tr>");
        }
        out.append("</tbody></table>");
        f.details().forEach((k, v) -> out.append("<p class='d4-details'>").append(Fmt.esc(k)).append(": ").append(Fmt.esc(v.toString())).append("</p>"));
        endSection(out);
    }

    /** The analyzer's own counters and state, e.g. an exporter's written, failures, reconnects. */
    private static String details(AnalyzerStatus a, String separator) {
        StringBuilder out = new StringBuilder();
        a.details().forEach((k, v) -> out.append(out.isEmpty() ? "" : separator).append(Fmt.esc(k)).append(": ")
                .append(Fmt.esc(v instanceof Number n && !(v instanceof Double) ? Fmt.number(n.longValue()) : v.toString())));
        return out.toString();
    }

    private static String bundleLink(AnalyzerStatus a) {
        return a.bundleId() < 0 ? "<span class='d4-muted'>not deployed</span>"
                : "<a href='bundles/" + a.bundleId() + "'>" + Fmt.esc(a.bundle()) + "</a>";
    }

    private void detail(AnalyzerCatalog analyzers, String name, ConsoleUser user, StringBuilder out) {
        out.append("<p><a href='").append(LABEL).append("'>&larr; all analyzers</a></p>");
        Optional<AnalyzerStatus> found = analyzers.analyzer(name);
        if (found.isEmpty()) {
            out.append("<div class='d4-flash d4-flash-error'>No analyzer ").append(Fmt.esc(name)).append(".</div>");
            return;
        }
        AnalyzerStatus a = found.get();
        out.append("<h1 class='d4-title'>Analyzer ").append(Fmt.esc(a.name())).append(' ')
                .append(a.deployed() ? Fmt.badge("ok", "deployed") : Fmt.badge("off", "away")).append("</h1>");
        section(out, "d4-analyzer-info", "Status");
        out.append("<table class='d4-kv'><tr><th>Bundle</th><td>").append(bundleLink(a)).append("</td></tr><tr><th>Queue</th><td><a href='d4-queues?queue=")
                .append(a.queue()).append("'>").append(a.queue()).append("</a></td></tr><tr><th>Lag</th><td>").append(Fmt.number(a.lag()))
                .append("</td></tr><tr><th>Delivered / failures</th><td>").append(Fmt.number(a.delivered())).append(" / ").append(Fmt.number(a.failures()))
                .append("</td></tr><tr><th>Last error</th><td>").append(Fmt.esc(a.lastError().orElse("none"))).append("</td></tr>");
        a.details().forEach((k, v) -> out.append("<tr><th>").append(Fmt.esc(k)).append("</th><td>").append(Fmt.esc(v.toString())).append("</td></tr>"));
        out.append("</table>")
                .append("<p><a href='components'>Components</a> · <a href='configMgr'>Configuration</a></p>");
        endSection(out);
        DeadLetterSection.render(out, user, analyzers.deadLetters(a.name(), 100), LABEL, "name", a.name());
    }

    @Override
    String act(String action, Form form, ConsoleUser user, Change change) {
        AnalyzerCatalog analyzers = catalog;
        if (analyzers == null) {
            throw new IllegalArgumentException("the analyzer host is not running");
        }
        String name = form.text("name");
        change.target = name;
        change.back = "?name=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
        return switch (action) {
            case "replay" -> Fmt.number(analyzers.replay(name, form.ids("ids"))) + " dead letters of " + name + " queued again.";
            case "discard" -> Fmt.number(analyzers.discard(name, form.ids("ids"))) + " dead letters of " + name + " discarded.";
            default -> throw new IllegalArgumentException("unknown action: " + action);
        };
    }
}
