// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.d4.api.ingest.ClusterSessions;

/**
 * The connections bound to a sensor: at most one per (UUID, type), except meta-header connections
 * (types 2 and 254), which a sensor may open several of. In a cluster, at most one per (UUID, type)
 * across its appliances: the cluster is asked after the appliance's own rule.
 */
final class LiveSessions {
    private record Key(UUID uuid, int type) {}

    private final Map<Key, Channel> exclusive = new ConcurrentHashMap<>();
    private final Map<UUID, Set<Channel>> bySensor = new ConcurrentHashMap<>();
    private volatile ClusterSessions cluster;

    /**
     * The cluster's sessions (a single appliance has none). The connections already taken are
     * claimed in it; one another appliance holds is closed, as a second connection would be.
     */
    void cluster(ClusterSessions sessions) {
        this.cluster = sessions;
        exclusive.forEach((key, channel) -> {
            if (!sessions.claim(key.uuid(), key.type(), () -> channel.close())) {
                channel.close();
            } else if (!exclusive.containsKey(key)) {
                sessions.release(key.uuid(), key.type());      // the connection ended meanwhile, its unbind maybe before this claim
            }
        });
    }

    /** The cluster's sessions went away (unless they were replaced meanwhile). */
    void clusterGone(ClusterSessions sessions) {
        if (cluster == sessions) {
            cluster = null;
        }
    }

    static boolean isExclusive(int type) {
        return type != 2 && type != 254;
    }

    /**
     * Binds the channel; false if the sensor already has a live connection of that type, here or
     * on another appliance of the cluster. {@code lost} closes the channel when another appliance's
     * simultaneous claim wins.
     */
    boolean bind(UUID uuid, int type, Channel channel, Runnable lost) {
        if (isExclusive(type)) {
            Key key = new Key(uuid, type);
            if (exclusive.putIfAbsent(key, channel) != null) {
                return false;
            }
            ClusterSessions c = cluster;
            if (c != null && !c.claim(uuid, type, lost)) {
                exclusive.remove(key, channel);
                return false;
            }
        }
        bySensor.computeIfAbsent(uuid, u -> ConcurrentHashMap.newKeySet()).add(channel);
        return true;
    }

    void unbind(UUID uuid, int type, Channel channel) {
        if (isExclusive(type) && exclusive.remove(new Key(uuid, type), channel)) {
            ClusterSessions c = cluster;        // read after the removal: a cluster arriving meanwhile may have claimed it
            if (c != null) {
                c.release(uuid, type);
            }
        }
        bySensor.computeIfPresent(uuid, (u, set) -> {
            set.remove(channel);
            return set.isEmpty() ? null : set;
        });
    }

    List<Channel> of(UUID uuid) {
        Set<Channel> set = bySensor.get(uuid);
        return set == null ? List.of() : List.copyOf(set);
    }

    int sensorsConnected() {
        return bySensor.size();
    }

    Set<UUID> sensors() {
        return Set.copyOf(bySensor.keySet());
    }
}
