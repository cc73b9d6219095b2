// SPDX-License-Identifier: Apache-2.0
package org.d4.registry.internal;

import java.util.Map;
import org.d4.api.registry.RegistryEntry;

/** A registry component whose state a cluster shares: its maps as carried between appliances. */
interface ReplicatedState {
    /** The component property naming the part, for the replica's references. */
    String PART = "registry.part";

    /** Each map it keeps, by name, with its entries as carried between appliances. */
    Map<String, Map<String, byte[]>> entries();

    /**
     * Takes an entry from the cluster into the store (not committed: the caller commits) and into
     * memory, with its effects; does nothing while the outbox holds a change of it made here.
     */
    void take(RegistryEntry entry);
}
