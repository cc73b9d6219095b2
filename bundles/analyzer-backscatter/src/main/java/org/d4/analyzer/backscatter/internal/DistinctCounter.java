// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Counts distinct 32-bit values in bounded memory: exactly up to {@value #EXACT} values, then
 * as a HyperLogLog estimate with 256 registers (about 6.5% standard error) in 256 bytes.
 */
final class DistinctCounter {
    static final int EXACT = 64;
    private static final int REGISTERS = 256;
    private int[] exact = new int[2];
    private int count;
    private byte[] registers;

    void add(int value) {
        if (registers != null) {
            addToSketch(value);
            return;
        }
        for (int i = 0; i < count; i++) {
            if (exact[i] == value) {
                return;
            }
        }
        if (count == EXACT) {
            registers = new byte[REGISTERS];
            for (int i = 0; i < count; i++) {
                addToSketch(exact[i]);
            }
            exact = null;
            addToSketch(value);
            return;
        }
        if (count == exact.length) {
            exact = java.util.Arrays.copyOf(exact, Math.min(EXACT, count * 2));
        }
        exact[count++] = value;
    }

    /** How many values are held exactly, or -1 once they are a sketch. */
    int exactCount() {
        return registers == null ? count : -1;
    }

    /** The i-th value held exactly, in the order added. */
    int exactValue(int i) {
        return exact[i];
    }

    long estimate() {
        if (registers == null) {
            return count;
        }
        double sum = 0;
        int zeros = 0;
        for (byte r : registers) {
            sum += Math.scalb(1.0, -r);
            if (r == 0) {
                zeros++;
            }
        }
        double alpha = 0.7213 / (1 + 1.079 / REGISTERS);
        double e = alpha * REGISTERS * REGISTERS / sum;
        if (e <= 2.5 * REGISTERS && zeros > 0) {
            e = REGISTERS * Math.log((double) REGISTERS / zeros);
        }
        return Math.max(EXACT + 1, Math.round(e));
    }

    private void addToSketch(int value) {
        long h = mix(value);
        int index = (int) (h >>> 56);
        int rank = Long.numberOfLeadingZeros((h << 8) | 0x80) + 1;
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
        x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return x ^ (x >>> 33);
    }

    /** A 32-bit value standing for an address: the IPv4 address itself, a hash for IPv6. */
    static int key(long hi, long lo) {
        return Packet.isV4(hi, lo) ? (int) lo : (int) mix(hi * 31 + lo) ^ (int) (mix(lo) >>> 32);
    }

    void write(DataOutput out) throws IOException {
        if (registers == null) {
            out.writeByte(0);
            out.writeShort(count);
            for (int i = 0; i < count; i++) {
                out.writeInt(exact[i]);
            }
        } else {
            out.writeByte(1);
            out.write(registers);
        }
    }

    static DistinctCounter read(DataInput in) throws IOException {
        DistinctCounter d = new DistinctCounter();
        if (in.readByte() == 0) {
            int n = in.readShort();
            if (n < 0 || n > EXACT) {
                throw new IOException("corrupt distinct counter");
            }
            d.exact = new int[Math.max(4, n)];
            for (int i = 0; i < n; i++) {
                d.exact[i] = in.readInt();
            }
            d.count = n;
        } else {
            d.exact = null;
            d.registers = new byte[REGISTERS];
            in.readFully(d.registers);
        }
        return d;
    }
}
