// SPDX-License-Identifier: Apache-2.0
package org.d4.api.queue;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where one session's data goes: the queues whose selector matches its type and sensor, followed
 * as queues are created, edited and deleted. Obtained once per session, used for every unit.
 */
@ProviderType
public interface QueueRoute {

    /**
     * Appends one unit to every matching queue (dropping each full queue's oldest item).
     * Cheap when no queue matches. Thread-safe.
     *
     * @return how many queues took it
     */
    int push(byte[] data);

    /**
     * Appends units in order, as {@link #push(byte[])} does, and records where their producer
     * stands, as one change: after a crash the queues hold all of these units and the position,
     * or none of them. A producer that keeps its own durable copy of the units (the archive) reads
     * the position back at its next start ({@link QueueService#positions}) and pushes again what
     * lies beyond it, so every unit reaches the queues once.
     *
     * @param units       the units, oldest first; may be empty (the position alone moves)
     * @param positionKey the producer's key (at most {@value QueueService#MAX_POSITION_KEY} characters)
     * @param position    opaque to the queues (at most {@value QueueService#MAX_POSITION_BYTES} bytes); null forgets the key
     * @return how many queues took the units
     */
    int push(List<byte[]> units, String positionKey, byte[] position);

    /**
     * Whether any queue takes this session's data right now, so a worker can skip cutting data
     * into units nobody wants. The answer may change at any moment as queues come and go.
     */
    default boolean wanted() {
        return true;
    }
}
