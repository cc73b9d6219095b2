// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.d4.common.Samples;

/**
 * Typed values of an API's query parameters. A value that does not parse is refused with the
 * caller's own error ({@code error} makes it from a message meant for the client), so each API
 * keeps its error type and status.
 */
public final class QueryValues {
    private QueryValues() {
    }

    /** The parameter's one value, null when absent; refused when given more than once. */
    public static <E extends Exception> String single(Map<String, String[]> parameters, String name, Function<String, E> error)
            throws E {
        String[] values = parameters.get(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw error.apply("parameter " + name + " given more than once");
        }
        return values[0];
    }

    /**
     * A time in seconds since the epoch: those seconds, a day ({@code 2024-05-01}, its start in
     * UTC) or an RFC 3339 time (a space for the {@code T} accepted); {@code absent} when not given.
     */
    public static <E extends Exception> long time(Map<String, String[]> parameters, String name, long absent,
            Function<String, E> error) throws E {
        String value = single(parameters, name, error);
        if (value == null) {
            return absent;
        }
        String v = value.strip();
        if (!v.isEmpty() && v.length() <= 12 && v.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(v);
        }
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            }
            return OffsetDateTime.parse(v.toUpperCase(Locale.ROOT).replace(' ', 'T')).toEpochSecond();
        } catch (DateTimeParseException e) {
            throw error.apply(name + " must be seconds since the epoch or an RFC 3339 time (2024-05-01T12:00:00Z), not '"
                    + Samples.cut(value) + "'");
        }
    }

    /** A whole number of at least 1 ({@code what} names it in the refusal); {@code absent} when {@code value} is null. */
    public static <E extends Exception> long positive(String value, String what, long absent, Function<String, E> error) throws E {
        if (value == null) {
            return absent;
        }
        String v = value.strip();
        try {
            long n = v.length() <= 19 && !v.startsWith("+") ? Long.parseLong(v) : -1;
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw error.apply(what + " must be a positive whole number, not '" + Samples.cut(value) + "'");
    }
}
