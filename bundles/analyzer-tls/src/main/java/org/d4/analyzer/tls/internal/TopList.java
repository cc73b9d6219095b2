// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The most frequent values of something (addresses, names), at most {@code capacity} of them, with
 * their counts. Beyond capacity a new value takes the place of the least counted one and inherits
 * its count (the space-saving algorithm of Metwally et al.): a value seen often enough always gets
 * in, and a count is never less than the true one. Not thread-safe.
 */
final class TopList {
    /** A value and how often it was seen (an upper bound once values were replaced). */
    record Entry(String value, long count) {
    }

    private final List<Entry> entries;

    TopList() {
        this(new ArrayList<>());
    }

    private TopList(List<Entry> entries) {
        this.entries = entries;
    }

    void add(String value, long n, int capacity) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.value().equals(value)) {
                entries.set(i, new Entry(value, saturated(e.count() + n)));
                return;
            }
        }
        if (entries.size() < capacity) {
            entries.add(new Entry(value, n));
            return;
        }
        int least = 0;
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).count() < entries.get(least).count()) {
                least = i;
            }
        }
        entries.set(least, new Entry(value, saturated(entries.get(least).count() + n)));
    }

    /** Most counted first. */
    List<Entry> sorted() {
        List<Entry> out = new ArrayList<>(entries);
        out.sort(Comparator.comparingLong(Entry::count).reversed().thenComparing(Entry::value));
        return out;
    }

    boolean contains(String value) {
        return entries.stream().anyMatch(e -> e.value().equals(value));
    }

    int size() {
        return entries.size();
    }

    void write(DataOutput out) throws IOException {
        out.writeShort(entries.size());
        for (Entry e : entries) {
            out.writeUTF(e.value());
            out.writeLong(e.count());
        }
    }

    static TopList read(DataInput in) throws IOException {
        int n = in.readUnsignedShort();
        List<Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(new Entry(in.readUTF(), in.readLong()));
        }
        return new TopList(entries);
    }

    private static long saturated(long sum) {
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
