// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

/**
 * Redis-style glob patterns for KEYS and SCAN MATCH: {@code *} any run, {@code ?} one character,
 * {@code [abc]}, {@code [a-z]}, {@code [^a]} a class, {@code \} quotes the next character.
 */
final class Glob {
    private Glob() {
    }

    static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;          // the last '*' seen, to retry from when a later part fails
        int starText = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                starText = t;
                continue;
            }
            int next = p < pattern.length() ? one(pattern, p, text.charAt(t)) : -1;
            if (next >= 0) {
                p = next;
                t++;
            } else if (star >= 0) {
                // let the last '*' swallow one more character; earlier stars never need revisiting
                p = star + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** Where the pattern goes on if its element at {@code p} matches {@code c}; -1 if it does not. */
    private static int one(String pattern, int p, char c) {
        char e = pattern.charAt(p);
        if (e == '?') {
            return p + 1;
        }
        if (e == '\\' && p + 1 < pattern.length()) {
            return pattern.charAt(p + 1) == c ? p + 2 : -1;
        }
        if (e == '[') {
            int close = classEnd(pattern, p);
            if (close > 0) {
                return inClass(pattern, p + 1, close, c) ? close + 1 : -1;
            }
        }
        return e == c ? p + 1 : -1;     // also an unclosed '[', taken literally
    }

    private static int classEnd(String pattern, int open) {
        int i = open + 1;
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            i++;
        }
        for (; i < pattern.length(); i++) {
            char e = pattern.charAt(i);
            if (e == '\\') {
                i++;
            } else if (e == ']') {
                return i;
            }
        }
        return -1;
    }

    private static boolean inClass(String pattern, int from, int close, char c) {
        boolean negated = pattern.charAt(from) == '^';
        boolean found = false;
        for (int i = negated ? from + 1 : from; i < close && !found; i++) {
            char low = pattern.charAt(i);
            if (low == '\\') {
                low = pattern.charAt(++i);
            }
            if (i + 2 < close && pattern.charAt(i + 1) == '-') {
                char high = pattern.charAt(i + 2);
                if (high == '\\' && i + 3 < close) {
                    high = pattern.charAt(i + 3);
                    i++;
                }
                i += 2;
                found = low <= high ? c >= low && c <= high : c >= high && c <= low;
            } else {
                found = c == low;
            }
        }
        return found != negated;
    }
}
