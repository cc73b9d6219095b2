// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import org.d4.common.web.Html;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** Formatting of values and the small pieces of markup every D4 page uses. */
final class Fmt {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Fmt() {
    }

    static String esc(Object value) {
        return Html.escape(String.valueOf(value));
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }

    /** A time as UTC text with how long ago it was as a tooltip-free suffix. */
    static String time(Instant at) {
        return at == null ? "<span class='d4-muted'>never</span>"
                : "<time datetime='" + at + "' title='" + TIME.format(at) + "'>" + ago(at, Instant.now()) + "</time>";
    }

    static String time(Optional<Instant> at) {
        return time(at.orElse(null));
    }

    static String ago(Instant at, Instant now) {
        long s = Duration.between(at, now).getSeconds();
        if (s < 0) {
            return TIME.format(at);
        }
        if (s < 60) {
            return s + " s ago";
        }
        if (s < 3600) {
            return s / 60 + " min ago";
        }
        if (s < 86_400) {
            return s / 3600 + " h ago";
        }
        return s < 30 * 86_400L ? s / 86_400 + " d ago" : TIME.format(at);
    }

    static String badge(String kind, String text) {
        return "<span class='d4-badge d4-" + kind + "'>" + esc(text) + "</span>";
    }

    /** A one-button form posting {@code action} to the page, with the CSRF token and hidden fields (name, value pairs). */
    static String button(String label, ConsoleUser user, String action, String text, String style, String confirm, String... hidden) {
        StringBuilder b = new StringBuilder(256);
        b.append("<form class='d4-inline' method='post' action='").append(label).append("'");
        if (confirm != null) {
            b.append(" data-confirm='").append(esc(confirm)).append("'");
        }
        b.append('>').append(hiddenFields(user, action));
        for (int i = 0; i + 1 < hidden.length; i += 2) {
            b.append("<input type='hidden' name='").append(esc(hidden[i])).append("' value='").append(esc(hidden[i + 1])).append("'>");
        }
        b.append("<button class='d4-btn ").append(style).append("' type='submit'>").append(esc(text)).append("</button></form>");
        return b.toString();
    }

    /** The hidden fields every change form starts with. */
    static String hiddenFields(ConsoleUser user, String action) {
        return "<input type='hidden' name='" + CsrfCheck.FIELD + "' value='" + esc(user.csrfToken()) + "'>"
                + "<input type='hidden' name='action' value='" + esc(action) + "'>";
    }

    /** The opening of a form posting {@code action} to the page. */
    static String formStart(String label, ConsoleUser user, String action, String cssClass) {
        return "<form class='" + cssClass + "' method='post' action='" + label + "'>" + hiddenFields(user, action);
    }
}
