// SPDX-License-Identifier: Apache-2.0
package org.d4.registry.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.d4.api.registry.RegistryEntry;
import org.d4.api.storage.KeyValueStore;
import org.d4.api.storage.StoredMap;
import org.d4.api.storage.ValueCodec;

/**
 * The registry's changes the cluster has not confirmed yet, kept in the store next to the changes
 * themselves and committed with them: a change made while the brokers are away, or just before a
 * crash, is still sent. Only once the appliance has joined a cluster are changes recorded (a lone
 * appliance keeps nothing here). Each path keeps its latest change; all state is in the store, so
 * every registry component may hold an instance of its own.
 */
final class Outbox {
    static final String MEMBERSHIP_MAP = "registry.cluster";
    static final String OUTGOING_MAP = "registry.outgoing";
    private static final String MEMBER = "member";
    private static final ValueCodec<byte[]> BYTES = new ValueCodec<>() {
        @Override
        public byte[] encode(byte[] value) {
            return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return bytes;
        }
    };

    private final StoredMap<byte[]> membership;
    private final StoredMap<byte[]> outgoing;

    Outbox(KeyValueStore store) {
        this.membership = store.map(MEMBERSHIP_MAP, BYTES);
        this.outgoing = store.map(OUTGOING_MAP, BYTES);
    }

    boolean member() {
        return membership.containsKey(MEMBER);
    }

    /** From now on changes are recorded (committed with the caller's next commit). */
    void join() {
        membership.put(MEMBER, new byte[0]);
    }

    /** No longer a member: nothing recorded from now on, nothing kept to send (committed with the caller's next commit). */
    void leave() {
        membership.remove(MEMBER);
        outgoing.clear();
    }

    /** A change made here; not committed: the caller commits it with the change itself. */
    void changed(String map, String key, Optional<byte[]> value) {
        if (member()) {
            outgoing.put(RegistryEntry.path(map, key), encode(value));
        }
    }

    /** Whether a change of this entry made here is still to be sent. */
    boolean holds(String map, String key) {
        return outgoing.containsKey(RegistryEntry.path(map, key));
    }

    List<RegistryEntry> first(int max) {
        List<RegistryEntry> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : outgoing.snapshot().entrySet()) {
            if (out.size() >= max) {
                break;
            }
            out.add(RegistryEntry.at(e.getKey(), decode(e.getValue()).orElse(null)));
        }
        return out;
    }

    /** Drops the changes the cluster has, unless changed again since (not committed). */
    void delivered(List<RegistryEntry> changes) {
        for (RegistryEntry c : changes) {
            byte[] sent = encode(c.value());
            outgoing.update(c.path(), now -> now != null && Arrays.equals(now, sent) ? null : now);
        }
    }

    int size() {
        return outgoing.size();
    }

    // a removed entry is one byte 0; a present one is 1 and its bytes
    private static byte[] encode(Optional<byte[]> value) {
        if (value.isEmpty()) {
            return new byte[] {0};
        }
        byte[] v = value.get();
        byte[] out = new byte[v.length + 1];
        out[0] = 1;
        System.arraycopy(v, 0, out, 1, v.length);
        return out;
    }

    private static Optional<byte[]> decode(byte[] stored) {
        return stored.length == 0 || stored[0] == 0 ? Optional.empty() : Optional.of(Arrays.copyOfRange(stored, 1, stored.length));
    }
}
