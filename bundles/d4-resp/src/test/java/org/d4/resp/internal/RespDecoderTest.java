// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RespDecoderTest {
    static final int MAX = 1024;

    /** Requests as redis-py and telnet send them, back to back, with a bulk string holding CRLF and binary bytes. */
    static final String STREAM = "*3\r\n$6\r\nLRANGE\r\n$4\r\nkey1\r\n$2\r\n-1\r\n"
            + "*2\r\n$4\r\nECHO\r\n$6\r\na\r\n\u0000\u00ff!\r\n"
            + "PING\r\n"
            + "\r\n"                                   // an empty inline line: skipped
            + "*0\r\n"                                 // an empty array: skipped
            + "  SELECT \t 2  \n"
            + "*1\r\n$0\r\n\r\n"
            + "*2\r\n$4\r\nRPOP\r\n$47\r\nanalyzer:8:6e1b2c7a-0f6e-4d0e-9d2b-3f6a1c9e7b10\r\n";

    static final List<List<String>> EXPECTED = List.of(
            List.of("LRANGE", "key1", "-1"),
            List.of("ECHO", "a\r\n\u0000\u00ff!"),
            List.of("PING"),
            List.of("SELECT", "2"),
            List.of(""),
            List.of("RPOP", "analyzer:8:6e1b2c7a-0f6e-4d0e-9d2b-3f6a1c9e7b10"));

    @Test
    void wholeStreamAtOnce() throws Exception {
        assertEquals(EXPECTED, feed(bytes(STREAM)));
    }

    @Test
    void everySplitIntoTwoAndThreePieces() throws Exception {
        byte[] all = bytes(STREAM);
        for (int i = 0; i <= all.length; i++) {
            assertEquals(EXPECTED, feed(all, i), "split at " + i);
            for (int j = i; j <= all.length; j++) {
                assertEquals(EXPECTED, feed(all, i, j), "split at " + i + " and " + j);
            }
        }
    }

    @Test
    void oneByteAtATime() throws Exception {
        byte[] all = bytes(STREAM);
        int[] cuts = new int[all.length];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i;
        }
        assertEquals(EXPECTED, feed(all, cuts));
    }

    @Test
    void incompleteInputWaitsAndConsumesOnlyWhatItParsed() throws Exception {
        RespDecoder decoder = new RespDecoder(MAX);
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(bytes("*2\r\n$4\r\nLLEN\r\n$3\r\nke"));
        assertNull(decoder.decode(buf));
        buf.writeBytes(bytes("y\r"));
        assertNull(decoder.decode(buf));
        buf.writeBytes(bytes("\nPI"));
        assertEquals(List.of("LLEN", "key"), strings(decoder.decode(buf)));
        assertNull(decoder.decode(buf));
        assertEquals(2, buf.readableBytes(), "the partial inline command stays in the buffer");
        buf.writeBytes(bytes("NG\r"));
        assertNull(decoder.decode(buf), "a CR at the end may still be followed by its LF");
        buf.writeBytes(bytes("\n"));
        assertEquals(List.of("PING"), strings(decoder.decode(buf)));
        assertEquals(0, buf.readableBytes());
    }

    @Test
    void theLimitIsPerRequest() throws Exception {
        String arg = "x".repeat(MAX - 40);
        String one = "*2\r\n$4\r\nECHO\r\n$" + arg.length() + "\r\n" + arg + "\r\n";
        assertEquals(List.of(List.of("ECHO", arg), List.of("ECHO", arg)), feed(bytes(one + one)));
    }

    @Test
    void mostArgumentsAllowed() throws Exception {
        StringBuilder inline = new StringBuilder("EXISTS");
        StringBuilder array = new StringBuilder("*" + RespDecoder.MAX_ARGS + "\r\n$6\r\nEXISTS\r\n");
        for (int i = 1; i < RespDecoder.MAX_ARGS; i++) {
            inline.append(" k");
            array.append("$1\r\nk\r\n");
        }
        RespDecoder decoder = new RespDecoder(64 * 1024);
        assertEquals(RespDecoder.MAX_ARGS, decoder.decode(Unpooled.wrappedBuffer(bytes(inline + "\r\n"))).size());
        assertEquals(RespDecoder.MAX_ARGS, decoder.decode(Unpooled.wrappedBuffer(bytes(array.toString()))).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "*abc\r\n",                                    // non-numeric count
        "*-1\r\n",                                     // negative count
        "*+1\r\n",
        "*\r\n",
        "*1\n",                                        // LF without CR
        "*99999999999\r\n",                            // beyond any limit
        "*1025\r\n",                                   // too many arguments
        "*2\r\n$-5\r\n",                               // negative length
        "*1\r\n$x\r\n",                                // non-numeric length
        "*1\r\n$ 3\r\n",
        "*1\r\n$3x\r\n",
        "*1\r\n$2000\r\n",                             // longer than the request limit
        "*1\r\n$2147483647\r\n",                       // the largest int: refused at its header, nothing allocated
        "*1\r\n$9999999999\r\n",                       // beyond an int
        "*2147483647\r\n",                              // a count no list is made for
        "*1\r\n$3\r\nabcXY",                           // no CRLF after the data
        "*2\r\n+OK\r\n",                               // not a bulk string
        "*2\r\n:1\r\n",
        "*1\r\n$0000000000000000000000000003\r\n",     // a header line of junk length
        "*11111111111111111111111111111111",
        "\u0016\u0003\u0001\u0002\u0000\u0001",        // a TLS client hello
        "\u0001\u0000\u0010\u0000",                    // a D4 frame header
        "PING\u0000\r\n",
        "PING\rX\n",                                   // CR inside an inline line
        "GET \u007f\r\n",
    })
    void malformedInputIsAProtocolError(String input) {
        RespProtocolException e = assertThrows(RespProtocolException.class, () -> feed(bytes(input)));
        assertTrue(e.getMessage().startsWith("Protocol error: "), e.getMessage());
    }

    @Test
    void malformedInputIsRefusedInAnySplit() {
        byte[] all = bytes("*1\r\n$4\r\nPING\r\n*2\r\n$-5\r\n");
        for (int i = 0; i <= all.length; i++) {
            int cut = i;
            assertThrows(RespProtocolException.class, () -> feed(all, cut), "split at " + i);
        }
    }

    @Test
    void binaryJunkFailsBeforeALineIsComplete() {
        RespDecoder decoder = new RespDecoder(MAX);
        byte[] junk = new byte[200];
        new java.util.Random(42).nextBytes(junk);
        junk[0] = 'G';
        junk[3] = 0x02;
        RespProtocolException e = assertThrows(RespProtocolException.class, () -> decoder.decode(Unpooled.wrappedBuffer(junk)));
        assertTrue(e.getMessage().contains("invalid character"), e.getMessage());
    }

    @Test
    void oversizedRequestsAreRefusedBeforeTheyAreBuffered() {
        RespDecoder inline = new RespDecoder(MAX);
        ByteBuf longLine = Unpooled.wrappedBuffer(bytes("ECHO " + "a".repeat(MAX)));
        assertThrows(RespProtocolException.class, () -> inline.decode(longLine), "no newline within the limit");

        RespDecoder array = new RespDecoder(MAX);
        StringBuilder many = new StringBuilder("*100\r\n");
        for (int i = 0; i < 100; i++) {
            many.append("$20\r\n").append("b".repeat(20)).append("\r\n");
        }
        RespProtocolException e = assertThrows(RespProtocolException.class, () -> feed(array, bytes(many.toString())));
        assertTrue(e.getMessage().contains("larger than " + MAX), e.getMessage());

        StringBuilder words = new StringBuilder("EXISTS");
        for (int i = 0; i < RespDecoder.MAX_ARGS; i++) {
            words.append(" k");
        }
        RespDecoder wide = new RespDecoder(64 * 1024);
        e = assertThrows(RespProtocolException.class, () -> wide.decode(Unpooled.wrappedBuffer(bytes(words + "\r\n"))));
        assertTrue(e.getMessage().contains("more than 1024 arguments"), e.getMessage());
    }

    // ---- helpers

    /** Feeds the stream cut at the given offsets, decoding after each piece as a connection would. */
    static List<List<String>> feed(byte[] stream, int... cuts) throws RespProtocolException {
        return feed(new RespDecoder(MAX), stream, cuts);
    }

    static List<List<String>> feed(RespDecoder decoder, byte[] stream, int... cuts) throws RespProtocolException {
        List<List<String>> requests = new ArrayList<>();
        ByteBuf buf = Unpooled.buffer();
        int from = 0;
        int[] ends = java.util.Arrays.copyOf(cuts, cuts.length + 1);
        ends[cuts.length] = stream.length;
        for (int end : ends) {
            buf.writeBytes(stream, from, end - from);
            from = end;
            for (List<byte[]> r = decoder.decode(buf); r != null; r = decoder.decode(buf)) {
                requests.add(strings(r));
            }
            buf.discardReadBytes();
        }
        assertEquals(0, buf.readableBytes(), "everything consumed");
        return requests;
    }

    static List<String> strings(List<byte[]> args) {
        return args.stream().map(a -> new String(a, ISO_8859_1)).toList();
    }

    static byte[] bytes(String s) {
        return s.getBytes(ISO_8859_1);
    }
}
