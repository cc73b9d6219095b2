// SPDX-License-Identifier: Apache-2.0
package org.d4.api.queue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link QueueFeed} as it is now.
 *
 * @param name    what it is ({@code Kafka intake})
 * @param origin  where it reads ({@code group d4-analyzers at kafka1:9092})
 * @param sources what it reads, one entry per topic
 * @param problem why it does not read now, if it does not
 * @param details its own counters (dead letters sent away, say), in display order; null values left out
 */
public record FeedStatus(String name, String origin, List<FeedSource> sources, Optional<String> problem, Map<String, Object> details) {
    public FeedStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
        sources = List.copyOf(sources);
        Objects.requireNonNull(problem, "problem");
        Map<String, Object> copy = new LinkedHashMap<>();
        if (details != null) {
            details.forEach((k, v) -> {
                if (k != null && v != null) {
                    copy.put(k, v);
                }
            });
        }
        details = Collections.unmodifiableMap(copy);
    }
}
