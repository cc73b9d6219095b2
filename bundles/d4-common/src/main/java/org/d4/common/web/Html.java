// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Escaping for the console pages: text placed in HTML element content or quoted attributes, and
 * values placed in a link's query string. (The OWASP encoder the console ships cannot be a build
 * dependency: its parent POM is not resolvable here.)
 */
public final class Html {
    private Html() {
    }

    /** {@code text} with {@code < > & " '} as character references. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code value} encoded for a URL query string (UTF-8); safe in a quoted attribute too. */
    public static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
