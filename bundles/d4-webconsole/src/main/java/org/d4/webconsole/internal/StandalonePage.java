// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import org.d4.common.web.Html;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The pages the security provider answers itself, before the console frame exists: the login form
 * and refusals. Self-contained (inline style), since nothing else may be fetched before login.
 */
final class StandalonePage {
    private static final String STYLE = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;background:#eef2f6;"
            + "color:#1f2d3d;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}"
            + ".card{background:#fff;border-radius:10px;box-shadow:0 6px 24px rgba(20,40,70,.12);padding:32px 36px;width:340px}"
            + "h1{font-size:20px;margin:0 0 4px}p.sub{color:#6b7c93;margin:0 0 22px;font-size:13px}"
            + "label{display:block;font-size:13px;color:#44546a;margin:12px 0 4px}"
            + "input{width:100%;box-sizing:border-box;padding:9px 10px;border:1px solid #c9d3df;border-radius:6px;font-size:14px}"
            + "button{margin-top:20px;width:100%;padding:10px;border:0;border-radius:6px;background:#1f6feb;color:#fff;font-size:15px;cursor:pointer}"
            + ".err{background:#fdecea;color:#a4262c;border-radius:6px;padding:8px 10px;font-size:13px;margin-bottom:8px}"
            + "a{color:#1f6feb}";

    private StandalonePage() {
    }

    static void login(HttpServletResponse response, int status, String next, String error) throws IOException {
        StringBuilder body = new StringBuilder(1024);
        body.append("<form class='card' method='post' action='").append(ConsoleSecurityProvider.ROOT).append("/d4-login' id='d4-login'>")
                .append("<h1>D4 appliance</h1><p class='sub'>Sign in to the web console</p>");
        if (error != null) {
            body.append("<div class='err' id='d4-login-error'>").append(Html.escape(error)).append("</div>");
        }
        body.append("<input type='hidden' name='next' value='").append(Html.escape(next)).append("'>")
                .append("<label for='name'>User name</label><input id='name' name='name' autocomplete='username' autofocus required>")
                .append("<label for='password'>Password</label>")
                .append("<input id='password' name='password' type='password' autocomplete='current-password' required>")
                .append("<button type='submit' id='d4-login-submit'>Sign in</button></form>");
        write(response, status, "Sign in", body.toString());
    }

    static void refusal(HttpServletResponse response, int status, String message) throws IOException {
        write(response, status, "Refused", "<div class='card'><h1>" + status + " " + (status == 403 ? "Forbidden" : "Refused")
                + "</h1><p class='sub' id='d4-refusal'>" + Html.escape(message) + "</p><p><a href='" + ConsoleSecurityProvider.ROOT
                + "/d4-dashboard'>Back to the dashboard</a></p></div>");
    }

    private static void write(HttpServletResponse response, int status, String title, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        response.getWriter().write("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>D4 · " + title
                + "</title><meta name='viewport' content='width=device-width,initial-scale=1'><style>" + STYLE
                + "</style></head><body>" + body + "</body></html>");
        response.flushBuffer(); // committed: Felix HTTP answers 403 to an uncommitted 200 after a refused security check
    }
}
