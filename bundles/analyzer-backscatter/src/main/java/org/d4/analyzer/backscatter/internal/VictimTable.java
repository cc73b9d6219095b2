// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An open-addressing hash map from a 128-bit address to a value: no object per entry or per
 * lookup, so a million tracked addresses stay small. Each slot's address and time stamp lie side by
 * side in one array (a lookup touches one cache line there, then the value); finding the silent
 * entries is one sequential pass over that array.
 */
final class VictimTable<V> {
    private static final int STRIDE = 3;
    /** hi, lo, stamp per slot. */
    private long[] slots;
    private Object[] values;
    private int mask;
    private int size;
    private long seed = 0x9E3779B97F4A7C15L;

    VictimTable(int initialCapacity) {
        int capacity = Integer.highestOneBit(Math.max(16, initialCapacity) * 2 - 1);
        slots = new long[capacity * STRIDE];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    /** The slot holding this address, or -1; valid until the next put or remove. */
    int find(long hi, long lo) {
        int i = slot(hi, lo);
        while (values[i] != null) {
            int k = i * STRIDE;
            if (slots[k] == hi && slots[k + 1] == lo) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    V at(int slot) {
        return (V) values[slot];
    }

    void stamp(int slot, long stamp) {
        slots[slot * STRIDE + 2] = stamp;
    }

    V get(long hi, long lo) {
        int i = find(hi, lo);
        return i < 0 ? null : at(i);
    }

    /** Adds or replaces; returns the slot, valid until the next put or remove. A new entry's stamp is the largest. */
    int put(long hi, long lo, V value) {
        if ((size + 1) * 2 > values.length) {
            grow();
        }
        int i = slot(hi, lo);
        while (values[i] != null) {
            int k = i * STRIDE;
            if (slots[k] == hi && slots[k + 1] == lo) {
                values[i] = value;
                return i;
            }
            i = (i + 1) & mask;
        }
        int k = i * STRIDE;
        slots[k] = hi;
        slots[k + 1] = lo;
        slots[k + 2] = Long.MAX_VALUE;
        values[i] = value;
        size++;
        return i;
    }

    void remove(long hi, long lo) {
        int i = find(hi, lo);
        if (i >= 0) {
            deleteAt(i);
        }
    }

    /** Linear probing deletion: moves later entries of the cluster back so lookups still find them. */
    private void deleteAt(int hole) {
        values[hole] = null;
        size--;
        int i = (hole + 1) & mask;
        while (values[i] != null) {
            int k = i * STRIDE;
            int home = slot(slots[k], slots[k + 1]);
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                System.arraycopy(slots, k, slots, hole * STRIDE, STRIDE);
                values[hole] = values[i];
                values[i] = null;
                hole = i;
            }
            i = (i + 1) & mask;
        }
    }

    /** Adds to {@code out} every value whose stamp is below {@code limit}. */
    @SuppressWarnings("unchecked")
    void collectOlder(long limit, List<V> out) {
        for (int i = 0, k = 2; i < values.length; i++, k += STRIDE) {
            if (slots[k] < limit && values[i] != null) {
                out.add((V) values[i]);
            }
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
        long[] old = slots;
        Object[] oldValues = values;
        int capacity = values.length * 2;
        slots = new long[capacity * STRIDE];
        values = new Object[capacity];
        mask = capacity - 1;
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                int k = i * STRIDE;
                int at = put(old[k], old[k + 1], uncheckedCast(oldValues[i]));
                slots[at * STRIDE + 2] = old[k + 2];
            }
        }
    }

    @SuppressWarnings("unchecked")
    private V uncheckedCast(Object o) {
        return (V) o;
    }
}
