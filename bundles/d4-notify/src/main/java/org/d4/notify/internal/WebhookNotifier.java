// SPDX-License-Identifier: Apache-2.0
package org.d4.notify.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;

/** One webhook per factory configuration of {@code d4.notify.webhook}: a 2xx answer is delivered, anything else is retried. */
@Component(configurationPid = "d4.notify.webhook", configurationPolicy = ConfigurationPolicy.REQUIRE, service = EventHandler.class,
        property = EventConstants.EVENT_TOPIC + "=org/d4/alert/*")
@Designate(ocd = WebhookConfig.class, factory = true)
public final class WebhookNotifier extends QueuedNotifier {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private final WebhookConfig config;
    private final URI uri;
    private final HttpClient client;

    @Activate
    public WebhookNotifier(WebhookConfig config) throws Exception {
        this.config = config;
        this.uri = URI.create(config.url().trim());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("d4.notify.webhook: url must be http:// or https:// with a host, not " + config.url());
        }
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).sslContext(TrustFiles.context(config.ca_file()))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        startDelivering("webhook " + uri.getHost(), config.max_per_minute(), Duration.ofSeconds(2));
    }

    @Override
    public void deliver(Notice notice, int heldBack) throws IOException, InterruptedException {
        Map<String, String> fields = notice.fields();
        if (heldBack > 0) {
            fields.put("summary", fields.get("summary") + " (" + heldBack + " notices held back before this one)");
        }
        fields.put("held_back", Integer.toString(heldBack));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("Content-Type", config.content_type())
                .POST(HttpRequest.BodyPublishers.ofString(body(config.template(), config.content_type(), fields), StandardCharsets.UTF_8));
        if (!config.authorization().isBlank()) {
            request.header("Authorization", config.authorization());
        }
        HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
    }

    static String body(String template, String contentType, Map<String, String> fields) {
        boolean json = contentType.toLowerCase(Locale.ROOT).contains("json");
        if (template == null || template.isBlank()) {
            StringBuilder b = new StringBuilder("{");
            fields.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(jsonEscape(v)).append('"'));
            return b.append('}').toString();
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = fields.getOrDefault(m.group(1), m.group(0));
            m.appendReplacement(out, Matcher.quoteReplacement(json && fields.containsKey(m.group(1)) ? jsonEscape(value) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
