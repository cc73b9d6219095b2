// SPDX-License-Identifier: Apache-2.0
package org.d4.api.analyzer;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * How one analyzer is doing. Analyzers that were removed stay listed while their queue exists.
 *
 * @param name            the analyzer's name
 * @param deployed        true while its service is registered
 * @param bundle          the symbolic name of the bundle that provides it (empty while not deployed)
 * @param bundleId        that bundle's id, for links to the console's bundle page (-1 while not deployed)
 * @param queue           its queue
 * @param lag             items waiting in the queue
 * @param delivered       items handled since the appliance started
 * @param failures        failed deliveries since the appliance started
 * @param deadLetters     items set aside now
 * @param itemsPerSecond  delivery rate over the last minute
 * @param lastError       the last failure, if any
 * @param lastDelivery    when an item was last handled
 * @param details         the analyzer's own counters and state ({@link Analyzer#details()}); empty while not deployed
 */
public record AnalyzerStatus(String name, boolean deployed, String bundle, long bundleId, UUID queue, long lag,
        long delivered, long failures, long deadLetters, double itemsPerSecond, Optional<String> lastError,
        Optional<Instant> lastDelivery, Map<String, Object> details) {

    public AnalyzerStatus {
        // kept in the analyzer's order, for display; null values left out
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        if (details != null) {
            details.forEach((k, v) -> {
                if (k != null && v != null) {
                    copy.put(k, v);
                }
            });
        }
        details = java.util.Collections.unmodifiableMap(copy);
    }

    /** A status without details. */
    public AnalyzerStatus(String name, boolean deployed, String bundle, long bundleId, UUID queue, long lag, long delivered,
            long failures, long deadLetters, double itemsPerSecond, Optional<String> lastError, Optional<Instant> lastDelivery) {
        this(name, deployed, bundle, bundleId, queue, lag, delivered, failures, deadLetters, itemsPerSecond, lastError, lastDelivery, Map.of());
    }
}
