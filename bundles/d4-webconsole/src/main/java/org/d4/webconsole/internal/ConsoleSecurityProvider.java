// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.felix.webconsole.spi.SecurityProvider;
import org.d4.api.security.AppUser;
import org.d4.api.security.UserAdmin;
import org.d4.api.security.UserDirectory;
import org.d4.common.web.HttpLogins;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Web console login against the appliance users, and the one place every console request passes
 * before any page sees it: a login form with a session for browsers, HTTP basic for scripts and
 * curl; the role rules of {@link AccessRules}; the CSRF defence of {@link CsrfCheck}; the forced
 * change of a generated password. The launcher's framework property
 * {@code felix.webconsole.security.providers=d4} makes the console wait for this provider, so the
 * console's built-in admin/admin never answers, not even during start-up.
 */
@Component(property = SecurityProvider.PROPERTY_ID + "=" + ConsoleSecurityProvider.ID)
public final class ConsoleSecurityProvider implements SecurityProvider {
    static final String ID = "d4";
    static final String REALM = "D4 appliance";
    static final String ROOT = "/system/console";
    static final String LOGIN = "/d4-login";
    static final String LOGOUT = "/d4-logout";
    static final String SESSION_USER = "d4.console.user";
    static final String SESSION_CSRF = "d4.console.csrf";
    private static final int MAX_FIELD = 1024;

    private final UserDirectory users;
    private final UserAdmin userAdmin;
    private final ConsoleAudit audit;

    @Activate
    public ConsoleSecurityProvider(@Reference UserDirectory users, @Reference UserAdmin userAdmin, @Reference ConsoleAudit audit) {
        this.users = users;
        this.userAdmin = userAdmin;
        this.audit = audit;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        try {
            return admit(request, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ConsoleUser admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = consolePath(request);
        if (!AccessRules.isCanonical(path)) {
            StandalonePage.refusal(response, 400, "not a console path");
            return null;
        }
        if (path.equals(LOGIN)) {
            login(request, response);
            return null;
        }
        Optional<ConsoleUser> found;
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            found = basicUser(request, authorization);
        } else {
            found = sessionUser(request);
        }
        if (found.isEmpty()) {
            challenge(request, response, authorization != null);
            return null;
        }
        ConsoleUser user = found.get();
        String method = request.getMethod();
        boolean reading = AccessRules.isReading(method);
        boolean d4Page = AccessRules.isD4Page(path) || path.equals(LOGOUT);
        if (!reading) {
            Optional<String> refusal = CsrfCheck.refusal(csrfView(request, user, d4Page), d4Page);
            if (refusal.isPresent()) {
                audit.record(user, "console.csrf", path, false, refusal.get());
                StandalonePage.refusal(response, 403, refusal.get());
                return null;
            }
        }
        if (path.equals(LOGOUT)) {
            logout(request, response);
            response.sendRedirect(ROOT + LOGIN);
            audit.record(user, "logout", user.name(), true, "");
            return null;
        }
        String action = !reading && d4Page ? request.getParameter("action") : null;
        // people are held to replace a generated password; scripts (basic, no HTML wanted) are not, as on the REST API
        boolean person = authorization == null || acceptsHtml(request);
        if (user.passwordChangeRequired() && person && !mayProceedBeforeChange(path, reading, action)) {
            if (reading) {
                response.sendRedirect(ROOT + "/" + UsersPage.LABEL);
            } else {
                StandalonePage.refusal(response, 403, "change your generated password first");
            }
            return null;
        }
        if (AccessRules.decide(user, method, path, action) == AccessRules.Decision.FORBIDDEN) {
            if (!reading) {
                audit.record(user, "console.forbidden", path, false, action == null ? method : action);
            }
            StandalonePage.refusal(response, 403, user.name() + " may not " + (reading ? "see" : "change") + " this (needs role admin)");
            return null;
        }
        if (reading && (path.isEmpty() || path.equals("/"))) {
            response.sendRedirect(ROOT + "/" + DashboardPage.LABEL);
            return null;
        }
        return user;
    }

    private static boolean acceptsHtml(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static boolean mayProceedBeforeChange(String path, boolean reading, String action) {
        String label = AccessRules.label(path);
        if (label.equals("res")) {
            return reading;
        }
        return label.equals(UsersPage.LABEL) && (reading || AccessRules.OWN_PASSWORD_ACTION.equals(action));
    }

    private CsrfCheck.Request csrfView(HttpServletRequest request, ConsoleUser user, boolean d4Page) {
        HttpSession session = request.getSession(false);
        boolean sessionLogin = session != null && session.getAttribute(SESSION_USER) != null;
        String sent = d4Page ? request.getParameter(CsrfCheck.FIELD) : null;
        if (sent == null) {
            sent = request.getHeader(CsrfCheck.HEADER);
        }
        return new CsrfCheck.Request(request.getScheme(), request.getHeader("Host"), request.getHeader("Origin"),
                request.getHeader("Referer"), sessionLogin, user.csrfToken(), sent);
    }

    /** The decoded path below the console root: {@code /d4-sensors}, {@code /bundles/3}, or empty. */
    static String consolePath(HttpServletRequest request) {
        String path = (request.getServletPath() == null ? "" : request.getServletPath())
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.startsWith(ROOT) ? path.substring(ROOT.length()) : path;
    }

    private Optional<ConsoleUser> basicUser(HttpServletRequest request, String authorization) {
        Optional<HttpLogins.Basic> credentials = HttpLogins.basic(authorization);
        if (credentials.isEmpty()) {
            return Optional.empty();
        }
        Optional<AppUser> user = users.authenticate(credentials.get().name(), credentials.get().password(), request.getRemoteAddr());
        if (user.isEmpty()) {
            audit.record(credentials.get().name(), request.getRemoteAddr(), "login", credentials.get().name(), false, "HTTP basic");
            return Optional.empty();
        }
        // a browser using basic gets a session for its CSRF token; a script gets none (and needs none)
        String token = "";
        HttpSession session = acceptsHtml(request) ? request.getSession(true) : request.getSession(false);
        if (session != null) {
            token = sessionToken(session);
        }
        AppUser u = user.get();
        return Optional.of(new ConsoleUser(u.name(), u.roles(), u.passwordChangeRequired(), token, request.getRemoteAddr()));
    }

    private Optional<ConsoleUser> sessionUser(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(SESSION_USER) instanceof String name)) {
            return Optional.empty();
        }
        // roles and the password state are read afresh, so a deleted or demoted user loses access at once
        Optional<UserAdmin.UserInfo> info = userAdmin.users().stream().filter(u -> u.name().equals(name)).findFirst();
        if (info.isEmpty()) {
            session.invalidate();
            return Optional.empty();
        }
        return Optional.of(new ConsoleUser(name, info.get().roles(), info.get().passwordChangeRequired(), sessionToken(session),
                request.getRemoteAddr()));
    }

