// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.d4.itest.Appliance;

/** A console login over plain HTTPS as a browser makes it: the login form, a session cookie, the page's CSRF token. */
final class ConsoleSession {
    private static final Pattern TOKEN = Pattern.compile("name='csrf' value='([^']+)'");
    private final Appliance d4;
    private final HttpClient client;

    private ConsoleSession(Appliance d4) throws IOException {
        this.d4 = d4;
        this.client = HttpClient.newBuilder().sslContext(d4.trustingTls()).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Logs in with the form; throws unless the console answers with the redirect of a successful login. */
    static ConsoleSession login(Appliance d4, String name, String password) throws IOException, InterruptedException {
        ConsoleSession session = new ConsoleSession(d4);
        HttpResponse<String> r = session.postForm("/system/console/d4-login", Map.of("name", name, "password", password), session.origin());
        if (r.statusCode() != 302 && r.statusCode() != 303) {
            throw new IllegalStateException("login of " + name + " answered " + r.statusCode() + ": " + r.body());
        }
        return session;
    }

    String origin() {
        return "https://127.0.0.1:" + d4.httpsPort();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(d4.uri(path)).header("Accept", "text/html").timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The CSRF token the page at {@code path} puts into its forms. */
    String csrfToken(String path) throws IOException, InterruptedException {
        HttpResponse<String> page = get(path);
        Matcher m = TOKEN.matcher(page.body());
        if (page.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException(path + " answered " + page.statusCode() + " without a CSRF token");
        }
        return m.group(1);
    }

    /** Posts a form; {@code origin} null sends no Origin header. */
    HttpResponse<String> postForm(String path, Map<String, String> fields, String origin) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(d4.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(encode(fields)));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
