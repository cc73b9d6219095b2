// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Arrays for the payload copies a connection hands to its worker, used again once the worker is done
 * with them (a worker session reads a payload during its call only). Under load a fresh array per
 * frame costs more than the copy into it: it is zeroed first, and the young collections copy every
 * payload still waiting for its worker, megabytes each time. Arrays come in powers of two from
 * {@link #SMALLEST} to {@link #LARGEST} bytes; other payloads get arrays of their own. What is kept
 * is bounded in bytes; beyond that, arrays given back are left to the garbage collector. One pool
 * per network thread ({@link #perThread}): its thread takes an array per frame, the workers give
 * back a whole batch at once, so the lock is rarely contended.
 */
final class PayloadArrays {
    static final int SMALLEST = 1024;
    static final int LARGEST = 1024 * 1024;
    private static final int SMALLEST_SHIFT = Integer.numberOfTrailingZeros(SMALLEST);

    private final long budgetBytes;
    private final ArrayDeque<byte[]>[] free;
    private long keptBytes;

    @SuppressWarnings("unchecked")
    PayloadArrays(long budgetBytes) {
        this.budgetBytes = budgetBytes;
        this.free = new ArrayDeque[Integer.numberOfTrailingZeros(LARGEST) - SMALLEST_SHIFT + 1];
        for (int i = 0; i < free.length; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /**
     * One pool per thread that asks ({@link ThreadLocal#get}), each with an equal share of a
     * sixteenth of the heap, at most 32 MiB in all.
     *
     * @param threads the network threads that will ask
     */
    static ThreadLocal<PayloadArrays> perThread(int threads) {
        long share = Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 16) / Math.max(1, threads);
        return ThreadLocal.withInitial(() -> new PayloadArrays(share));
    }

    /** An array of at least {@code length} bytes (its content is whatever it held before). */
    byte[] take(int length) {
        int slot = slot(length);
        if (slot < 0) {
            return new byte[length];
        }
        synchronized (this) {
            byte[] kept = free[slot].pollLast();
            if (kept != null) {
                keptBytes -= kept.length;
                return kept;
            }
        }
        return new byte[SMALLEST << slot];
    }

    /** Takes back arrays from {@link #take} that nobody reads any more, with one acquisition of the lock. */
    void giveAll(List<byte[]> arrays) {
        synchronized (this) {
            for (byte[] array : arrays) {
                keep(array);
            }
        }
    }

    private void keep(byte[] array) {
        int slot = slot(array.length);
        if (slot >= 0 && array.length == SMALLEST << slot && keptBytes + array.length <= budgetBytes) {
            free[slot].addLast(array);
            keptBytes += array.length;
        }
    }

    /** Bytes held for later use. */
    synchronized long keptBytes() {
        return keptBytes;
    }

    /** The size class of {@code length}, or -1 where the array is not pooled. */
    private static int slot(int length) {
        if (length < SMALLEST || length > LARGEST) {
            return -1;
        }
        return 32 - Integer.numberOfLeadingZeros(length - 1) - SMALLEST_SHIFT;
    }
}
