// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reassembles lines from payloads split anywhere. {@code \n} ends a line; one {@code \r} before it
 * is dropped; empty lines carry nothing and are skipped. A line longer than the limit is cut: its
 * first {@code maxLineBytes} bytes go on as one line, the rest up to the next newline is dropped
 * and counted. Never holds more than {@code maxLineBytes} bytes.
 */
final class LineAssembler {
    private static final int FIRST_CAPACITY = 1024;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final int maxLineBytes;
    private final Consumer<byte[]> lines;
    private byte[] partial = new byte[0];
    private int partialLength;
    private boolean heldCarriageReturn;   // a '\r' just beyond a full buffer: the line ends here if '\n' follows
    private boolean dropping;             // inside the dropped tail of a cut line
    private long cutLines;
    private long droppedBytes;

    LineAssembler(int maxLineBytes, Consumer<byte[]> lines) {
        this.maxLineBytes = maxLineBytes;
        this.lines = lines;
    }

    void feed(ByteBuffer payload) {
        ByteBuffer in = payload.slice().order(ByteOrder.LITTLE_ENDIAN);   // for the word-wise search
        int at = 0;
        int limit = in.limit();
        while (at < limit) {
            int newline = indexOfNewline(in, at, limit);
            int end = newline < 0 ? limit : newline;
            if (newline >= 0 && partialLength == 0 && !heldCarriageReturn && !dropping && end - at <= maxLineBytes) {
                emit(in, at, end);  // the common case: a whole line inside one payload, copied once
            } else {
                take(in, at, end);
                if (newline >= 0) {
                    endOfLine();
                }
            }
            at = newline < 0 ? limit : newline + 1;
        }
    }

    /**
     * The lines of this payload are not wanted (no queue takes them): only what follows its last
     * newline is kept, so that the first line wanted later still starts whole. Much cheaper than
     * {@link #feed}: the payload is searched from its end, and nothing is copied but that tail.
     */
    void skip(ByteBuffer payload) {
        ByteBuffer in = payload.slice();
        int limit = in.limit();
        int last = lastIndexOfNewline(in, limit);
        if (last < 0) {
            take(in, 0, limit);
            return;
        }
        partialLength = 0;
        heldCarriageReturn = false;
        dropping = false;
        take(in, last + 1, limit);
    }

    /** The data ended: an incomplete last line still goes on. */
    void finish() {
        if (!dropping && (partialLength > 0 || heldCarriageReturn)) {
            endOfLine();
        }
        dropping = false;
    }

    /** Starts inside the dropped tail of a cut line (whose head went on before): up to the next newline is dropped. */
    void startDropping() {
        partialLength = 0;
        heldCarriageReturn = false;
        dropping = true;
    }

    /** Inside the dropped tail of a cut line: its head went on, the rest up to the next newline goes nowhere. */
    boolean dropping() {
        return dropping;
    }

    /** Where the last newline of the payload's remaining bytes is, relative to its position; -1 without one. */
    static int lastIndexOfNewline(ByteBuffer payload) {
        return lastIndexOfNewline(payload.slice(), payload.remaining());
    }

    long cutLines() {
        return cutLines;
    }

    long droppedBytes() {
        return droppedBytes;
    }

    /** The room held for an incomplete line; never more than {@code maxLineBytes}. */
    int heldCapacity() {
        return partial.length;
    }

    private void take(ByteBuffer in, int from, int to) {
        int length = to - from;
        if (length == 0) {
            return;
        }
        if (dropping) {
            droppedBytes += length;
            return;
        }
        if (heldCarriageReturn) {
            cut(length + 1L);
            return;
        }
        int room = maxLineBytes - partialLength;
        int taken = Math.min(room, length);
        append(in, from, taken);
        int rest = length - taken;
        if (rest == 1 && in.get(to - 1) == '\r') {
            heldCarriageReturn = true;
        } else if (rest > 0) {
            cut(rest);
        }
    }

    private void append(ByteBuffer in, int from, int length) {
        if (partialLength + length > partial.length) {
            int capacity = Math.max(partialLength + length, Math.max(FIRST_CAPACITY, partial.length * 2));
            partial = Arrays.copyOf(partial, Math.min(maxLineBytes, capacity));
        }
        in.get(from, partial, partialLength, length);
        partialLength += length;
    }

    private void cut(long dropped) {
        lines.accept(Arrays.copyOf(partial, partialLength));
        partialLength = 0;
        heldCarriageReturn = false;
        dropping = true;
        cutLines++;
        droppedBytes += dropped;
    }

    private void endOfLine() {
        if (dropping) {
            dropping = false;
            return;
        }
        int length = partialLength;
        if (!heldCarriageReturn && length > 0 && partial[length - 1] == '\r') {
            length--;
        }
        if (length > 0) {
            lines.accept(Arrays.copyOf(partial, length));
        }
        partialLength = 0;
        heldCarriageReturn = false;
    }

    private void emit(ByteBuffer in, int from, int to) {
        int length = to - from;
        if (length > 0 && in.get(to - 1) == '\r') {
            length--;
        }
        if (length > 0) {
            byte[] line = new byte[length];
            in.get(from, line);
            lines.accept(line);
        }
    }

    /**
     * Eight bytes at a time (a word whose byte equals '\n' has a zero byte after the XOR), which
     * also keeps the per-byte bounds checks of a direct buffer out of the loop. {@code in} is
     * little-endian, so the lowest byte of a word is the first.
     */
    private static int indexOfNewline(ByteBuffer in, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = in.getLong(i) ^ NEWLINES;
            long found = (x - LOW_BITS) & ~x & HIGH_BITS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);   // the lowest hit is exact
            }
        }
        for (; i < to; i++) {
            if (in.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOfNewline(ByteBuffer in, int to) {
        for (int i = to - 1; i >= 0; i--) {
            if (in.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
