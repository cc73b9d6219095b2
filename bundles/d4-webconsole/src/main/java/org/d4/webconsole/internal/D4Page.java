// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Locale;
import org.d4.api.queue.QueueException;
import org.d4.api.registry.RegistryException;
import org.d4.api.security.UserException;

/**
 * What the D4 pages share: the account bar and the result of the last change on top, the shipped
 * style, script and charting library, the render time at the bottom; and for changes (POST, then redirect back) the
 * role check, the audit record and the message shown on the next view. The security provider has
 * already checked the login, the roles and the CSRF token; the role check here is a second line.
 */
abstract class D4Page extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String CATEGORY = "D4";
    private static final String FLASH = "d4.console.flash";

    private final String label;
    private final String area;
    final transient ConsoleAudit audit;

    /** @param area the audit action prefix, e.g. {@code sensor} for {@code sensor.approve} */
    D4Page(String label, String area, ConsoleAudit audit) {
        this.label = label;
        this.area = area;
        this.audit = audit;
    }

    String label() {
        return label;
    }

    /** Renders the page content (inside the console frame). */
    abstract void render(HttpServletRequest request, ConsoleUser user, StringBuilder out);

    /**
     * Carries out a change and returns the message to show, or throws {@link IllegalArgumentException}
     * (and the services' own exceptions) with a readable reason. {@code change} gets the target.
     */
    abstract String act(String action, Form form, ConsoleUser user, Change change);

    /** What a change was applied to, for the audit log, and where to go afterwards. */
    static final class Change {
        String target = "";
        String detail = "";
        String back;
    }

    /** Whether a non-administrator may do this action here (only their own password). */
    boolean selfService(String action) {
        return false;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        ConsoleUser user = ConsoleUser.of(request);
        if (user == null || !user.canRead()) {
            response.sendError(403);
            return;
        }
        StringBuilder out = new StringBuilder(16 * 1024);
        out.append("<div class='d4' id='d4-page-").append(label).append("'>");
        accountBar(request, user, out);
        render(request, user, out);
        double ms = (System.nanoTime() - start) / 1e6;
        out.append("<p class='d4-foot' id='d4-render' data-ms='").append(String.format(Locale.ROOT, "%.2f", ms))
                .append("'>Rendered in ").append(String.format(Locale.ROOT, "%.1f", ms)).append(" ms</p></div>");
        if (out.indexOf("data-d4-chart=") >= 0) { // the charting library only where there is a chart (about 50 KB)
            out.append("<link rel='stylesheet' href='").append(label).append("/res/d4/uplot/uPlot.min.css'>")
                    .append("<script src='").append(label).append("/res/d4/uplot/uPlot.iife.min.js'></script>");
        }
        out.append("<script src='").append(label).append("/res/d4/d4.js'></script>");
        response.setContentType("text/html;charset=utf-8");
        response.getWriter().write(out.toString());
    }

    private void accountBar(HttpServletRequest request, ConsoleUser user, StringBuilder out) {
        out.append("<link rel='stylesheet' href='").append(label).append("/res/d4/d4.css'>")
                .append("<div class='d4-account'><span>Signed in as <b id='d4-user'>").append(Fmt.esc(user.name())).append("</b> (")
                .append(Fmt.esc(String.join(", ", user.roles().stream().map(r -> r.id()).sorted().toList()))).append(")</span>");
        if (!user.csrfToken().isEmpty()) {
            out.append("<form class='d4-inline' method='post' action='d4-logout'><input type='hidden' name='csrf' value='")
                    .append(Fmt.esc(user.csrfToken())).append("'><button class='d4-btn d4-small' id='d4-logout'>Sign out</button></form>");
        }
        out.append("</div>");
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(FLASH) instanceof String[] flash) {
            session.removeAttribute(FLASH);
            out.append("<div class='d4-flash d4-flash-").append(flash[0]).append("' id='d4-flash'>").append(Fmt.esc(flash[1])).append("</div>");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        ConsoleUser user = ConsoleUser.of(request);
        String action = request.getParameter("action");
        if (user == null || action == null || !(user.isAdmin() || user.canRead() && selfService(action))) {
            response.sendError(user == null || action != null ? 403 : 400);
            return;
        }
        Change change = new Change();
        String auditAction = area + "." + action;
        String[] flash;
        try {
            String message = act(action, new Form(request), user, change);
            audit.record(user, auditAction, change.target, true, change.detail);
            if (user.csrfToken().isEmpty()) { // a script: the message is the answer (a generated password or token included)
                response.setContentType("text/plain;charset=utf-8");
                response.getWriter().write(message + "\n");
                return;
            }
            flash = new String[] {"ok", message};
        } catch (IllegalArgumentException | RegistryException | QueueException | UserException e) {
            audit.record(user, auditAction, change.target, false, e.getMessage());
            flash = new String[] {"error", e.getMessage()};
            if (user.csrfToken().isEmpty()) { // a script: the answer is the status, there is no page to come back to
                response.sendError(e instanceof UserException u && u.problem() == UserException.Problem.NOT_FOUND
                        || e instanceof RegistryException r && r.problem() == RegistryException.Problem.NOT_FOUND
                        || e instanceof QueueException q && q.problem() == QueueException.Problem.NOT_FOUND ? 404 : 400, e.getMessage());
                return;
            }
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.setAttribute(FLASH, flash);
        }
        response.setStatus(303);
        response.setHeader("Location", ConsoleSecurityProvider.ROOT + "/" + label + (change.back == null ? "" : change.back));
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(405);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(405);
    }

    /** A section with a heading. */
    static void section(StringBuilder out, String id, String title) {
        out.append("<section class='d4-card' id='").append(id).append("'><h2>").append(Fmt.esc(title)).append("</h2>");
    }

    static void endSection(StringBuilder out) {
        out.append("</section>");
    }
}
