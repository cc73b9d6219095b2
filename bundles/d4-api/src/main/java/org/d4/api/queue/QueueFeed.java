// SPDX-License-Identifier: Apache-2.0
package org.d4.api.queue;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Something that fills this appliance's queues from outside it, such as the Kafka intake of an
 * analysis appliance. The analyzers page, {@code GET /api/v1/feeds} and {@code d4:analyzers} show
 * how far behind it is and how fast it takes: an analyzer's own lag counts only its local queue.
 */
@ConsumerType
public interface QueueFeed {
    /** How it is doing now; cheap enough for a page that refreshes. */
    FeedStatus status();
}
