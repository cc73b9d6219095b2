// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.d4.api.queue.QueueSelector;

/** What is forwarded where: the configured types and the settings of the producer, read from the configuration's text. */
final class ForwardTargets {
    /** A type's data and its topic. */
    record Target(QueueSelector selector, String topic) {
    }

    private ForwardTargets() {
    }

    /**
     * @param types {@code 3, 8, 254:ja3-jl}
     * @throws IllegalArgumentException naming the part that is wrong
     */
    static List<Target> parse(String types, String topicPrefix) {
        if (!topicPrefix.matches("[A-Za-z0-9._-]{0,100}")) {
            throw new IllegalArgumentException("topic.prefix may hold letters, digits, '.', '_' and '-' only, not '" + topicPrefix + "'");
        }
        List<Target> targets = new ArrayList<>();
        for (String part : types.split(",")) {
            String t = part.strip();
            if (t.isEmpty()) {
                continue;
            }
            QueueSelector selector;
            try {
                if (t.startsWith("254:")) {
                    selector = new QueueSelector(254, Optional.of(t.substring(4)), Set.of());
                } else {
                    selector = new QueueSelector(Integer.parseInt(t), Optional.empty(), Set.of());
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("types: '" + t + "' is not a type (1 to 253) or 254:<extended type>: " + e.getMessage());
            }
            String topic = topicPrefix + selector.type() + selector.extendedType().map(e -> "." + e).orElse("");
            if (targets.stream().anyMatch(x -> x.topic().equals(topic))) {
                throw new IllegalArgumentException("types: '" + t + "' is named twice");
            }
            targets.add(new Target(selector, topic));
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("types names no type");
        }
        return targets;
    }

    /**
     * Runs a component's check of its configuration: a refusal is logged with what it means for
     * the operator and thrown, so that the component does not start.
     *
     * @param otherwise what the refusal means ({@code nothing is forwarded to Kafka})
     */
    static <T> T checked(Logger log, String pid, String otherwise, Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            String problem = pid + ": " + e.getMessage() + "; " + otherwise;
            log.error(problem);
            throw new IllegalArgumentException(problem, e);
        }
    }

    /**
     * A topic named in a configuration, checked: Kafka's own rule, letters, digits, '.', '_', '-'.
     *
     * @param attribute the configuration's attribute, for the refusal
     */
    static String topic(String name, String attribute) {
        if (!name.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new IllegalArgumentException(attribute + " may hold letters, digits, '.', '_' and '-' only, not '" + name + "'");
        }
        return name;
    }

    /**
     * A client's settings: the brokers, then the operator's {@code client.settings}.
     *
     * @throws IllegalArgumentException when no broker is named or a setting is not key=value
     */
    static Map<String, Object> clientSettings(String bootstrapServers, String clientSettings) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap.servers is empty");
        }
        Map<String, Object> all = settings(clientSettings);
        all.put("bootstrap.servers", bootstrapServers);
        return all;
    }

    /** {@code key=value, key=value}; values keep what follows the first '='. */
    static Map<String, Object> settings(String text) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String s = part.strip();
            if (s.isEmpty()) {
                continue;
            }
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("client.settings: '" + s + "' is not key=value");
            }
            settings.put(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
        }
        return settings;
    }
}
