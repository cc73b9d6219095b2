// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.d4.api.alert.AlertService;
import org.d4.api.analyzer.AnalyzerCatalog;
import org.d4.api.audit.AuditLog;
import org.d4.api.queue.QueueException;
import org.d4.api.queue.QueueFeed;
import org.d4.api.queue.QueueService;
import org.d4.api.registry.AccessPolicy;
import org.d4.api.registry.ClusterStatistics;
import org.d4.api.registry.RegistryException;
import org.d4.api.registry.SensorRegistry;
import org.d4.api.registry.SensorStatistics;
import org.d4.api.security.AppUser;
import org.d4.api.security.Role;
import org.d4.api.security.UserAdmin;
import org.d4.api.security.UserDirectory;
import org.d4.api.security.UserException;
import org.d4.common.web.MediaTypes;
import org.d4.common.web.RequestBodies;
import org.d4.common.web.SameOrigin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/*}: authenticates, finds the route, checks the role (and that a generated
 * password has been replaced), answers JSON, and records state-changing requests in the audit
 * log. A state-changing request from another site's page is refused first ({@link SameOrigin}), and
 * a body must be declared {@code application/json}. Errors are
 * always {@code {"status":"error","reason":...}} with 400, 401, 403, 404, 405, 409, 413, 415 or 503.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/*")
public final class RestApi extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    static final int MAX_BODY = 64 * 1024;
    /** What is read of a refused request's body so its client gets the answer; beyond it the connection closes. */
    static final int MAX_DRAIN = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The challenge of a 401: a scheme browsers do not prompt for. */
    static final String CHALLENGE = "Bearer realm=\"d4\"";

    private final transient ApiAuthenticator authenticator;
    private final transient List<Route> routes = new ArrayList<>();
    // optional: the API serves sensors and queues also while the analyzer host is not deployed
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AnalyzerCatalog analyzers;
    // what fills the queues from outside (the Kafka intake), if anything: GET /feeds
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<QueueFeed> feeds = List.of();
    // optional: only an appliance in a cluster has the cluster's statistics (GET /cluster/statistics)
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ClusterStatistics clusterStatistics;
    // optional: without the audit bundle the API works, unrecorded
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AuditLog auditLog;
    // optional: without the alerts bundle GET /alerts answers 503
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AlertService alertService;
    private final transient RestAudit audit = new RestAudit(() -> auditLog, System::nanoTime);

    @Activate
    public RestApi(@Reference UserDirectory users, @Reference UserAdmin userAdmin, @Reference SensorRegistry registry,
            @Reference AccessPolicy policy, @Reference SensorStatistics statistics, @Reference QueueService queues) {
        this.authenticator = new ApiAuthenticator(users);
        routes.addAll(new SensorRoutes(registry, statistics).routes());
        routes.addAll(new PolicyRoutes(policy).routes());
        routes.addAll(new UserRoutes(userAdmin).routes());
        routes.addAll(new QueueRoutes(queues, () -> analyzers, () -> feeds).routes());
        routes.addAll(new SelfRoutes(userAdmin).routes());
        routes.addAll(new AuditRoutes(() -> auditLog).routes());
        routes.addAll(new AlertRoutes(() -> alertService).routes());
        routes.addAll(new ClusterRoutes(() -> clusterStatistics, java.time.Clock.systemUTC()).routes());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String remote = request.getRemoteAddr();
        String header = request.getHeader("Authorization");
        AppUser user = null;
        Route route = null;
        List<String> params = new ArrayList<>();
        int status;
        Object answer;
        Call call = null;
        // before any login: a page on another site must not even count failed logins against a user
        Optional<String> crossSite = SameOrigin.stateChanging(request.getMethod())
                ? SameOrigin.refusal(request.getScheme(), request.getHeader("Host"), request.getHeader("Origin"), request.getHeader("Referer"))
                : Optional.empty();
        if (crossSite.isPresent()) {
            RequestBodies.drain(request, response, MAX_DRAIN);
            audit.refused(ApiAuthenticator.claimedName(header), remote, request.getMethod() + " " + request.getRequestURI(), crossSite.get());
            write(response, 403, error(crossSite.get()));
            return;
        }
        try {
            Optional<ApiAuthenticator.Login> login = authenticator.authenticate(header, remote);
            if (login.isEmpty()) {
                if (header != null && !header.isBlank()) {
                    audit.loginFailed(ApiAuthenticator.claimedName(header), remote);
                }
                // never a Basic challenge: browsers would prompt for credentials and then send them on their own
                response.setHeader("WWW-Authenticate", CHALLENGE);
                throw new ApiError(401, "authentication required: Authorization: <api token> or HTTP basic");
            }
            user = login.get().user();
            audit.loggedIn(user.name(), remote, login.get().byPassword());
            String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
            Matcher matcher = null;
            boolean pathKnown = false;
            for (Route r : routes) {
                Matcher m = r.path().matcher(path);
                if (m.matches()) {
                    pathKnown = true;
                    if (r.method().equals(request.getMethod())) {
                        route = r;
                        matcher = m;
                        break;
                    }
                }
            }
            if (route == null) {
                throw pathKnown ? new ApiError(405, request.getMethod() + " is not allowed on " + path) : ApiError.notFound("no such resource: " + path);
            }
            for (int i = 1; i <= matcher.groupCount(); i++) {
                params.add(java.net.URLDecoder.decode(matcher.group(i), java.nio.charset.StandardCharsets.UTF_8));
            }
            if (login.get().byPassword() && user.passwordChangeRequired() && !SelfRoutes.allowedBeforePasswordChange(path)) {
                throw new ApiError(403, "password change required: " + user.name() + " still has a generated password; set one first with PUT /api/v1"
                        + SelfRoutes.CHANGE_PASSWORD + " {\"current_password\": ..., \"new_password\": ...}");
            }
            if (!allowed(user, route.role())) {
                throw new ApiError(403, "user " + user.name() + " may not do this (needs role " + route.role().id() + ")");
            }
            call = new Call(user, params, body(request), request::getParameter, remote);
            answer = route.handler().handle(call);
            status = 200;
        } catch (ApiError e) {
            RequestBodies.drain(request, response, MAX_DRAIN);
            status = e.status();
            answer = error(e.getMessage());
        } catch (RegistryException e) {
            status = status(e.problem().name());
            answer = error(e.getMessage());
        } catch (QueueException e) {
            status = status(e.problem().name());
            answer = error(e.getMessage());
        } catch (UserException e) {
            status = status(e.problem().name());
            answer = error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("REST request {} {} failed", request.getMethod(), request.getRequestURI(), e);
            status = 500;
            answer = error("internal error; see the appliance log");
        }
        if (route != null && !route.method().equals("GET")) {
            audit.action(user.name(), remote, route, params.isEmpty() && call != null ? RestAudit.bodyTarget(call.body()) : String.join(" ", params), status, status == 200 ? "" : String.valueOf(((Map<?, ?>) answer).get("reason")));
        }
        write(response, status, answer);
    }

    /** The services' problems (INVALID, NOT_FOUND, CONFLICT) as HTTP statuses. */
    static int status(String problem) {
        return switch (problem) {
            case "NOT_FOUND" -> 404;
            case "CONFLICT" -> 409;
            default -> 400;
        };
    }

    static boolean allowed(AppUser user, Role needed) {
        return needed == null || user.hasRole(Role.ADMIN) || user.hasRole(needed);
    }

    private static JsonNode body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY) {
            throw new ApiError(413, "request body larger than " + MAX_BODY + " bytes");
        }
        // not closed here: a refused body is drained after this (RequestBodies.drain)
        byte[] bytes = request.getInputStream().readNBytes(MAX_BODY + 1);
        // a form or text/plain body is what another site's page can send without asking first
        if (bytes.length > 0 && bytes.length <= MAX_BODY && !MediaTypes.is(request.getContentType(), "application/json")) {
            throw new ApiError(415, "the body must be JSON sent with Content-Type: application/json (curl: -H 'Content-Type: application/json' or --json)");
        }
        return RequestBody.parse(bytes);
    }

    private static Map<String, String> error(String reason) {
        return Map.of("status", "error", "reason", reason == null ? "unknown error" : reason);
    }

    private static void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
