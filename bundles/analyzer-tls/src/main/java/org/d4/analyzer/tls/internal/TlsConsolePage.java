// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.d4.common.web.Html;
import org.d4.common.web.QueryParameters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /system/console/d4-tls}: the counters, a search (as the {@code /tls} queries, 50 a page),
 * the most frequent JA3, JA3S and JA4, the fingerprints first seen today, the certificates seen
 * that expire within 30 days (or have) and the self-signed ones, and the export links.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=d4-tls",
        "felix.webconsole.title=TLS fingerprints",
        "felix.webconsole.category=D4" })
public final class TlsConsolePage extends HttpServlet {
    /** Longest search accepted from the form; longer input is cut. */
    private static final int MAX_QUERY = 1000;
    private static final long serialVersionUID = 1L;
    static final int TOP = 10;
    static final int LIST = 50;
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient TlsFingerprints tls;

    @Activate
    public TlsConsolePage(@Reference TlsFingerprints tls) {
        this.tls = tls;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = response.getWriter();
        Map<String, Long> c = tls.counters();
        out.println("<p class='statline' id='d4-tls-counters'>" + c.getOrDefault("handshakes", 0L) + " handshakes; "
                + c.getOrDefault("fingerprints.ja3", 0L) + " JA3, " + c.getOrDefault("fingerprints.ja3s", 0L) + " JA3S, "
                + c.getOrDefault("fingerprints.ja4", 0L) + " JA4, " + c.getOrDefault("certificates", 0L) + " certificates; "
                + c.getOrDefault("malformed", 0L) + " malformed lines. Everything as CSV or NDJSON: <code>GET /tls/export?format=csv</code> "
                + "(or <code>json</code>) with an API token.</p>");
        search(request, out);
        Overview overview = tls.overview();
        for (FingerprintKey.Kind kind : List.of(FingerprintKey.Kind.JA3, FingerprintKey.Kind.JA3S, FingerprintKey.Kind.JA4)) {
            out.println("<h3>Most frequent " + kind.name() + "</h3>");
            fingerprints(out, "d4-tls-top-" + kind.id(), overview.top(kind, TOP));
        }
        long today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        out.println("<h3>First seen today</h3>");
        fingerprints(out, "d4-tls-new", overview.firstSeenSince(today, LIST));
        out.println("<h3>Certificates expiring within " + EXPIRY_WARNING.toDays() + " days, or expired</h3>");
        certificates(out, "d4-tls-expiring", overview.certificates(Overview.expiringBefore(Instant.now().plus(EXPIRY_WARNING)), LIST));
        out.println("<h3>Self-signed certificates</h3>");
        certificates(out, "d4-tls-self-signed", overview.certificates(ci -> ci.selfSigned(), LIST));
    }

