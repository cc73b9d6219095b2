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
import java.util.Set;
import org.d4.api.security.Role;
import org.d4.api.security.UserDirectory;
import org.d4.common.web.ApiRequests;
import org.d4.common.web.HttpError;
import org.d4.common.web.RequestBodies;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attacks over HTTPS, read-only: {@code GET /backscatter/attacks} (NDJSON or CSV, paged with
 * a cursor in {@code X-Next-Cursor}), {@code /backscatter/attacks/ongoing}, {@code /backscatter/victims/{ip}},
 * {@code /backscatter/scanners}, {@code /backscatter/info}. Users with the role user or admin, unless
 * anonymous reading is configured. Errors are {@code {"status":"error","reason":...}}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/backscatter/*")
public final class BackscatterServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BackscatterServlet.class);
    static final String NDJSON = "application/x-ndjson";
    private static final long MAX_DRAIN = 1024 * 1024;
    private static final String ROUTES = "GET /backscatter/attacks, /backscatter/attacks/{id}/pcap, /backscatter/attacks/ongoing, /backscatter/victims/{ip}, "
            + "/backscatter/scanners, /backscatter/info";

    private final transient Backscatter backscatter;
    private final transient UserDirectory users;

    @Activate
    public BackscatterServlet(@Reference Backscatter backscatter, @Reference UserDirectory users) {
        this.backscatter = backscatter;
        this.users = users;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = ApiRequests.begin(request, response);
        try {
            ApiRequests.allow("GET", request, response, "/backscatter" + path);
            ApiRequests.authorize(users, request, response, backscatter.anonymousRead(), Role.USER);
            RequestBodies.drain(request, response, MAX_DRAIN);
            Map<String, String[]> p = request.getParameterMap();
            if (path.equals("/attacks")) {
                attacks(response, QueryParameters.attacks(p), QueryParameters.format(p));
            } else if (path.matches("/attacks/[0-9]{1,18}/pcap")) {
                QueryParameters.onlyKnown(p, Set.of());
                pcap(response, Long.parseLong(path.substring("/attacks/".length(), path.length() - "/pcap".length())));
            } else if (path.equals("/attacks/ongoing")) {
                QueryParameters.onlyKnown(p, Set.of());
                lines(response, backscatter.ongoing().stream().map(a -> backscatter.json(0, a)).toList());
            } else if (path.startsWith("/victims/") && path.length() > "/victims/".length()) {
                QueryParameters.onlyKnown(p, Set.of());
                victim(response, path.substring("/victims/".length()));
            } else if (path.equals("/scanners")) {
                QueryParameters.onlyKnown(p, Set.of("limit"));
                int limit = (int) QueryParameters.number(p, "limit", 100, 1, 1000);
                lines(response, backscatter.scanners(limit).stream().map(BackscatterServlet::scanner).toList());
            } else if (path.equals("/info")) {
                QueryParameters.onlyKnown(p, Set.of());
                json(response, 200, info());
            } else {
                throw new HttpError(404, "no such resource: /backscatter" + Samples.cut(path) + " (" + ROUTES + ")");
            }
        } catch (HttpError e) {
            ApiRequests.error(response, e.status(), e.getMessage());
        } catch (BadRequest e) {
            ApiRequests.error(response, 400, e.getMessage());
        } catch (IOException e) {
            LOG.debug("backscatter request {} ended: {}", Samples.cut(request.getRequestURI()), e.toString());
        } catch (RuntimeException e) {
            LOG.error("backscatter request {} failed", Samples.cut(request.getRequestURI()), e);
            ApiRequests.error(response, 500, "internal error; see the appliance log");
        }
    }

    private void attacks(HttpServletResponse response, AttackQuery query, String format) throws IOException {
        AttackStore.Page page = backscatter.attacks(query);
        if (page.next() != 0) {
            response.setHeader("X-Next-Cursor", Long.toString(page.next()));
        }
        response.setStatus(200);
        response.setCharacterEncoding("UTF-8");
        if (format.equals("csv")) {
            response.setContentType("text/csv");
            PrintWriter out = response.getWriter();
            out.print(AttackJson.CSV_HEADER + "\n");
            for (Map.Entry<Long, Attack> e : page.attacks()) {
                out.print(backscatter.csv(e.getKey(), e.getValue()) + "\n");
            }
            out.flush();
            return;
        }
        lines(response, page.attacks().stream().map(e -> backscatter.json(e.getKey(), e.getValue())).toList());
    }

    private void pcap(HttpServletResponse response, long id) throws IOException, HttpError {
        if (backscatter.attack(id) == null) {
            throw new HttpError(404, "no attack " + id);
        }
        response.setStatus(200);
        response.setContentType("application/vnd.tcpdump.pcap");
        response.setHeader("Content-Disposition", "attachment; filename=\"attack-" + id + ".pcap\"");
        try (java.io.OutputStream out = response.getOutputStream()) {
            backscatter.pcap(id, out);
        }
    }

    private void victim(HttpServletResponse response, String address) throws IOException, BadRequest {
        long[] a;
        try {
            a = Addresses.parse(address);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(Samples.cut(e.getMessage()));
        }
        Prefix one = Prefix.parse(Addresses.format(a[0], a[1]));
        AttackStore.Page page = backscatter.attacks(new AttackQuery(Long.MIN_VALUE, Long.MAX_VALUE, one, 0, 0, -1, AttackQuery.MAX_LIMIT, 0));
        String victim = Addresses.format(a[0], a[1]);
        StringBuilder s = new StringBuilder("{\"victim\":\"").append(victim).append("\",\"attacks\":[");
        String separator = "";
        for (Map.Entry<Long, Attack> e : page.attacks()) {
            s.append(separator).append(backscatter.json(e.getKey(), e.getValue()));
            separator = ",";
        }
        s.append("],\"ongoing\":");
        Attack ongoing = backscatter.ongoing().stream().filter(o -> o.victim().equals(victim)).findFirst().orElse(null);
        s.append(ongoing == null ? "null" : backscatter.json(0, ongoing)).append('}');
        json(response, 200, s.toString());
    }

    private String info() {
        StringBuilder s = new StringBuilder("{\"software\":\"d4-analyzer-backscatter\",\"version\":\"").append(backscatter.version())
                .append("\",\"monitored_prefixes\":[");
        List<String> prefixes = backscatter.monitoredPrefixes();
        for (int i = 0; i < prefixes.size(); i++) {
            s.append(i == 0 ? "" : ",").append('"').append(prefixes.get(i)).append('"');
        }
        s.append("],\"counters\":{");
        String separator = "";
        for (Map.Entry<String, Long> e : backscatter.counters().entrySet()) {
            s.append(separator).append('"').append(e.getKey()).append("\":").append(e.getValue());
            separator = ",";
        }
        return s.append("}}").toString();
    }

    static String scanner(ScannerTable.Row r) {
        StringBuilder ports = new StringBuilder();
        for (int p : r.ports()) {
            ports.append(ports.length() == 0 ? "" : ",").append(p);
        }
        return "{\"source\":\"" + r.source() + "\",\"destinations\":" + r.destinations() + ",\"packets\":" + r.packets()
                + ",\"mirai_packets\":" + r.miraiPackets() + ",\"ports\":[" + ports + "],\"first\":" + r.first() + ",\"last\":" + r.last() + "}";
    }

    private static void lines(HttpServletResponse response, List<String> lines) throws IOException {
        response.setStatus(200);
        response.setContentType(NDJSON);
        response.setCharacterEncoding("UTF-8");
        PrintWriter out = response.getWriter();
        for (String l : lines) {
            out.print(l);
            out.print('\n');
        }
        out.flush();
    }

    private static void json(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().print(body);
        response.getWriter().flush();
    }
}
