// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects the payload of a frame that arrives split across chunks. The array grows with the bytes
 * actually received, not with the size announced, so a peer that announces a large frame and then
 * stalls pins little memory; it never grows beyond the frame's size.
 */
final class PayloadBuffer {

    /** Arrays up to this size are kept for the next split frame; larger ones are dropped after use. */
    private static final int RETAINED_CAPACITY = 64 * 1024;
    private static final int MIN_GROWTH = 4096;

    private byte[] bytes = new byte[0];
    private int fill;

    /**
     * Moves up to {@code size - fill()} bytes from the chunk into the buffer.
     *
     * @return true if the buffer now holds all {@code size} bytes
     */
    boolean append(ByteBuffer chunk, int size) {
        int n = Math.min(size - fill, chunk.remaining());
        if (bytes.length < fill + n) {
            // double, but never beyond this frame's size (the caller keeps that within its limit)
            int capacity = Math.max(fill + n, Math.min(size, Math.max(MIN_GROWTH, bytes.length * 2)));
            bytes = Arrays.copyOf(bytes, capacity);
        }
        chunk.get(bytes, fill, n);
        fill += n;
        return fill == size;
    }

    /** The complete payload, valid until the next {@link #append}; the buffer starts over. */
    ByteBuffer take() {
        ByteBuffer payload = ByteBuffer.wrap(bytes, 0, fill);
        fill = 0;
        return payload;
    }

    /** Drops a large array once its frame has been handed on. */
    void trim() {
        if (bytes.length > RETAINED_CAPACITY) {
            bytes = new byte[0];
        }
    }

    int fill() {
        return fill;
    }

    int capacity() {
        return bytes.length;
    }
}