    private void search(HttpServletRequest request, PrintWriter out) throws IOException {
        String kind = QueryParameters.bounded(request, "kind", MAX_QUERY);
        String q = QueryParameters.bounded(request, "q", MAX_QUERY);
        out.print("<form method='get' action=''><select name='kind'>");
        for (String k : List.of("ja3", "ja3s", "ja4", "certificate", "ip", "sni")) {
            out.print("<option value='" + k + "'" + (k.equals(kind) ? " selected" : "") + ">" + k + "</option>");
        }
        out.println("</select> <input type='text' name='q' size='60' placeholder='an MD5, a JA4, a SHA-1 or SHA-256, 192.0.2.0/24, "
                + "*.example.com' value='" + Html.escape(q) + "'> <input type='submit' value='Search'></form>");
        if (q.isBlank()) {
            return;
        }
        Query.Kind queryKind = switch (kind) {
            case "ja3s" -> Query.Kind.JA3S;
            case "ja4" -> Query.Kind.JA4;
            case "certificate" -> Query.Kind.CERTIFICATE;
            case "ip" -> Query.Kind.ADDRESS;
            case "sni" -> Query.Kind.NAME;
            default -> Query.Kind.JA3;
        };
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        try {
            tls.query(tls.parser().parse(queryKind, q.trim(), Map.of("limit", new String[] {Integer.toString(LIST)})), answers);
        } catch (Malformed e) {
            out.println("<p class='ui-state-error' id='d4-tls-error'>" + Html.escape(e.getMessage()) + "</p>");
            return;
        }
        out.println("<table class='tablesorter nicetable' id='d4-tls-results'><thead><tr><th>kind</th><th>fingerprint</th><th>detail</th>"
                + "<th>count</th><th>first seen</th><th>last seen</th><th>labels</th></tr></thead><tbody>");
        int rows = 0;
        for (String line : answers.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode a = JSON.readTree(line);
            String detail = a.path("ja3").asText(a.path("ja3s").asText(a.path("subject").asText("")));
            out.println("<tr><td>" + Html.escape(a.path("kind").asText()) + "</td><td>" + Html.escape(a.path("fingerprint").asText())
                    + "</td><td>" + Html.escape(detail) + "</td><td>" + a.path("count").asLong() + "</td><td>"
                    + Instant.ofEpochSecond(a.path("first_seen").asLong()) + "</td><td>" + Instant.ofEpochSecond(a.path("last_seen").asLong())
                    + "</td><td>" + Html.escape(a.path("labels").toString()) + "</td></tr>");
            rows++;
        }
        out.println("</tbody></table><p>" + rows + " answers" + (rows == LIST ? " (the first " + LIST + "; the REST API pages further)" : "")
                + "</p>");
    }

    private void fingerprints(PrintWriter out, String id, List<Overview.Ranked> list) {
        out.println("<table class='tablesorter nicetable' id='" + id + "'><thead><tr><th>fingerprint</th><th>detail</th><th>count</th>"
                + "<th>first seen</th><th>last seen</th><th>sensors</th><th>top server name</th><th>labels</th></tr></thead><tbody>");
        for (Overview.Ranked r : list) {
            Summary s = r.summary();
            String kind = r.key().kind().id();
            String name = s.names.sorted().isEmpty() ? "" : s.names.sorted().get(0).value();
            out.println("<tr><td><a href='?kind=" + kind + "&amp;q=" + Html.url(r.key().value()) + "'>" + Html.escape(r.key().value())
                    + "</a></td><td>" + Html.escape(s.detail) + "</td><td>" + s.count + "</td><td>" + Instant.ofEpochSecond(s.first) + "</td><td>"
                    + Instant.ofEpochSecond(s.last) + "</td><td>" + s.sensors.size() + "</td><td>" + Html.escape(name) + "</td><td>"
                    + Html.escape(String.join(", ", tls.labels().of(r.key().value()))) + "</td></tr>");
        }
        out.println("</tbody></table>");
    }

    private void certificates(PrintWriter out, String id, List<Overview.CertificateRow> list) {
        out.println("<table class='tablesorter nicetable' id='" + id + "'><thead><tr><th>SHA-1</th><th>subject</th><th>issuer</th>"
                + "<th>not after</th><th>seen</th><th>last seen</th><th>labels</th></tr></thead><tbody>");
        for (Overview.CertificateRow r : list) {
            Summary s = r.summary();
            out.println("<tr><td><a href='?kind=certificate&amp;q=" + r.info().sha1() + "'>" + r.info().sha1() + "</a></td><td>"
                    + Html.escape(r.info().subject()) + "</td><td>" + Html.escape(r.info().issuer()) + "</td><td>" + r.info().notAfter() + "</td><td>"
                    + (s == null ? 0 : s.count) + "</td><td>" + (s == null ? "" : Instant.ofEpochSecond(s.last)) + "</td><td>"
                    + Html.escape(String.join(", ", tls.labels().of(r.info().sha1()))) + "</td></tr>");
        }
        out.println("</tbody></table>");
    }
}
