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
}
