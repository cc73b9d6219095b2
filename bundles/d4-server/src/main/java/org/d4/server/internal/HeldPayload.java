// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The payload of a frame whose fragments arrive in several reads, held until its HMAC is verified.
 * The array grows with the bytes received (doubling, never past the frame's size), so a peer that
 * announces a large frame and stalls pins only what it sent.
 */
final class HeldPayload {
    /** Arrays up to this size are kept for the next split frame of a proven connection. */
    static final int RETAINED_CAPACITY = 64 * 1024;
    private static final int MIN_GROWTH = 4096;

    private byte[] bytes = new byte[0];
    private int fill;

    void append(ByteBuffer fragment, long frameSize) {
        int n = fragment.remaining();
        if (bytes.length - fill < n) {
            long doubled = Math.max(MIN_GROWTH, 2L * bytes.length);
            bytes = Arrays.copyOf(bytes, (int) Math.max(fill + n, Math.min(frameSize, doubled)));
        }
        fragment.get(fragment.position(), bytes, fill, n);
        fill += n;
    }

    /** The held payload, valid until the next {@link #append}. */
    ByteBuffer take() {
        ByteBuffer payload = ByteBuffer.wrap(bytes, 0, fill);
        fill = 0;
        return payload;
    }

    /** After a frame: a small array is kept for a proven connection's next frame, anything else dropped. */
    void release(boolean keep) {
        fill = 0;
        if (!keep || bytes.length > RETAINED_CAPACITY) {
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
