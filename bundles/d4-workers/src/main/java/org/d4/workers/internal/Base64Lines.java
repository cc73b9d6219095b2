// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Decodes a stream of base64 lines, one file per line, without holding a line: the decoded bytes go
 * to the sink as they come, in pieces of at most {@value #PIECE} bytes. Standard alphabet; a quantum
 * with padding ends a group and decoding goes on after it, since a sender that encodes its file in
 * chunks pads each chunk; carriage returns, spaces and tabs are skipped. A character outside the
 * alphabet spoils the line: the sink hears {@link Sink#malformed} once and nothing more of that line.
 */
final class Base64Lines {
    static final int PIECE = 48 * 1024;
    private static final byte[] VALUES = new byte[256];
    private static final byte SKIP = -2;
    private static final byte INVALID = -1;

    static {
        java.util.Arrays.fill(VALUES, INVALID);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
        VALUES['\r'] = SKIP;
        VALUES[' '] = SKIP;
        VALUES['\t'] = SKIP;
    }

    /** Where the decoded files go. */
    interface Sink {
        /** More bytes of the current file (the buffer is the sink's to read during the call only). */
        void data(byte[] bytes, int length) throws IOException;

        /** The line ended; {@code empty} when it held no data at all. */
        void endOfLine(boolean empty) throws IOException;

        /** The current line is not base64; the sink drops what it has of it. */
        void malformed(String reason) throws IOException;
    }

    private final Sink sink;
    private final byte[] out = new byte[PIECE + 3];
    private int length;
    private int quantum;        // bits of the quantum being read
    private int sextets;        // how many of them
    private int padding;        // '=' seen in this quantum
    private boolean spoiled;    // the rest of the line is skipped
    private boolean anything;   // the line had data

    Base64Lines(Sink sink) {
        this.sink = sink;
    }

    void feed(ByteBuffer payload) throws IOException {
        while (payload.hasRemaining()) {
            int b = payload.get() & 0xFF;
            if (b == '\n') {
                endOfLine();
            } else if (!spoiled) {
                character(b);
            }
        }
        flush();
    }

    /** The stream ended; a last line without its newline is a file cut short, not a file. */
    boolean hasPartialLine() {
        return anything || spoiled;
    }

    private void character(int b) throws IOException {
        anything = true;
        if (b == '=') {
            if (sextets < 2 || padding + sextets >= 4) {
                spoil("padding where none can be");
                return;
            }
            padding++;
            if (sextets + padding == 4) {
                endQuantum();
            }
            return;
        }
        byte value = VALUES[b];
        if (value == SKIP) {
            return;
        }
        if (value == INVALID || padding > 0) {
            spoil(value == INVALID ? "byte 0x" + Integer.toHexString(b) + " is not base64" : "data after padding within a quantum");
            return;
        }
        quantum = quantum << 6 | value;
        if (++sextets == 4) {
            endQuantum();
        }
    }

    private void endQuantum() throws IOException {
        int bits = quantum << 6 * (4 - sextets);
        out[length++] = (byte) (bits >> 16);
        if (sextets >= 3) {
            out[length++] = (byte) (bits >> 8);
        }
        if (sextets == 4) {
            out[length++] = (byte) bits;
        }
        quantum = 0;
        sextets = 0;
        padding = 0;
        if (length >= PIECE) {
            flush();
        }
    }

    private void endOfLine() throws IOException {
        if (!spoiled && sextets > 0) {
            if (sextets == 1) {
                spoil("a lone base64 character at the end");
            } else {
                endQuantum();   // unpadded end
            }
        }
        if (spoiled) {
            length = 0;
        } else {
            flush();
            sink.endOfLine(!anything);
        }
        quantum = 0;
        sextets = 0;
        padding = 0;
        spoiled = false;
        anything = false;
    }

    private void spoil(String reason) throws IOException {
        spoiled = true;
        length = 0;
        sink.malformed(reason);
    }

    private void flush() throws IOException {
        if (length > 0 && !spoiled) {
            sink.data(out, length);
        }
        length = 0;
    }
}
