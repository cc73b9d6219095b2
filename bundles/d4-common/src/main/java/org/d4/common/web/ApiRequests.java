// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.d4.common.Samples;
import org.d4.api.security.AppUser;
import org.d4.api.security.Role;
import org.d4.api.security.UserDirectory;

/**
 * What every analyzer's HTTP API checks before its own work, in this order, and how it answers a
 * refusal: the method ({@code 405} with {@code Allow}), another site's page ({@code 403}: it must
 * not change anything, nor count failed logins against a user), the caller ({@code 401}, {@code 403})
 * and the error body {@code {"status":"error","reason":...}}.
 */
public final class ApiRequests {
    private ApiRequests() {
    }

    /** Starts an answer that no cache keeps; returns the request's path below the servlet ({@code /} for none). */
    public static String begin(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        return request.getPathInfo() == null ? "/" : request.getPathInfo();
    }

    /**
     * Refuses a method not among {@code allowed}.
     *
     * @param allowed the methods, as the {@code Allow} header lists them ({@code "GET, POST"})
     * @param resource the path named in the refusal ({@code /pdns/info})
     */
    public static void allow(String allowed, HttpServletRequest request, HttpServletResponse response, String resource) throws HttpError {
        String method = request.getMethod();
        if (Arrays.stream(allowed.split(",")).map(String::strip).noneMatch(method::equals)) {
            response.setHeader("Allow", allowed);
            throw new HttpError(405, method + " is not allowed on " + Samples.cut(resource) + " (use " + allowed + ")");
        }
    }

    /** Refuses a state-changing request that another site's page sent ({@link SameOrigin}). */
    public static void sameOrigin(HttpServletRequest request) throws HttpError {
        if (!SameOrigin.stateChanging(request.getMethod())) {
            return;
        }
        Optional<String> refusal = SameOrigin.refusal(request.getScheme(), request.getHeader("Host"), request.getHeader("Origin"),
                request.getHeader("Referer"));
        if (refusal.isPresent()) {
            throw new HttpError(403, refusal.get());
        }
    }

    /**
     * Lets the request's user through when an administrator or holding {@code needed}; a request
     * without credentials only when {@code anonymous}.
     */
    public static void authorize(UserDirectory users, HttpServletRequest request, HttpServletResponse response, boolean anonymous, Role needed)
            throws HttpError {
        String header = request.getHeader("Authorization");
        if (header == null && anonymous) {
            return;
        }
        Optional<AppUser> user = HttpLogins.authenticate(users, header, request.getRemoteAddr());
        if (user.isEmpty()) {
            // never a Basic challenge: browsers would prompt for credentials and then send them on their own
            response.setHeader("WWW-Authenticate", "Bearer realm=\"d4\"");
            throw new HttpError(401, "authentication required: Authorization: <api token> or HTTP basic");
        }
        if (!user.get().hasRole(Role.ADMIN) && !user.get().hasRole(needed)) {
            throw new HttpError(403, "user " + user.get().name() + " may not do this (needs role " + needed.id() + ")");
        }
    }

    /** Answers {@code {"status":"error","reason":...}}, unless the answer is on its way already (the connection then ends with what was sent). */
    public static void error(HttpServletResponse response, int status, String reason) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        byte[] body = ("{\"status\":\"error\",\"reason\":\"" + jsonText(reason == null ? "unknown error" : reason) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.getOutputStream().flush();
    }

    /** The text of a JSON string (RFC 8259): quotes, backslashes and control characters escaped. */
    public static String jsonText(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
