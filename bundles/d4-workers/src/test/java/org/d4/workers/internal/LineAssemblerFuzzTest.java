// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Arbitrary bytes cut into arbitrary payloads (heap and direct buffers, at any offset) through a
 * {@link LineAssembler} with a small limit. The lines that come out are those of a plain model of
 * the contract: the input split at {@code \n}, one {@code \r} before it dropped, empty lines
 * skipped, a line longer than the limit cut to its first {@code max.line.bytes} bytes (and counted
 * with the bytes dropped); the assembler never holds more than the limit.
 */
class LineAssemblerFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void linesAreTheInputSplitAtNewlines(FuzzedDataProvider data) {
        int max = data.consumeInt(1, 64);
        int pieces = data.consumeInt(0, 32);
        int[] sizes = new int[pieces];
        boolean[] direct = new boolean[pieces];
        for (int i = 0; i < pieces; i++) {
            sizes[i] = data.consumeInt(0, 256);
            direct[i] = data.consumeBoolean();
        }
        byte[] input = data.consumeRemainingAsBytes();

        List<byte[]> lines = new ArrayList<>();
        LineAssembler assembler = new LineAssembler(max, lines::add);
        int at = 0;
        for (int i = 0; at < input.length; i++) {
            int size = i < pieces ? Math.min(sizes[i], input.length - at) : input.length - at;
            assembler.feed(payload(input, at, size, i < pieces && direct[i]));
            at += size;
            assertTrue(assembler.heldCapacity() <= max, () -> "holds " + assembler.heldCapacity() + " bytes, limit " + max);
        }
        assembler.finish();

        Model expected = new Model(input, max);
        assertEquals(hex(expected.lines), hex(lines), "max " + max + ", input " + HexFormat.of().formatHex(input));
        assertEquals(expected.cut, assembler.cutLines(), "cut lines");
        assertEquals(expected.dropped, assembler.droppedBytes(), "dropped bytes");
        assertTrue(assembler.heldCapacity() <= max);
    }

    /** A payload as the network layer hands it over: a slice at an offset of a larger buffer, heap or direct. */
    private static ByteBuffer payload(byte[] input, int from, int size, boolean direct) {
        ByteBuffer outer = direct ? ByteBuffer.allocateDirect(size + 3) : ByteBuffer.allocate(size + 3);
        outer.put((byte) '\n').put((byte) '\r').put(input, from, size).put((byte) '\n');
        return outer.position(2).limit(2 + size);
    }

    private static List<String> hex(List<byte[]> lines) {
        return lines.stream().map(HexFormat.of()::formatHex).toList();
    }

    /** The contract, applied to the whole input at once. */
    private static final class Model {
        final List<byte[]> lines = new ArrayList<>();
        long cut;
        long dropped;

        Model(byte[] input, int max) {
            int start = 0;
            for (int i = 0; i <= input.length; i++) {
                if (i == input.length || input[i] == '\n') {
                    if (i > start || i < input.length) {
                        line(Arrays.copyOfRange(input, start, i), max);
                    }
                    start = i + 1;
                }
            }
        }

        private void line(byte[] raw, int max) {
            int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
            if (length > max) {
                lines.add(Arrays.copyOf(raw, max));
                cut++;
                dropped += raw.length - max;
            } else if (length > 0) {
                lines.add(Arrays.copyOf(raw, length));
            }
        }
    }
}
