// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzerhost.internal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.d4.api.analyzer.Analyzer;
import org.d4.api.queue.QueueSelector;
import org.d4.common.Uuids;

/** What an analyzer service asks for, read from its service properties; IllegalArgumentException names what is wrong. */
record Subscription(String name, QueueSelector selector, Optional<UUID> queue, int maxQueueSize, int maxAttempts) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    static Subscription of(Function<String, Object> property, int defaultMaxSize, int defaultAttempts) {
        Object rawName = property.apply(Analyzer.NAME);
        if (!(rawName instanceof String name) || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(Analyzer.NAME + " must be 1-64 of [A-Za-z0-9._-], not " + rawName);
        }
        int type = integer(property.apply(Analyzer.TYPE), Analyzer.TYPE, -1);
        if (type < 0) {
            throw new IllegalArgumentException("analyzer " + name + " has no " + Analyzer.TYPE);
        }
        Object ext = property.apply(Analyzer.EXTENDED_TYPE);
        Optional<String> extended = ext == null || ext.toString().isBlank() ? Optional.empty() : Optional.of(ext.toString().trim());
        QueueSelector selector = new QueueSelector(type, extended, sensors(property.apply(Analyzer.SENSORS)));
        Object q = property.apply(Analyzer.QUEUE);
        Optional<UUID> queue = q == null || q.toString().isBlank() ? Optional.empty() : Optional.of(uuid(q.toString().trim()));
        int maxSize = integer(property.apply(Analyzer.MAX_QUEUE_SIZE), Analyzer.MAX_QUEUE_SIZE, defaultMaxSize);
        if (maxSize < 1) {
            throw new IllegalArgumentException(Analyzer.MAX_QUEUE_SIZE + " must be positive");
        }
        int attempts = integer(property.apply(Analyzer.MAX_ATTEMPTS), Analyzer.MAX_ATTEMPTS, defaultAttempts);
        if (attempts < 1) {
            throw new IllegalArgumentException(Analyzer.MAX_ATTEMPTS + " must be positive");
        }
        return new Subscription(name, selector, queue, maxSize, attempts);
    }

    private static int integer(Object value, String what, int absent) {
        if (value == null) {
            return absent;
        }
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number, not " + value);
        }
    }

    private static Set<UUID> sensors(Object value) {
        Set<UUID> result = new LinkedHashSet<>();
        if (value == null) {
            return result;
        }
        Iterable<?> values;
        if (value instanceof Object[] array) {
            values = java.util.Arrays.asList(array);
        } else if (value instanceof Collection<?> c) {
            values = c;
        } else {
            values = java.util.Arrays.asList(value.toString().split("[,\\s]+"));
        }
        for (Object v : values) {
            if (v != null && !v.toString().isBlank()) {
                result.add(uuid(v.toString().trim()));
            }
        }
        return result;
    }

    private static UUID uuid(String text) {
        return Uuids.parseCanonical(text).orElseThrow(() -> new IllegalArgumentException("not a UUID: " + text));
    }
}
