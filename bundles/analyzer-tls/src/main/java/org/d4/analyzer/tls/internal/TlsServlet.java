// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import org.d4.common.Samples;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
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
 * The TLS query server under {@code /tls}: {@code GET ja3/{md5}}, {@code ja3s/{md5}}, {@code ja4/{ja4}},
 * {@code certificate/{sha1|sha256}} (and {@code .pem}, {@code .der}), {@code ip/{address|network}},
 * {@code sni/{name|*.name}}, {@code new?since=}, {@code info}, {@code labels}; {@code POST labels}
 * and {@code DELETE labels/{fingerprint}} for administrators. Answers are NDJSON; a paged answer
 * ({@code limit}, {@code cursor}) gives the next page's cursor in {@code x-cursor}. Errors are
 * {@code {"status":"error","reason":...}} with 400, 401, 403, 404, 405 or 415.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/tls/*")
public final class TlsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TlsServlet.class);
    static final String NDJSON = "application/x-ndjson";
    /** The most answers a paged request gets; its cursor goes on from there. */
    static final long MAX_PAGE = 10_000;
    static final int MAX_LABEL_BODY = 4096;
    static final long MAX_DRAIN = 1024 * 1024;
    static final String ROUTES = "GET /tls/{ja3,ja3s,ja4,certificate,ip,sni}/{value}, /tls/new?since=, /tls/info, /tls/labels, "
            + "/tls/export?format=json|csv&kind=; "
            + "POST /tls/labels; DELETE /tls/labels/{fingerprint}";

    private final transient TlsFingerprints tls;
    private final transient UserDirectory users;
    private final transient JsonFactory json = new JsonFactory();
    private final transient ObjectMapper mapper = new ObjectMapper();

    @Activate
    public TlsServlet(@Reference TlsFingerprints tls, @Reference UserDirectory users) {
        this.tls = tls;
        this.users = users;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = ApiRequests.begin(request, response);
        String method = request.getMethod();
        try {
            String[] parts = path.length() > 1 ? path.substring(1).split("/", 2) : new String[] {""};
            String route = parts[0];
            String rest = parts.length > 1 ? parts[1] : "";
            boolean labels = route.equals("labels");
            String allowed = labels ? (rest.isEmpty() ? "GET, POST" : "DELETE") : "GET";
            if (!labels && !Map.of("ja3", 1, "ja3s", 1, "ja4", 1, "certificate", 1, "ip", 1, "sni", 1, "new", 1, "info", 1, "export", 1).containsKey(route)) {
                throw new HttpError(404, "no such resource: /tls" + Samples.cut(path) + " (" + ROUTES + ")");
            }
            ApiRequests.allow(allowed, request, response, "/tls" + path);
            ApiRequests.sameOrigin(request);
            boolean changing = SameOrigin.stateChanging(method);
            ApiRequests.authorize(users, request, response, !changing && tls.anonymousRead(), changing ? Role.ADMIN : Role.USER);
            switch (route) {
                case "info" -> info(response);
                case "export" -> export(request, response, rest);
                case "labels" -> labels(request, response, method, rest);
                case "certificate" -> certificate(request, response, rest);
                default -> query(request, response, kind(route), rest);
            }
        } catch (HttpError e) {
            RequestBodies.drain(request, response, MAX_DRAIN);
            ApiRequests.error(response, e.status(), e.getMessage());
        } catch (Malformed e) {
            RequestBodies.drain(request, response, MAX_DRAIN);
            ApiRequests.error(response, 400, e.getMessage());
        } catch (IOException e) {
            LOG.debug("tls request {} ended: {}", Samples.cut(request.getRequestURI()), e.toString());
        } catch (RuntimeException e) {
            LOG.error("tls request {} {} failed", method, Samples.cut(request.getRequestURI()), e);
            ApiRequests.error(response, 500, "internal error; see the appliance log");
        }
    }

    private static Query.Kind kind(String route) {
        return switch (route) {
            case "ja3" -> Query.Kind.JA3;
            case "ja3s" -> Query.Kind.JA3S;
            case "ja4" -> Query.Kind.JA4;
            case "ip" -> Query.Kind.ADDRESS;
            case "sni" -> Query.Kind.NAME;
            default -> Query.Kind.NEW;
        };
    }

    private void query(HttpServletRequest request, HttpServletResponse response, Query.Kind kind, String target) throws IOException, Malformed {
        QueryParser.Request parsed = tls.parser().parse(kind, target, request.getParameterMap());
        RequestBodies.drain(request, response, MAX_DRAIN);
        response.setStatus(200);
        response.setContentType(NDJSON);
        if (parsed.limit() == Long.MAX_VALUE && parsed.cursor() == 0) {
            try (OutputStream out = response.getOutputStream()) {
                tls.query(parsed, out);         // unpaged: streamed as found
            }
            return;
        }
        ByteArrayOutputStream page = new ByteArrayOutputStream();
        TlsFingerprints.Page served = tls.query(new QueryParser.Request(parsed.query(), Math.min(parsed.limit(), MAX_PAGE), parsed.cursor()), page);
        if (served.nextCursor() != 0) {
            response.setHeader("x-cursor", Long.toString(served.nextCursor()));
        }
        response.setContentLength(page.size());
        try (OutputStream out = response.getOutputStream()) {
            page.writeTo(out);
        }
    }

    private void certificate(HttpServletRequest request, HttpServletResponse response, String target) throws IOException, Malformed, HttpError {
        String format = target.endsWith(".pem") ? "pem" : target.endsWith(".der") ? "der" : null;
        if (format == null) {
            query(request, response, Query.Kind.CERTIFICATE, target);
            return;
        }
        if (!request.getParameterMap().isEmpty()) {
            throw new Malformed(".pem and .der take no parameters");
        }
        String digest = target.substring(0, target.length() - 4);
        QueryParser.Request parsed = tls.parser().parse(Query.Kind.CERTIFICATE, digest, Map.of());
        byte[] der = tls.certificate(parsed.query().target());
        if (der == null) {
            throw new HttpError(404, "no certificate " + parsed.query().target());
        }
        response.setStatus(200);
        if (format.equals("der")) {
            response.setContentType("application/pkix-cert");
            response.setContentLength(der.length);
            response.getOutputStream().write(der);
        } else {
            response.setContentType("application/x-pem-file");
            String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END CERTIFICATE-----\n";
            response.getOutputStream().write(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    private void labels(HttpServletRequest request, HttpServletResponse response, String method, String fingerprint)
            throws IOException, Malformed, HttpError {
        switch (method) {
            case "GET" -> {
                response.setStatus(200);
                response.setContentType("application/json");
                try (JsonGenerator out = json.createGenerator(response.getOutputStream())) {
                    out.writeStartObject();
                    for (Map.Entry<String, String> e : tls.labels().all().entrySet()) {
                        out.writeStringField(e.getKey(), e.getValue());
                    }
                    out.writeEndObject();
                }
            }
            case "POST" -> {
                if (!MediaTypes.is(request.getContentType(), "application/json")) {
                    throw new HttpError(415, "a label is sent as Content-Type: application/json, {\"fingerprint\": ..., \"label\": ...}");
                }
                byte[] body = request.getInputStream().readNBytes(MAX_LABEL_BODY + 1);
                if (body.length > MAX_LABEL_BODY) {
                    throw new Malformed("a label body is at most " + MAX_LABEL_BODY + " bytes");
                }
                JsonNode o;
                try {
                    o = mapper.readTree(body);
                } catch (IOException e) {
                    throw new Malformed("not JSON: {\"fingerprint\": ..., \"label\": ...} expected");
                }
                if (o == null || !o.isObject() || !o.path("fingerprint").isTextual() || !o.path("label").isTextual()) {
                    throw new Malformed("{\"fingerprint\": ..., \"label\": ...} expected, both strings");
                }
                tls.labels().add(o.get("fingerprint").asText(), o.get("label").asText());
                ok(response, Labels.normalize(o.get("fingerprint").asText()));
            }
            default -> {
                if (!tls.labels().remove(fingerprint)) {
                    throw new HttpError(404, "no label added for " + Samples.cut(fingerprint) + " (labels of the file are changed in the file)");
                }
                ok(response, Labels.normalize(fingerprint));
            }
        }
    }

    private void ok(HttpServletResponse response, String fingerprint) throws IOException {
        response.setStatus(200);
        response.setContentType("application/json");
        try (JsonGenerator out = json.createGenerator(response.getOutputStream())) {
            out.writeStartObject();
            out.writeStringField("status", "ok");
            out.writeStringField("fingerprint", fingerprint);
            out.writeEndObject();
        }
    }

    /**
     * {@code GET /tls/export?format=json|csv&kind=ja3,ja3s,ja4,pair,certificate}: every summary of
     * those kinds (all by default), streamed; a download for spreadsheets and other tools.
     */
    private void export(HttpServletRequest request, HttpServletResponse response, String rest) throws IOException, HttpError {
        if (!rest.isEmpty()) {
            throw new HttpError(404, "no such resource: /tls/export/" + Samples.cut(rest) + " (GET /tls/export?format=json|csv&kind=)");
        }
        String format = request.getParameter("format") == null ? "json" : request.getParameter("format");
        if (!format.equals("json") && !format.equals("csv")) {
            throw new HttpError(400, "format must be json or csv, not " + Samples.cut(format));
        }
        java.util.Set<FingerprintKey.Kind> kinds = java.util.EnumSet.allOf(FingerprintKey.Kind.class);
        String kindList = request.getParameter("kind");
        if (kindList != null && !kindList.isBlank()) {
            kinds = java.util.EnumSet.noneOf(FingerprintKey.Kind.class);
            for (String k : kindList.split(",")) {
                FingerprintKey.Kind kind = FingerprintKey.Kind.of(k.trim());
                if (kind == null) {
                    throw new HttpError(400, "kind must be ja3, ja3s, ja4, pair or certificate, not " + Samples.cut(k));
                }
                kinds.add(kind);
            }
        }
        RequestBodies.drain(request, response, MAX_DRAIN);
        response.setStatus(200);
        response.setContentType(format.equals("csv") ? "text/csv; charset=utf-8" : NDJSON);
        response.setHeader("Content-Disposition", "attachment; filename=\"tls-fingerprints." + (format.equals("csv") ? "csv" : "ndjson") + "\"");
        try (OutputStream out = response.getOutputStream()) {
            tls.export(format, kinds, out);
        }
    }

    private void info(HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("application/json");
        try (JsonGenerator out = json.createGenerator(response.getOutputStream())) {
            out.writeStartObject();
            out.writeStringField("software", "d4-analyzer-tls");
            for (Map.Entry<String, Long> e : tls.counters().entrySet()) {
                out.writeNumberField(e.getKey(), e.getValue());
            }
            out.writeEndObject();
        }
    }
}
