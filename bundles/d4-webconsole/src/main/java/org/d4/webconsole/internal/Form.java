// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.d4.common.Uuids;

/** The fields of a posted console form, read with clear errors for missing and malformed values. */
final class Form {
    static final int MAX_LENGTH = 4096;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private final HttpServletRequest request;

    Form(HttpServletRequest request) {
        this.request = request;
    }

    /** The trimmed value, empty when absent or blank. */
    Optional<String> optional(String name) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(name + " is longer than " + MAX_LENGTH + " characters");
        }
        return Optional.of(value.strip());
    }

    String text(String name) {
        return optional(name).orElseThrow(() -> new IllegalArgumentException("missing field: " + name));
    }

    /** As given, not trimmed (passwords, keys); required. */
    String raw(String name) {
        String value = request.getParameter(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing field: " + name);
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(name + " is longer than " + MAX_LENGTH + " characters");
        }
        return value;
    }

    int integer(String name, int min, int max) {
        return parseInt(name, text(name), min, max);
    }

    Optional<Integer> optionalInteger(String name, int min, int max) {
        return optional(name).map(v -> parseInt(name, v, min, max));
    }

    private static int parseInt(String name, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    UUID uuid(String name) {
        return parseUuid(name, text(name));
    }

    static UUID parseUuid(String name, String value) {
        return Uuids.parseCanonical(value).orElseThrow(() -> new IllegalArgumentException(name + " is not a UUID: '" + value + "'"));
    }

    InetAddress address(String name) {
        return parseAddress(text(name));
    }

    /** An IP literal only: a host name would make the console resolve names. */
    static InetAddress parseAddress(String text) {
        boolean literal = IPV4.matcher(text).matches() || text.indexOf(':') >= 0 && IPV6.matcher(text).matches();
        if (!literal) {
            throw new IllegalArgumentException("invalid IP address: " + text);
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid IP address: " + text);
        }
    }

    /** Every value of a repeated field (checkboxes, multi-selects), blanks left out. */
    List<String> all(String name) {
        String[] values = request.getParameterValues(name);
        List<String> result = new ArrayList<>();
        if (values != null) {
            Arrays.stream(values).filter(v -> v != null && !v.isBlank()).map(String::strip).forEach(result::add);
        }
        return result;
    }

    /** Ids given as a list of numbers (dead letters); empty for all. */
    List<Long> ids(String name) {
        List<Long> ids = new ArrayList<>();
        for (String v : all(name)) {
            try {
                ids.add(Long.parseLong(v));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be numbers, not '" + v + "'");
            }
        }
        return ids;
    }
}