    private static String sessionToken(HttpSession session) {
        Object token = session.getAttribute(SESSION_CSRF);
        if (token instanceof String t) {
            return t;
        }
        String fresh = CsrfCheck.newToken();
        session.setAttribute(SESSION_CSRF, fresh);
        return fresh;
    }

    private static void challenge(HttpServletRequest request, HttpServletResponse response, boolean triedBasic) throws IOException {
        if (!triedBasic && AccessRules.isReading(request.getMethod()) && acceptsHtml(request)) {
            String next = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            response.sendRedirect(ROOT + LOGIN + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().write("authentication required\n");
    }

    private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String next = safeNext(request.getParameter("next"));
        if (AccessRules.isReading(request.getMethod())) {
            if (sessionUser(request).isPresent()) {
                response.sendRedirect(next);
            } else {
                StandalonePage.login(response, 200, next, null);
            }
            return;
        }
        if (!request.getMethod().equals("POST")) {
            StandalonePage.refusal(response, 405, "method not allowed");
            return;
        }
        CsrfCheck.Request view = new CsrfCheck.Request(request.getScheme(), request.getHeader("Host"), request.getHeader("Origin"),
                request.getHeader("Referer"), false, "", "");
        Optional<String> crossSite = CsrfCheck.refusal(view, false);
        String name = request.getParameter("name");
        String password = request.getParameter("password");
        if (crossSite.isPresent()) {
            StandalonePage.refusal(response, 403, crossSite.get());
            return;
        }
        if (name == null || password == null || name.isBlank() || name.length() > MAX_FIELD || password.length() > MAX_FIELD) {
            StandalonePage.login(response, 400, next, "Enter a user name and a password.");
            return;
        }
        String remote = request.getRemoteAddr();
        Optional<AppUser> user = users.authenticate(name, password.toCharArray(), remote);
        if (user.isEmpty()) {
            audit.record(name, remote, "login", name, false, "login form");
            StandalonePage.login(response, 401, next, "Wrong user name or password, or too many failed attempts: try again later.");
            return;
        }
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate(); // a new session id at login: no session fixation
        }
        HttpSession session = request.getSession(true);
        session.setAttribute(SESSION_USER, user.get().name());
        session.setAttribute(SESSION_CSRF, CsrfCheck.newToken());
        audit.record(user.get().name(), remote, "login", user.get().name(), true, "login form");
        response.sendRedirect(user.get().passwordChangeRequired() ? ROOT + "/" + UsersPage.LABEL : next);
    }

    /** Only a path inside the console, so the login form cannot be made to redirect elsewhere. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith(ROOT + "/") || next.contains("//") || next.contains("\\")
                || next.startsWith(ROOT + LOGIN) || next.startsWith(ROOT + LOGOUT) || next.length() > 2048
                || next.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return ROOT + "/" + DashboardPage.LABEL;
        }
        return next;
    }

    /** Pages check roles themselves through {@link ConsoleUser}; here: an administrator may do anything. */
    @Override
    public boolean authorize(Object user, String role) {
        return user instanceof ConsoleUser u && u.isAdmin();
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
