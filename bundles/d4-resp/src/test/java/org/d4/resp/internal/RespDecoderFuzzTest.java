// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Arbitrary bytes (seeds: requests as redis-cli and telnet send them, {@code RespDecoderFuzzTestInputs})
 * into a {@link RespDecoder}, whole and cut into arbitrary pieces as the connection hands them over:
 * only {@link RespProtocolException} may come out; both ways give the same requests and the same
 * verdict; no request is empty or larger than the limit; what the decoder leaves unparsed while it
 * waits stays within the limit; and each request, written back as redis-cli would send it,
 * decodes to itself.
 */
class RespDecoderFuzzTest {

    /** The longest "*n" or "$n" line the decoder waits for (its MAX_HEADER_LINE). */
    private static final int HEADER_LINE = 24;

    @FuzzTest(maxDuration = "10s")
    void decodesLikeTheWholeStream(FuzzedDataProvider data) throws RespProtocolException {
        int max = data.consumeInt(32, 2048);
        int pieces = data.consumeInt(0, 16);
        int[] sizes = new int[pieces];
        for (int i = 0; i < pieces; i++) {
            sizes[i] = data.consumeInt(0, 512);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        Outcome whole = decode(stream, new int[0], max);
        Outcome pieced = decode(stream, sizes, max);
        String input = HexFormat.of().formatHex(stream);
        assertEquals(whole.failed, pieced.failed, () -> "whole: " + whole + ", in pieces: " + pieced + ", input " + input);
        assertEquals(whole.requests, pieced.requests, input);

        for (List<String> request : whole.requests) {
            Outcome again = decode(encode(request), new int[0], Integer.MAX_VALUE);
            assertFalse(again.failed, () -> "written back: " + request);
            assertEquals(List.of(request), again.requests);
        }
    }

    private record Outcome(List<List<String>> requests, boolean failed) {
    }

    /** Feeds the stream as a connection does: append the next piece, then take requests until the decoder needs more. */
    private static Outcome decode(byte[] stream, int[] sizes, int max) {
        RespDecoder decoder = new RespDecoder(max);
        ByteBuf unparsed = Unpooled.buffer();
        List<List<String>> requests = new ArrayList<>();
        int at = 0;
        try {
            for (int i = 0; at < stream.length; i++) {
                int size = i < sizes.length ? Math.min(sizes[i], stream.length - at) : stream.length - at;
                unparsed.discardSomeReadBytes();
                unparsed.writeBytes(stream, at, size);
                at += size;
                for (List<byte[]> request = decoder.decode(unparsed); request != null; request = decoder.decode(unparsed)) {
                    requests.add(check(request, max));
                }
                int left = unparsed.readableBytes();
                assertTrue(left <= Math.max(max, HEADER_LINE), () -> left + " bytes left unparsed, limit " + max);
            }
            return new Outcome(requests, false);
        } catch (RespProtocolException e) {
            assertTrue(e.getMessage().startsWith("Protocol error: "), e.getMessage());
            return new Outcome(requests, true);
        } finally {
            unparsed.release();
        }
    }

    private static List<String> check(List<byte[]> request, int max) {
        assertFalse(request.isEmpty(), "an empty request");
        assertTrue(request.size() <= RespDecoder.MAX_ARGS);
        long bytes = request.stream().mapToLong(a -> a.length).sum();
        assertTrue(bytes <= max, () -> "a request of " + bytes + " bytes, limit " + max);
        // ISO-8859-1 keeps every byte as one char, so equality of the strings is equality of the bytes
        return request.stream().map(a -> new String(a, StandardCharsets.ISO_8859_1)).toList();
    }

    /** An array of bulk strings, as redis-cli and redis-py send every command. */
    private static byte[] encode(List<String> request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + request.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : request) {
            byte[] bytes = arg.getBytes(StandardCharsets.ISO_8859_1);
            out.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
