// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.util.Arrays;

/**
 * The storage of the attack vectors: one fixed-size record of longs per vector in one flat array,
 * found by victim address through an open-addressing index of record numbers. No object per vector
 * or per packet: a million vectors are two arrays, a packet's update touches its index slot and its
 * record's few cache lines, and the garbage collector has nothing to trace. What does not fit in a
 * record (more than three ports or ICMP types, more than eight targets, routers, protocols above
 * 63) goes to an {@link Extras} object made for the few vectors that need it.
 */
final class VectorTable {
    // record layout, the fields every packet updates first
    static final int HI = 0;
    static final int LO = 1;
    static final int LAST = 2;
    static final int PACKETS = 3;
    static final int BYTES = 4;
    /** Protocol numbers below 64, as bits. */
    static final int PROTOCOLS = 5;
    static final int CURRENT_BUCKET = 6;
    /** Packets in the current one-minute window (high half) and the most in any (low half). */
    static final int WINDOW = 7;
    /** The six 10-second buckets of the window, two ints a long. */
    static final int BUCKETS = 8;
    /** Up to three ports, three ICMP types: see {@link #inlineAdd}. */
    static final int PORTS = 11;
    static final int TYPES = 12;
    /** Up to eight distinct targets (IPv4 addresses or IPv6 hashes), two ints a long, and how many. */
    static final int TARGETS = 13;
    static final int INLINE_TARGETS = 8;
    static final int TARGET_COUNT = 17;
    static final int FIRST = 18;
    static final int FIRST_FILE = 19;
    static final int LAST_FILE = 20;
    static final int STRIDE = 21;

    /** The inline set's count once its values moved to an {@link Extras} set. */
    static final int SPILLED = 0xffff;
    static final long FULL = -1L;

    /** What a record has no room for; made only for the vectors that need it. */
    static final class Extras {
        SmallSet ports;
        SmallSet icmpTypes;
        DistinctCounter targets;
        SmallSet otherProtocols;
        long routerHi;
        long routerLo;
        long routerPackets;
    }

    long[] records;
    private Object[] extras;
    /** Bit per record number: in use. */
    private long[] live;
    /**
     * Hash slots: the record number + 1 in the low half (0 for an empty slot), the address's hash in
     * the high half, so a probe or a deletion reads records only for a matching hash.
     */
    private long[] index;
    private int mask;
    private int size;
    /** Record numbers below this have been handed out; the free ones are on the stack below. */
    private int used;
    private int[] free = new int[16];
    private int freeCount;
    private long seed = 0x9E3779B97F4A7C15L;
    private long prefetched;

    VectorTable(int initialCapacity) {
        int capacity = Math.max(16, initialCapacity);
        records = new long[capacity * STRIDE];
        extras = new Object[capacity];
        live = new long[(capacity + 63) >>> 6];
        int slots = Integer.highestOneBit(capacity * 2 - 1) * 2;
        index = new long[slots];
        mask = slots - 1;
    }

    int size() {
        return size;
    }

