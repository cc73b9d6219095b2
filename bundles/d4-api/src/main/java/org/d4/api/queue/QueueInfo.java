// SPDX-License-Identifier: Apache-2.0
package org.d4.api.queue;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A queue and its counters as they are now.
 *
 * @param uuid        the queue's id (also in its RESP list name)
 * @param selector    the data it receives
 * @param description free text
 * @param maxSize     the most items it keeps
 * @param owner       the analyzer it was created for, if any
 * @param length      items in it now
 * @param in          items pushed since it was created
 * @param out         items taken out by consumers
 * @param dropped     oldest items dropped because the queue was full
 * @param deadLetters items that failed delivery too often, kept aside
 * @param lastUpdate  the last push or take, if any
 */
public record QueueInfo(UUID uuid, QueueSelector selector, String description, int maxSize, Optional<String> owner,
        long length, long in, long out, long dropped, long deadLetters, Optional<Instant> lastUpdate) {

    /** The list name external analyzers of the reference system use: {@code analyzer:<type>:<uuid>}. */
    public String listName() {
        return "analyzer:" + selector.key() + ":" + uuid;
    }
}
