// SPDX-License-Identifier: Apache-2.0
package org.d4.common;

/** Input quoted in logs and error messages: cut short and stripped of control characters. */
public final class Samples {
    public static final int MAX = 200;

    private Samples() {
    }

    /** At most {@link #MAX} characters (then "..."), control characters shown as {@code ?}; "" for null. */
    public static String cut(String text) {
        if (text == null) {
            return "";
        }
        String shown = text.length() > MAX ? text.substring(0, MAX) + "..." : text;
        StringBuilder out = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            out.append(c < ' ' || c == 0x7f ? '?' : c);
        }
        return out.toString();
    }
}
