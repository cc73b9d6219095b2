// SPDX-License-Identifier: Apache-2.0
package org.d4.client.stream;

import java.util.Arrays;

/** Keeps the bytes after the last newline, up to the server's default line limit (longer lines are cut there anyway). */
final class LineResume implements Resume {
    static final int MAX_LINE = 102_400;

    private byte[] partial = new byte[256];
    private int length;
    private boolean overflow;

    @Override
    public void sent(byte[] data, int offset, int count) {
        int lastNewline = -1;
        for (int i = offset + count - 1; i >= offset; i--) {
            if (data[i] == '\n') {
                lastNewline = i;
                break;
            }
        }
        if (lastNewline >= 0) {
            length = 0;
            overflow = false;
            append(data, lastNewline + 1, offset + count - lastNewline - 1);
        } else {
            append(data, offset, count);
        }
    }

    private void append(byte[] data, int offset, int count) {
        if (overflow || length + count > MAX_LINE) {
            overflow = true;
            length = 0;
            return;
        }
        if (length + count > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(length + count, partial.length * 2));
        }
        System.arraycopy(data, offset, partial, length, count);
        length += count;
    }

    @Override
    public byte[] prefix() {
        return Arrays.copyOf(partial, length);
    }

    @Override
    public void reset() {
        length = 0;
        overflow = false;
    }
}
