// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The registry's side of a cluster, used by the bundle that carries its changes between appliances
 * (sensors, keys, approvals, blacklists, accepted types, server mode and kicks). The cluster's
 * record of changes is the truth: an appliance that joins it takes the cluster's state; a change
 * made here is applied here at once and kept as outgoing until the cluster has it, so it survives a
 * restart and an outage of the cluster. Thread-safe.
 */
@ProviderType
public interface RegistryReplica {

    /**
     * Joins the cluster with its current state (each path's latest entry, removed ones included).
     * An empty cluster takes this appliance's entries as outgoing changes; otherwise this appliance
     * takes the cluster's entries and drops the ones the cluster does not have, except its own
     * outgoing changes, which stay to be sent. Later joins (after a restart) work the same way.
     */
    void join(Map<String, RegistryEntry> cluster);

    /** Changes made here that the cluster has not confirmed yet (each entry's latest), in no particular order, at most {@code max}. */
    List<RegistryEntry> outgoing(int max);

    /** The cluster has these outgoing changes: they leave the outgoing list unless changed again meanwhile. */
    void delivered(List<RegistryEntry> changes);

    /**
     * Applies a change read from the cluster (made on any appliance, this one included), with its
     * effects (a deleted, kicked or re-keyed sensor's connections close); ignored while a change of
     * the same entry made here is still outgoing.
     */
    void apply(RegistryEntry change);

    /**
     * This appliance leaves the cluster (its link's configuration was removed): its changes are no
     * longer recorded for the cluster and those not sent yet are dropped; its registry stays as it
     * is, its own again. Joining later works as a first join.
     */
    void leave();
}
