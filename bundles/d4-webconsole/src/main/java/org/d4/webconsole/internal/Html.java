// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

/**
 * Escaping for text placed in HTML element content or quoted attributes. (The OWASP encoder the
 * console ships cannot be a build dependency: its parent POM is not resolvable here.)
 */
final class Html {
    private Html() {
    }

    static String escape(String text) {
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
}
