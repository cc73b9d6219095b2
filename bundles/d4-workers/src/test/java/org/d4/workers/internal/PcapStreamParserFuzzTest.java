// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.d4.api.ingest.RejectedPayloadException;

/**
 * A libpcap stream (arbitrary bytes, or a real capture made by tcpdump, see
 * {@code PcapStreamParserFuzzTestInputs}) fed to the type-1 worker's parser in arbitrary pieces:
 * only {@link RejectedPayloadException} may come out, and what the parser passes on is exactly
 * what a reading of the whole stream at once expects: the global header once, then the whole
 * records, byte for byte, up to the first record libpcap would refuse (then rejected) or up to the
 * record still incomplete (then {@code unfinished}).
 */
class PcapStreamParserFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void passesWholeRecordsOrRejects(FuzzedDataProvider data) throws Exception {
        int pieces = data.consumeInt(0, 16);
        int[] sizes = new int[pieces];
        for (int i = 0; i < pieces; i++) {
            sizes[i] = data.consumeInt(0, 2048);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        PcapStreamParser parser = new PcapStreamParser();
        Output output = new Output();
        RejectedPayloadException rejected = null;
        int at = 0;
        try {
            for (int i = 0; at < stream.length; i++) {
                int size = i < pieces ? Math.min(sizes[i], stream.length - at) : stream.length - at;
                parser.feed(ByteBuffer.wrap(stream, at, size), output);
                at += size;
            }
        } catch (RejectedPayloadException e) {
            rejected = e;
        }

        Expected expected = new Expected(stream);
        String input = HexFormat.of().formatHex(stream);
        assertEquals(expected.rejected, rejected != null, "rejected: " + rejected + ", input " + input);
        if (expected.headerValid) {
            assertArrayEquals(Arrays.copyOf(stream, PcapFormat.GLOBAL_HEADER_BYTES), output.header, input);
        } else {
            assertEquals(null, output.header, input);
        }
        byte[] records = expected.headerValid ? Arrays.copyOfRange(stream, PcapFormat.GLOBAL_HEADER_BYTES, expected.wholeRecordsEnd) : new byte[0];
        assertEquals(HexFormat.of().formatHex(records), HexFormat.of().formatHex(output.records.toByteArray()), input);
        if (rejected == null) {
            boolean complete = stream.length == 0 || expected.wholeRecordsEnd == stream.length;
            assertEquals(complete, parser.unfinished().isEmpty(), () -> parser.unfinished() + ", input " + input);
        }
    }

    /** What the parser passed on. */
    private static final class Output implements PcapStreamParser.Sink {
        byte[] header;
        final ByteArrayOutputStream records = new ByteArrayOutputStream();

        @Override
        public void globalHeader(byte[] h) {
            assertEquals(null, header, "a second global header");
            header = h;
        }

        @Override
        public void records(ByteBuffer run) {
            assertTrue(run.hasRemaining(), "an empty run of records");
            byte[] bytes = new byte[run.remaining()];
            run.get(bytes);
            records.writeBytes(bytes);
        }
    }

    /** The stream read at once, independently of the parser: where its whole records end and whether it is refused. */
    private static final class Expected {
        boolean headerValid;
        boolean rejected;
        int wholeRecordsEnd;

        Expected(byte[] s) {
            if (s.length < PcapFormat.GLOBAL_HEADER_BYTES) {
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(s);
            int magic = b.getInt(0);
            if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
                b.order(ByteOrder.BIG_ENDIAN);
            } else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
                b.order(ByteOrder.LITTLE_ENDIAN);
            } else {
                rejected = true;
                return;
            }
            if (b.getShort(4) != 2) {
                rejected = true;
                return;
            }
            headerValid = true;
            int at = PcapFormat.GLOBAL_HEADER_BYTES;
            while (s.length - at >= PcapFormat.RECORD_HEADER_BYTES) {
                long length = Integer.toUnsignedLong(b.getInt(at + 8));
                if (length > PcapFormat.MAX_RECORD_BYTES) {
                    rejected = true;
                    break;
                }
                if (s.length - at - PcapFormat.RECORD_HEADER_BYTES < length) {
                    break;
                }
                at += PcapFormat.RECORD_HEADER_BYTES + (int) length;
            }
            wholeRecordsEnd = at;
        }
    }
}
