// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The payload of the frame being read, assembled in an array from the network thread's
 * {@link PayloadArrays} as its fragments arrive, then handed on whole: the array itself goes to the
 * worker, so a payload is copied once between the socket and the archive. The array grows with the
 * bytes received, never with the size announced alone: doubling before the connection proved its
 * key (a stranger who announces a large frame and stalls pins about what it sent), to eight times
 * what arrived once it did (a 64 KiB frame read in TLS records of 16 KiB then needs one array).
 */
final class FramePayload {
    private static final byte[] EMPTY = new byte[0];
    private static final int UNPROVEN_GROWTH = 2;
    private static final int PROVEN_GROWTH = 8;

    private final PayloadArrays arrays;
    private byte[] bytes = EMPTY;
    private int fill;

    FramePayload(PayloadArrays arrays) {
        this.arrays = arrays;
    }

    /**
     * Copies the fragment (without moving its position) and answers the copy, for the HMAC: a heap
     * array is digested in place, a direct buffer through a small temporary copy.
     */
    ByteBuffer append(ByteBuffer fragment, long frameSize, boolean proven) {
        int n = fragment.remaining();
        if (bytes.length - fill < n) {
            grow(fill + n, frameSize, proven);
        }
        fragment.get(fragment.position(), bytes, fill, n);
        ByteBuffer copy = ByteBuffer.wrap(bytes, fill, n);
        fill += n;
        return copy;
    }

    private void grow(int needed, long frameSize, boolean proven) {
        long wanted = proven ? (long) PROVEN_GROWTH * needed : Math.max(4096, (long) UNPROVEN_GROWTH * bytes.length);
        byte[] larger = arrays.take((int) Math.max(needed, Math.min(frameSize, wanted)));
        System.arraycopy(bytes, 0, larger, 0, fill);
        if (bytes != EMPTY) {
            arrays.giveAll(List.of(bytes));
        }
        bytes = larger;
    }

    /** The payload's array, now the caller's (its first {@link #length} bytes); this starts empty again. */
    byte[] take() {
        byte[] payload = bytes;
        bytes = EMPTY;
        fill = 0;
        return payload;
    }

    int length() {
        return fill;
    }

    /** Bytes pinned: the array's capacity. */
    int capacity() {
        return bytes.length;
    }

    /** Gives the array back to the pool, for a payload read where it is (a meta header). */
    void giveBack() {
        if (bytes != EMPTY) {
            arrays.giveAll(List.of(bytes));
        }
        bytes = EMPTY;
        fill = 0;
    }

    /** The payload as a buffer, valid until {@link #take} or {@link #giveBack}. */
    ByteBuffer view() {
        return ByteBuffer.wrap(bytes, 0, fill);
    }
}
