// SPDX-License-Identifier: Apache-2.0
package org.d4.registry.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.d4.api.registry.RegistryEntry;
import org.d4.api.registry.RegistryReplica;
import org.d4.api.storage.KeyValueStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry as one member of a cluster: joins with the cluster's state, hands out the changes
 * made here ({@link Outbox}) and takes those made anywhere, each into the component that keeps its
 * map. Without a bundle that carries the changes, nothing calls it and nothing is recorded.
 */
@Component
public final class ClusterReplica implements RegistryReplica {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterReplica.class);

    private final KeyValueStore store;
    private final Outbox outbox;
    private final List<ReplicatedState> parts;
    private final Map<String, ReplicatedState> partOfMap = new LinkedHashMap<>();

    @Activate
    public ClusterReplica(@Reference KeyValueStore store, @Reference(target = "(" + ReplicatedState.PART + "=sensors)") ReplicatedState sensors,
            @Reference(target = "(" + ReplicatedState.PART + "=policy)") ReplicatedState policy) {
        this.store = store;
        this.outbox = new Outbox(store);
        this.parts = List.of(sensors, policy);
        for (ReplicatedState part : parts) {
            part.entries().keySet().forEach(map -> partOfMap.put(map, part));
        }
    }

    @Override
    public synchronized void join(Map<String, RegistryEntry> cluster) {
        boolean first = cluster.isEmpty();
        boolean wasMember = outbox.member();
        outbox.join();
        int offered = 0;
        int dropped = 0;
        for (ReplicatedState part : parts) {
            for (Map.Entry<String, Map<String, byte[]>> map : part.entries().entrySet()) {
                String name = map.getKey();
                for (Map.Entry<String, byte[]> e : map.getValue().entrySet()) {
                    if (first) {
                        outbox.changed(name, e.getKey(), Optional.of(e.getValue()));
                        offered++;
                    } else if (!cluster.containsKey(RegistryEntry.path(name, e.getKey())) && !outbox.holds(name, e.getKey())) {
                        part.take(new RegistryEntry(name, e.getKey(), Optional.empty()));
                        dropped++;
                    }
                }
            }
        }
        int taken = 0;
        for (RegistryEntry e : cluster.values()) {
            ReplicatedState part = partOfMap.get(e.map());
            if (part != null) {
                part.take(e);
                taken++;
            }
        }
        store.commit();
        if (first) {
            LOG.info("Registry: the cluster was empty; this appliance's {} entries go to it", offered);
        } else {
            LOG.info("Registry: {} the cluster with {} entries ({} of this appliance's dropped, {} changes made here still to send)",
                    wasMember ? "joined again" : "joined", taken, dropped, outbox.size());
        }
    }

    @Override
    public List<RegistryEntry> outgoing(int max) {
        return outbox.first(max);
    }

    @Override
    public synchronized void delivered(List<RegistryEntry> changes) {
        outbox.delivered(changes);
        store.commit();
    }

    @Override
    public synchronized void apply(RegistryEntry change) {
        ReplicatedState part = partOfMap.get(change.map());
        if (part == null) {
            LOG.debug("Registry: left out a change of unknown map {}", change.map());
            return;
        }
        part.take(change);
        store.commit();
    }

    @Override
    public synchronized void leave() {
        int unsent = outbox.size();
        outbox.leave();
        store.commit();
        LOG.info("Registry: left the cluster ({} changes made here not sent); the registry is this appliance's own", unsent);
    }
}
