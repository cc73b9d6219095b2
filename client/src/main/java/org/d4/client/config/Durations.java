// SPDX-License-Identifier: Apache-2.0
package org.d4.client.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as d4-goclient takes them on its command line ("human format"): a sequence of
 * decimal numbers with units {@code ns us µs ms s m h}, such as {@code 200ms}, {@code 1m30s}, {@code 1.5h};
 * a bare {@code 0} is zero. A bare number other than 0 is read as seconds, the unit the C client uses.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private Durations() {
    }

    /** @throws IllegalArgumentException naming {@code what} when {@code text} is not a duration or is negative */
    public static Duration parse(String what, String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException quoting {@code text} when it is not a duration or is negative */
    public static Duration parse(String text) {
        String t = text.strip();
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        Matcher m = PART.matcher(t);
        double nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            nanos += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
            end = m.end();
        }
        if (t.isEmpty() || end != t.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 200ms, 30s, 1m30s, 0)");
        }
        return Duration.ofNanos((long) nanos);
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
    }

    /** Go-like text: {@code 200ms}, {@code 30s}, {@code 1m0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toNanos() < 1_000_000_000L && d.toNanos() % 1_000_000 == 0) {
            return d.toMillis() + "ms";
        }
        long s = d.getSeconds();
        String frac = d.getNano() == 0 ? "" : String.format("%.3f", d.getNano() / 1e9).substring(1).replaceAll("0+$", "");
        if (s < 60) {
            return s + frac + "s";
        }
        return (s >= 3600 ? s / 3600 + "h" : "") + (s % 3600) / 60 + "m" + s % 60 + frac + "s";
    }
}
