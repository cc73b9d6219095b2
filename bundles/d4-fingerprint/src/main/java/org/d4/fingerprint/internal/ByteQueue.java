// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.internal;

import java.util.Arrays;

/** A growable byte buffer read from the front; callers account its capacity against their budget. */
final class ByteQueue {
    private static final byte[] EMPTY = new byte[0];

    byte[] data = EMPTY;
    int start;
    int end;

    int size() {
        return end - start;
    }

    int capacity() {
        return data.length;
    }

    /** Grows (compacting first) so that {@code extra} more bytes fit; returns the capacity added. */
    int ensure(int extra) {
        if (end + extra <= data.length) {
            return 0;
        }
        int size = size();
        if (size + extra <= data.length) {
            System.arraycopy(data, start, data, 0, size);
            start = 0;
            end = size;
            return 0;
        }
        int old = data.length;
        byte[] grown = new byte[Math.max(size + extra, Math.min(old * 2, size + extra + 4096))];
        System.arraycopy(data, start, grown, 0, size);
        data = grown;
        start = 0;
        end = size;
        return grown.length - old;
    }

    void append(byte[] b, int offset, int length) {
        System.arraycopy(b, offset, data, end, length);
        end += length;
    }

    void consume(int n) {
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    int u8(int at) {
        return data[start + at] & 0xff;
    }

    /** Drops the storage; returns the capacity released. */
    int clear() {
        int released = data.length;
        data = EMPTY;
        start = 0;
        end = 0;
        return released;
    }

    @Override
    public String toString() {
        return Arrays.toString(Arrays.copyOfRange(data, start, Math.min(end, start + 16)));
    }
}
