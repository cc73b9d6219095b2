// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/** Distinct small values (ports, protocols, ICMP types) up to a cap; beyond it only "more" is noted. */
final class SmallSet {
    private final int cap;
    private int[] values = new int[2];
    private int size;
    private boolean more;

    SmallSet(int cap) {
        this.cap = cap;
    }

    void add(int v) {
        for (int i = 0; i < size; i++) {
            if (values[i] == v) {
                return;
            }
        }
        if (size == cap) {
            more = true;
            return;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.min(cap, size * 2));
        }
        values[size++] = v;
    }

    boolean more() {
        return more;
    }

    int size() {
        return size;
    }

    /** The values in the order they were first added. */
    int[] inOrder() {
        return Arrays.copyOf(values, size);
    }

    int[] sorted() {
        int[] s = Arrays.copyOf(values, size);
        Arrays.sort(s);
        return s;
    }

    void write(DataOutput out) throws IOException {
        out.writeShort(size);
        out.writeBoolean(more);
        for (int i = 0; i < size; i++) {
            out.writeInt(values[i]);
        }
    }

    static SmallSet read(DataInput in, int cap) throws IOException {
        SmallSet s = new SmallSet(cap);
        int n = in.readShort();
        if (n < 0 || n > cap) {
            throw new IOException("corrupt set");
        }
        s.more = in.readBoolean();
        s.values = new int[Math.max(2, n)];
        for (int i = 0; i < n; i++) {
            s.values[i] = in.readInt();
        }
        s.size = n;
        return s;
    }
}
