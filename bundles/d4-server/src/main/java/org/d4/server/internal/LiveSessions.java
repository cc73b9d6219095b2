// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections bound to a sensor: at most one per (UUID, type), except meta-header connections
 * (types 2 and 254), which a sensor may open several of.
 */
final class LiveSessions {
    private record Key(UUID uuid, int type) {}

    private final Map<Key, Channel> exclusive = new ConcurrentHashMap<>();
    private final Map<UUID, Set<Channel>> bySensor = new ConcurrentHashMap<>();

    static boolean isExclusive(int type) {
        return type != 2 && type != 254;
    }

    /** Binds the channel; false if the sensor already has a live connection of that type. */
    boolean bind(UUID uuid, int type, Channel channel) {
        if (isExclusive(type) && exclusive.putIfAbsent(new Key(uuid, type), channel) != null) {
            return false;
        }
        bySensor.computeIfAbsent(uuid, u -> ConcurrentHashMap.newKeySet()).add(channel);
        return true;
    }

    void unbind(UUID uuid, int type, Channel channel) {
        if (isExclusive(type)) {
            exclusive.remove(new Key(uuid, type), channel);
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
