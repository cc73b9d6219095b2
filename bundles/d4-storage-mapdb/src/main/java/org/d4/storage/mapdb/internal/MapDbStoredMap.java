// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.d4.api.storage.StoredMap;
import org.d4.api.storage.ValueCodec;
import org.mapdb.BTreeMap;

/** A B-tree of encoded values. Updates take the map's lock: they are rare next to reads. */
final class MapDbStoredMap<V> implements StoredMap<V> {
    private final BTreeMap<String, byte[]> tree;
    private final ValueCodec<V> codec;
    private final Runnable onChange;

    MapDbStoredMap(BTreeMap<String, byte[]> tree, ValueCodec<V> codec, Runnable onChange) {
        this.tree = tree;
        this.codec = codec;
        this.onChange = onChange;
    }

    @Override
    public Optional<V> get(String key) {
        byte[] bytes = tree.get(key);
        return bytes == null ? Optional.empty() : Optional.of(codec.decode(bytes));
    }

    @Override
    public synchronized void put(String key, V value) {
        tree.put(key, codec.encode(value));
        onChange.run();
    }

    @Override
    public synchronized Optional<V> remove(String key) {
        byte[] old = tree.remove(key);
        if (old == null) {
            return Optional.empty();
        }
        onChange.run();
        return Optional.of(codec.decode(old));
    }

    @Override
    public synchronized V update(String key, UnaryOperator<V> change) {
        byte[] old = tree.get(key);
        V updated = change.apply(old == null ? null : codec.decode(old));
        if (updated == null) {
            if (old != null) {
                tree.remove(key);
                onChange.run();
            }
        } else {
            tree.put(key, codec.encode(updated));
            onChange.run();
        }
        return updated;
    }

    @Override
    public boolean containsKey(String key) {
        return tree.containsKey(key);
    }

    @Override
    public int size() {
        return tree.size();
    }

    @Override
    public synchronized SortedMap<String, V> snapshot() {
        return decodeAll(tree);
    }

    @Override
    public synchronized SortedMap<String, V> withPrefix(String prefix) {
        return decodeAll(tree.subMap(prefix, prefix + Character.MAX_VALUE));
    }

    @Override
    public synchronized void clear() {
        if (!tree.isEmpty()) {
            tree.clear();
            onChange.run();
        }
    }

    private SortedMap<String, V> decodeAll(Map<String, byte[]> entries) {
        SortedMap<String, V> copy = new TreeMap<>();
        entries.forEach((k, v) -> copy.put(k, codec.decode(v)));
        return copy;
    }
}
