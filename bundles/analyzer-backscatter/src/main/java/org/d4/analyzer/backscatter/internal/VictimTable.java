// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An open-addressing hash map from a 128-bit address to a value: two longs and a reference per
 * slot, no object per entry or per lookup, so a million tracked addresses stay small.
 */
final class VictimTable<V> {
    private long[] keys;
    private Object[] values;
    private int mask;
    private int size;
    private long seed = 0x9E3779B97F4A7C15L;

    VictimTable(int initialCapacity) {
        int capacity = Integer.highestOneBit(Math.max(16, initialCapacity) * 2 - 1);
        keys = new long[capacity * 2];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(long hi, long lo) {
        int i = slot(hi, lo);
        while (values[i] != null) {
            if (keys[2 * i] == hi && keys[2 * i + 1] == lo) {
                return (V) values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    void put(long hi, long lo, V value) {
        if ((size + 1) * 2 > values.length) {
            grow();
        }
        int i = slot(hi, lo);
        while (values[i] != null) {
            if (keys[2 * i] == hi && keys[2 * i + 1] == lo) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[2 * i] = hi;
        keys[2 * i + 1] = lo;
        values[i] = value;
        size++;
    }

    void remove(long hi, long lo) {
        int i = slot(hi, lo);
        while (values[i] != null) {
            if (keys[2 * i] == hi && keys[2 * i + 1] == lo) {
                deleteAt(i);
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Linear probing deletion: moves later entries of the cluster back so lookups still find them. */
    private void deleteAt(int hole) {
        values[hole] = null;
        size--;
        int i = (hole + 1) & mask;
        while (values[i] != null) {
            int home = slot(keys[2 * i], keys[2 * i + 1]);
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                keys[2 * hole] = keys[2 * i];
                keys[2 * hole + 1] = keys[2 * i + 1];
                values[hole] = values[i];
                values[i] = null;
                hole = i;
            }
            i = (i + 1) & mask;
        }
    }

    @SuppressWarnings("unchecked")
    void forEach(Consumer<V> action) {
        for (Object v : values) {
            if (v != null) {
                action.accept((V) v);
            }
        }
    }

    /** Up to {@code n} values from slots picked from a pseudo-random start (eviction samples). */
    @SuppressWarnings("unchecked")
    List<V> sample(int n) {
        List<V> out = new ArrayList<>(n);
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        int i = (int) (seed >>> 33) & mask;
        for (int seen = 0; seen < values.length && out.size() < n; seen++) {
            if (values[i] != null) {
                out.add((V) values[i]);
                i = (i + 1 + (int) ((seed >>> 17) & 63)) & mask;
            } else {
                i = (i + 1) & mask;
            }
        }
        return out;
    }

    private int slot(long hi, long lo) {
        long h = (hi * 0x9E3779B97F4A7C15L) ^ lo;
        h = (h ^ (h >>> 32)) * 0xd6e8feb86659fd93L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        int capacity = values.length * 2;
        keys = new long[capacity * 2];
        values = new Object[capacity];
        mask = capacity - 1;
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[2 * i], oldKeys[2 * i + 1], uncheckedCast(oldValues[i]));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private V uncheckedCast(Object o) {
        return (V) o;
    }
}
