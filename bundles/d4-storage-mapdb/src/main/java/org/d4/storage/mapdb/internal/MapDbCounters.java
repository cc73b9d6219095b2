// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.d4.api.storage.CounterMap;
import org.mapdb.BTreeMap;

/** Counters as a B-tree of longs; {@code merge} on the concurrent map keeps {@link #add} atomic. */
final class MapDbCounters implements CounterMap {
    private final BTreeMap<String, Long> tree;
    private final Runnable onChange;

    MapDbCounters(BTreeMap<String, Long> tree, Runnable onChange) {
        this.tree = tree;
        this.onChange = onChange;
    }

    @Override
    public long add(String key, long delta) {
        long value = tree.merge(key, delta, Long::sum);
        onChange.run();
        return value;
    }

    @Override
    public long get(String key) {
        Long value = tree.get(key);
        return value == null ? 0 : value;
    }

    @Override
    public SortedMap<String, Long> withPrefix(String prefix) {
        return new TreeMap<>(tree.subMap(prefix, prefix + Character.MAX_VALUE));
    }

    @Override
    public int removePrefix(String prefix) {
        List<String> keys = new ArrayList<>(tree.subMap(prefix, prefix + Character.MAX_VALUE).keySet());
        keys.forEach(tree::remove);
        if (!keys.isEmpty()) {
            onChange.run();
        }
        return keys.size();
    }
}
