// SPDX-License-Identifier: Apache-2.0
package org.d4.api.queue;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** An edit of a queue: each present field replaces the queue's value; the type stays. */
public record QueueChange(Optional<String> description, Optional<Integer> maxSize, Optional<Set<UUID>> sensors) {
    public QueueChange {
        description = Objects.requireNonNullElse(description, Optional.empty());
        maxSize = Objects.requireNonNullElse(maxSize, Optional.empty());
        sensors = Objects.requireNonNullElse(sensors, Optional.empty());
    }

    public boolean isEmpty() {
        return description.isEmpty() && maxSize.isEmpty() && sensors.isEmpty();
    }
}
