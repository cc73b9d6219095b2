// SPDX-License-Identifier: Apache-2.0
package org.d4.api.queue;

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
     * Whether any queue takes this session's data right now, so a worker can skip cutting data
     * into units nobody wants. The answer may change at any moment as queues come and go.
     */
    default boolean wanted() {
        return true;
    }
}
