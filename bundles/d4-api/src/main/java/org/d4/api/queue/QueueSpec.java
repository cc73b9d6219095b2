// SPDX-License-Identifier: Apache-2.0
package org.d4.api.queue;

import java.util.Objects;
import java.util.Optional;

/**
 * What to create a queue with.
 *
 * @param selector    the data it receives
 * @param description free text for the operator
 * @param maxSize     the most items it keeps; beyond that the oldest are dropped (and counted)
 * @param owner       the analyzer the queue was created for, if any
 */
public record QueueSpec(QueueSelector selector, String description, int maxSize, Optional<String> owner) {
    /** The largest maximum length a queue may have. */
    public static final int MAX_SIZE_LIMIT = 100_000_000;

    public QueueSpec {
        Objects.requireNonNull(selector, "selector");
        description = Objects.requireNonNullElse(description, "");
        owner = Objects.requireNonNullElse(owner, Optional.empty());
        if (maxSize < 1 || maxSize > MAX_SIZE_LIMIT) {
            throw new IllegalArgumentException("max size must be 1 to " + MAX_SIZE_LIMIT + ", not " + maxSize);
        }
        if (description.length() > 1024) {
            throw new IllegalArgumentException("description longer than 1024 characters");
        }
    }
}
