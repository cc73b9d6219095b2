// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import org.d4.common.Samples;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.d4.api.security.Role;
import org.d4.api.security.UserDirectory;
import org.d4.common.web.MediaTypes;
import org.d4.common.web.ApiRequests;
import org.d4.common.web.HttpError;
import org.d4.common.web.RequestBodies;
import org.d4.common.web.SameOrigin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The COF query server under {@code /pdns}: {@code GET /pdns/query/{q}}, {@code GET /pdns/fquery/{q}},
 * {@code GET /pdns/info}, and {@code POST /pdns/import} (administrators) for COF dumps. Reading needs
 * the role user (or admin) unless anonymous reading is configured. An import must come from no other
 * site ({@link SameOrigin}) and be declared NDJSON or JSON. Errors are
 * {@code {"status":"error","reason":...}} with 400, 401, 403, 404, 405, 413, 415 or 503.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/pdns/*")
public final class PdnsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PdnsServlet.class);
    static final String NDJSON = "application/x-ndjson";
    /** What an import body may be declared as: a form or text/plain is what another site's page sends unasked. */
    static final java.util.List<String> IMPORT_TYPES = java.util.List.of(NDJSON, "application/json");
    /** A page of a paged query is held in memory until complete; beyond this it ends early (the cursor goes on). */
    static final int MAX_PAGE_BYTES = 1024 * 1024;
    /**
     * What is read of a refused request's body, so that its client gets the answer (an upload over
     * the limit included: 413, not a reset); beyond this the connection closes after the answer.
     */
    static final long MAX_DRAIN = 16L * 1024 * 1024;

    private final transient PassiveDns pdns;
    private final transient UserDirectory users;
    private final transient JsonFactory json = new JsonFactory();

    @Activate
    public PdnsServlet(@Reference PassiveDns pdns, @Reference UserDirectory users) {
        this.pdns = pdns;
        this.users = users;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = ApiRequests.begin(request, response);
        try {
            Route route = Route.of(path);
            if (route == Route.NONE) {
                throw new HttpError(404, "no such resource: /pdns" + Samples.cut(path)
                        + " (GET /pdns/query/{q}, GET /pdns/fquery/{q}, GET /pdns/info, POST /pdns/import)");
            }
            ApiRequests.allow(route.method, request, response, "/pdns" + path);
            ApiRequests.sameOrigin(request);
            ApiRequests.authorize(users, request, response, route != Route.IMPORT && pdns.anonymousRead(), route == Route.IMPORT ? Role.ADMIN : Role.USER);
            if (route == Route.IMPORT && !IMPORT_TYPES.stream().anyMatch(t -> MediaTypes.is(request.getContentType(), t))) {
                throw new HttpError(415, "a COF dump is sent with Content-Type: " + NDJSON + " (or application/json), for example "
                        + "curl -H 'Content-Type: " + NDJSON + "' --data-binary @dump.json");
            }
            switch (route) {
                case QUERY, FQUERY -> query(request, response, path.substring(route.prefix.length()), route == Route.FQUERY);
                case INFO -> info(response);
                case IMPORT -> upload(request, response);
                default -> throw new IllegalStateException(route.name());
            }
        } catch (HttpError e) {
            RequestBodies.drain(request, response, MAX_DRAIN);
            ApiRequests.error(response, e.status(), e.getMessage());
        } catch (BadRequest e) {
            RequestBodies.drain(request, response, MAX_DRAIN);
            ApiRequests.error(response, 400, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ApiRequests.error(response, 503, "interrupted");
        } catch (IOException e) {
            LOG.debug("pdns request {} ended: {}", Samples.cut(request.getRequestURI()), e.toString());   // mostly a client gone away
        } catch (RuntimeException e) {
            LOG.error("pdns request {} {} failed", request.getMethod(), Samples.cut(request.getRequestURI()), e);
            ApiRequests.error(response, 500, "internal error; see the appliance log");
        }
    }

    private void query(HttpServletRequest request, HttpServletResponse response, String target, boolean full) throws IOException, BadRequest {
        QueryParser.Request parsed = pdns.parser().parse(target, full, request.getParameterMap(), request::getHeader);
        RequestBodies.drain(request, response, MAX_DRAIN);     // a GET with a body: read before answering
        response.setStatus(200);
        response.setContentType(NDJSON);
        if (parsed.limit() == Long.MAX_VALUE && parsed.cursor() == 0) {
            try (OutputStream out = response.getOutputStream(); CofWriter writer = pdns.cofWriter(out)) {
                pdns.query(parsed, writer);          // unpaged: streamed as found, any size
            }
            return;
        }
        PageBuffer page = new PageBuffer(pdns, MAX_PAGE_BYTES);
        PassiveDns.Page served = pdns.query(parsed, page);
        if (served.nextCursor() != 0) {
            response.setHeader("x-dribble-cursor", Long.toString(served.nextCursor()));
        }
        response.setContentLength(page.size());
        try (OutputStream out = response.getOutputStream()) {
            page.writeTo(out);
        }
    }

    private void info(HttpServletResponse response) throws IOException {
        Statistics s = pdns.statistics();
        response.setStatus(200);
        response.setContentType("application/json");
        try (JsonGenerator out = json.createGenerator(response.getOutputStream())) {
            out.writeStartObject();
            out.writeStringField("software", PassiveDnsAnalyzer.SOFTWARE);
            out.writeStringField("version", s.version());
            out.writeNumberField("processed", s.lines());
            out.writeNumberField("records", s.records());
            out.writeNumberField("imported", s.imported());
            out.writeNumberField("malformed", s.malformed());
            out.writeNumberField("excluded", s.excluded());
            out.writeNumberField("expired", s.expired());
            out.writeStringField("status", s.failure().isEmpty() ? "ok" : "failing: " + s.failure());
            out.writeObjectFieldStart("sensors");
            for (Map.Entry<String, Long> e : s.sensorLines().entrySet()) {
                out.writeNumberField(e.getKey(), e.getValue());
            }
            out.writeEndObject();
            out.writeEndObject();
        }
    }

    private void upload(HttpServletRequest request, HttpServletResponse response) throws IOException, InterruptedException, HttpError {
        long max = pdns.importMaxBytes();
        if (request.getContentLengthLong() > max) {
            throw new HttpError(413, "upload larger than " + max + " bytes (import.max.mb)");
        }
        // not closed here: an upload refused half-way is drained after this (RequestBodies.drain)
        CofImporter.Outcome outcome;
        try {
            outcome = pdns.importCof(request.getInputStream(), max);
        } catch (BadRequest e) {       // a body without a length that went on past the limit
            throw new HttpError(413, e.getMessage() + " (import.max.mb); the lines before the limit were imported");
        }
        response.setStatus(200);
        response.setContentType("application/json");
        try (JsonGenerator out = json.createGenerator(response.getOutputStream())) {
            out.writeStartObject();
            out.writeNumberField("lines", outcome.lines());
            out.writeNumberField("imported", outcome.imported());
            out.writeNumberField("malformed", outcome.malformed());
            if (!outcome.firstError().isEmpty()) {
                out.writeStringField("first_error", outcome.firstError());
            }
            out.writeEndObject();
        }
    }

    /** The resources under /pdns. */
    private enum Route {
        QUERY("GET", "/query/"), FQUERY("GET", "/fquery/"), INFO("GET", "/info"), IMPORT("POST", "/import"), NONE("", "");

        final String method;
        final String prefix;

        Route(String method, String prefix) {
            this.method = method;
            this.prefix = prefix;
        }

        static Route of(String path) {
            if (path.startsWith(QUERY.prefix)) {
                return QUERY;
            }
            if (path.startsWith(FQUERY.prefix)) {
                return FQUERY;
            }
            if (path.equals(INFO.prefix) || path.equals(INFO.prefix + "/")) {
                return INFO;
            }
            return path.equals(IMPORT.prefix) ? IMPORT : NONE;
        }
    }
}