    /** The record number of this victim's vector, or -1. */
    int find(long hi, long lo) {
        long[] r = records;
        long[] ix = index;
        int h = hash(hi, lo);
        int i = h & mask;
        for (long e = ix[i]; e != 0; e = ix[i]) {
            if ((int) (e >>> 32) == h) {
                int id = (int) e - 1;
                int k = id * STRIDE;
                if (r[k + HI] == hi && r[k + LO] == lo) {
                    return id;
                }
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /**
     * Reads the index slot of an address, so that it is in the cache when looked up a little later:
     * the reads of several packets' slots then wait for memory together, not in turn. Only speed
     * depends on it; the sum of what was read is kept so the reads are not left out as useless.
     */
    void prefetchIndex(long hi, long lo) {
        prefetched += index[hash(hi, lo) & mask];
    }

    /** Likewise the cache lines of the record of an address, if it has one. */
    void prefetchRecord(long hi, long lo) {
        int id = find(hi, lo);
        if (id >= 0) {
            int k = id * STRIDE;
            prefetched += records[k + PACKETS] + records[k + TARGETS + 3] + records[k + LAST_FILE];
        }
    }

    /** A new, zeroed record for this victim (not already present); returns its number. */
    int create(long hi, long lo) {
        if ((size + 1) * 2 > index.length) {
            rehash(index.length * 2);
        }
        int id;
        if (freeCount > 0) {
            id = free[--freeCount];
        } else {
            if (used == extras.length) {
                growRecords();
            }
            id = used++;
        }
        int k = id * STRIDE;
        Arrays.fill(records, k, k + STRIDE, 0L);
        records[k + HI] = hi;
        records[k + LO] = lo;
        live[id >>> 6] |= 1L << id;
        insert(hash(hi, lo), id);
        size++;
        return id;
    }

    /** Frees a record; its number may be handed out again by the next {@link #create}. */
    void remove(int id) {
        int k = id * STRIDE;
        int i = hash(records[k + HI], records[k + LO]) & mask;
        while ((int) index[i] != id + 1) {
            i = (i + 1) & mask;
        }
        deleteAt(i);
        live[id >>> 6] &= ~(1L << id);
        extras[id] = null;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = id;
        size--;
    }

    boolean isLive(int id) {
        return id >= 0 && id < used && (live[id >>> 6] & (1L << id)) != 0;
    }

    /** The record numbers in use, ascending, into a new array. */
    int[] ids() {
        int[] out = new int[size];
        int n = 0;
        for (int id = 0; id < used; id++) {
            if ((live[id >>> 6] & (1L << id)) != 0) {
                out[n++] = id;
            }
        }
        return out;
    }

    /** The record numbers in use whose last packet is older than {@code limit}, ascending. */
    int[] olderThan(long limit) {
        int[] out = new int[16];
        int n = 0;
        long[] r = records;
        for (int id = 0, k = LAST; id < used; id++, k += STRIDE) {
            if (r[k] < limit && (live[id >>> 6] & (1L << id)) != 0) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = id;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Up to {@code n} record numbers in use, spread from a pseudo-random start (eviction samples). */
    int[] sample(int n) {
        int[] out = new int[Math.min(n, size)];
        if (out.length == 0) {
            return out;
        }
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        int id = (int) ((seed >>> 33) % used);
        int step = 1 + (int) ((seed >>> 17) & 63);
        int found = 0;
        for (int seen = 0; seen < used && found < out.length; seen++) {
            if ((live[id >>> 6] & (1L << id)) != 0) {
                out[found++] = id;
                id = (id + step) % used;
            } else {
                id = (id + 1) % used;
            }
        }
        return found == out.length ? out : Arrays.copyOf(out, found);
    }

    /** The vector's overflow object, made on first use. */
    Extras extras(int id) {
        Object e = extras[id];
        if (e == null) {
            e = new Extras();
            extras[id] = e;
        }
        return (Extras) e;
    }

    /** The overflow object if the vector has one, else null. */
    Extras extrasIfAny(int id) {
        return (Extras) extras[id];
    }

    /** Sorts ascending record numbers by the vectors' first packet, equal ones keeping their order. */
    void sortByFirst(int[] ids) {
        if (ids.length < 2) {
            return;
        }
        // usually one primitive sort of (first packet - earliest, position) packed in a long
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int id : ids) {
            long first = records[id * STRIDE + FIRST];
            min = Math.min(min, first);
            max = Math.max(max, first);
        }
        int positionBits = 32 - Integer.numberOfLeadingZeros(ids.length);
        if (max - min >= 0 && (max - min) >>> (63 - positionBits) == 0) {
            long[] keys = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                keys[i] = (records[ids[i] * STRIDE + FIRST] - min) << positionBits | i;
            }
            java.util.Arrays.sort(keys);
            int[] sorted = new int[ids.length];
            long positionMask = (1L << positionBits) - 1;
            for (int i = 0; i < ids.length; i++) {
                sorted[i] = ids[(int) (keys[i] & positionMask)];
            }
            System.arraycopy(sorted, 0, ids, 0, ids.length);
            return;
        }
        mergeSortByFirst(ids);
    }

    private void mergeSortByFirst(int[] ids) {
        int[] buffer = new int[ids.length];
        for (int width = 1; width < ids.length; width *= 2) {
            for (int from = 0; from < ids.length; from += 2 * width) {
                int mid = Math.min(from + width, ids.length);
                int to = Math.min(from + 2 * width, ids.length);
                int a = from;
                int b = mid;
                for (int o = from; o < to; o++) {
                    if (b >= to || (a < mid && records[ids[a] * STRIDE + FIRST] <= records[ids[b] * STRIDE + FIRST])) {
                        buffer[o] = ids[a++];
                    } else {
                        buffer[o] = ids[b++];
                    }
                }
            }
            System.arraycopy(buffer, 0, ids, 0, ids.length);
        }
    }

    /**
     * Adds a 16-bit value to an inline set of up to three held in one long (values in bits 0-15,
     * 16-31, 32-47, their count in bits 48-63): the new long, or {@link #FULL} when three other values
     * are there already.
     */
    static long inlineAdd(long set, int value) {
        int n = (int) (set >>> 48);
        for (int i = 0; i < n; i++) {
            if ((int) ((set >>> (16 * i)) & 0xffff) == value) {
                return set;
            }
        }
        if (n == 3) {
            return FULL;
        }
        return (set & 0xffff_ffff_ffffL) | ((long) value << (16 * n)) | ((long) (n + 1) << 48);
    }

    static int inlineCount(long set) {
        return (int) (set >>> 48);
    }

    static int inlineValue(long set, int i) {
        return (int) ((set >>> (16 * i)) & 0xffff);
    }

    private void deleteAt(int hole) {
        index[hole] = 0;
        int i = (hole + 1) & mask;
        while (index[i] != 0) {
            int home = (int) (index[i] >>> 32) & mask;
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                index[hole] = index[i];
                index[i] = 0;
                hole = i;
            }
            i = (i + 1) & mask;
        }
    }

    private static int hash(long hi, long lo) {
        long h = (hi * 0x9E3779B97F4A7C15L) ^ lo;
        h = (h ^ (h >>> 32)) * 0xd6e8feb86659fd93L;
        return (int) (h ^ (h >>> 32));
    }

    private void insert(int hash, int id) {
        int i = hash & mask;
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = ((long) hash << 32) | (id + 1);
    }

    private void rehash(int slots) {
        long[] old = index;
        index = new long[slots];
        mask = slots - 1;
        for (long e : old) {
            if (e != 0) {
                insert((int) (e >>> 32), (int) e - 1);
            }
        }
    }

    private void growRecords() {
        int capacity = extras.length * 2;
        records = Arrays.copyOf(records, capacity * STRIDE);
        extras = Arrays.copyOf(extras, capacity);
        live = Arrays.copyOf(live, (capacity + 63) >>> 6);
    }
}
