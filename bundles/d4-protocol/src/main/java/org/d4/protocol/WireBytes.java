// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import java.nio.ByteBuffer;

/**
 * Absolute reads and writes of fixed-width integers, byte by byte, so the result never depends on
 * the {@link ByteBuffer#order() byte order} a caller left on the buffer and no position moves.
 */
final class WireBytes {

    private WireBytes() {
    }

    static long getLongLE(ByteBuffer b, int index) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b.get(index + i) & 0xFF);
        }
        return v;
    }

    static long getUInt32LE(ByteBuffer b, int index) {
        long v = 0;
        for (int i = 3; i >= 0; i--) {
            v = (v << 8) | (b.get(index + i) & 0xFF);
        }
        return v;
    }

    static long getLongBE(ByteBuffer b, int index) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b.get(index + i) & 0xFF);
        }
        return v;
    }

    static void putLongLE(ByteBuffer b, int index, long v) {
        for (int i = 0; i < 8; i++) {
            b.put(index + i, (byte) (v >>> (8 * i)));
        }
    }

    static void putUInt32LE(ByteBuffer b, int index, long v) {
        for (int i = 0; i < 4; i++) {
            b.put(index + i, (byte) (v >>> (8 * i)));
        }
    }

    static void putLongBE(ByteBuffer b, int index, long v) {
        for (int i = 0; i < 8; i++) {
            b.put(index + i, (byte) (v >>> (56 - 8 * i)));
        }
    }
}
