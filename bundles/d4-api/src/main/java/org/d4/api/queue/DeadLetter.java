// SPDX-License-Identifier: Apache-2.0
package org.d4.api.queue;

import java.time.Instant;
import java.util.Objects;

/**
 * An item its consumer failed on too often, set aside so it no longer blocks the queue.
 *
 * @param id       the dead letter's id within its queue
 * @param item     the item as it was queued
 * @param attempts how often delivery was tried
 * @param error    the last failure
 * @param at       when it was set aside
 */
public record DeadLetter(long id, QueueItem item, int attempts, String error, Instant at) {
    public DeadLetter {
        Objects.requireNonNull(item, "item");
        error = Objects.requireNonNullElse(error, "");
        Objects.requireNonNull(at, "at");
    }
}
