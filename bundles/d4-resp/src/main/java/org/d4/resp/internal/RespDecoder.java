// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one connection's bytes into requests, each a list of arguments, as they arrive: a request
 * may come in any number of pieces and one piece may hold several requests.
 *
 * <pre>
 *   array of bulk strings (redis-cli, redis-py):   *2\r\n $4\r\n LLEN\r\n $3\r\n key\r\n
 *   inline (telnet, nc):                           LLEN key\r\n        (spaces or tabs; \n alone also ends it)
 * </pre>
 *
 * Bounded: at most {@link #MAX_ARGS} arguments and {@code maxRequestBytes} bytes per request, counted
 * as they arrive, so no request is buffered beyond the limit. Bytes are consumed from the buffer as
 * they are parsed (bulk data straight into its argument), so the caller keeps only what is unparsed.
 * Any violation throws {@link RespProtocolException}; the stream cannot be resynchronised after it.
 */
final class RespDecoder {
    static final int MAX_ARGS = 1024;
    /** "*1024" or "$65536" with room to spare; a longer header line is junk. */
    private static final int MAX_HEADER_LINE = 24;

    private enum State { START, INLINE, ARRAY_HEADER, BULK_HEADER, BULK_DATA }

    private final int maxRequestBytes;
    private State state = State.START;
    private int requestBytes;
    private int scanned;
    private int expectedArgs;
    private List<byte[]> args;
    private byte[] bulk;
    private int bulkFilled;

    RespDecoder(int maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    /** The next complete request, never empty; null when more bytes are needed. */
    List<byte[]> decode(ByteBuf in) throws RespProtocolException {
        while (true) {
            switch (state) {
                case START -> {
                    if (!in.isReadable()) {
                        return null;
                    }
                    state = in.getByte(in.readerIndex()) == '*' ? State.ARRAY_HEADER : State.INLINE;
                }
                case INLINE -> {
                    List<byte[]> words = inline(in);
                    if (words == null) {
                        return null;
                    }
                    reset();
                    if (!words.isEmpty()) {
                        return words;
                    }
                }
                case ARRAY_HEADER -> {
                    String line = headerLine(in, "multibulk count");
                    if (line == null) {
                        return null;
                    }
                    long n = number(line, "invalid multibulk length");
                    if (n > MAX_ARGS) {
                        throw new RespProtocolException("Protocol error: more than " + MAX_ARGS + " arguments");
                    }
                    if (n == 0) {
                        reset();
                    } else {
                        expectedArgs = (int) n;
                        args = new ArrayList<>(expectedArgs);
                        state = State.BULK_HEADER;
                    }
                }
                case BULK_HEADER -> {
                    if (in.isReadable() && in.getByte(in.readerIndex()) != '$') {
                        throw new RespProtocolException("Protocol error: expected '$', got " + shown(in.getByte(in.readerIndex())));
                    }
                    String line = headerLine(in, "bulk length");
                    if (line == null) {
                        return null;
                    }
                    long length = number(line, "invalid bulk length");
                    if (length + 2 > maxRequestBytes - requestBytes) {
                        throw tooLarge();
                    }
                    requestBytes += (int) length + 2;
                    bulk = new byte[(int) length];
                    bulkFilled = 0;
                    state = State.BULK_DATA;
                }
                case BULK_DATA -> {
                    int take = Math.min(in.readableBytes(), bulk.length - bulkFilled);
                    in.readBytes(bulk, bulkFilled, take);
                    bulkFilled += take;
                    if (bulkFilled < bulk.length || in.readableBytes() < 2) {
                        return null;
                    }
                    if (in.readByte() != '\r' || in.readByte() != '\n') {
                        throw new RespProtocolException("Protocol error: bulk string not followed by CRLF");
                    }
                    args.add(bulk);
                    bulk = null;
                    if (args.size() < expectedArgs) {
                        state = State.BULK_HEADER;
                    } else {
                        List<byte[]> request = args;
                        reset();
                        return request;
                    }
                }
                default -> throw new IllegalStateException(state.toString());
            }
        }
    }

    /** A "*n" or "$n" line without its marker and CRLF, consumed; null while incomplete. */
    private String headerLine(ByteBuf in, String what) throws RespProtocolException {
        int start = in.readerIndex();
        int end = in.indexOf(start, start + Math.min(in.readableBytes(), MAX_HEADER_LINE), (byte) '\n');
        if (end < 0) {
            if (in.readableBytes() >= MAX_HEADER_LINE) {
                throw new RespProtocolException("Protocol error: too big " + what + " line");
            }
            return null;
        }
        int length = end + 1 - start;
        if (length > maxRequestBytes - requestBytes) {
            throw tooLarge();
        }
        if (length < 3 || in.getByte(end - 1) != '\r') {
            throw new RespProtocolException("Protocol error: " + what + " line not ended by CRLF");
        }
        String line = in.toString(start + 1, length - 3, java.nio.charset.StandardCharsets.US_ASCII);
        in.skipBytes(length);
        requestBytes += length;
        return line;
    }

    /** An inline request split into words, consumed; null while its line is incomplete. */
    private List<byte[]> inline(ByteBuf in) throws RespProtocolException {
        int start = in.readerIndex();
        int available = in.readableBytes();
        int end = -1;
        int terminator = 0;
        while (scanned < available) {
            byte b = in.getByte(start + scanned);
            if (b == '\n') {
                end = scanned;
                terminator = 1;
                break;
            }
            if (b == '\r') {
                if (scanned + 1 == available) {
                    break;                        // CR as the last byte so far: wait to see whether LF follows
                }
                if (in.getByte(start + scanned + 1) != '\n') {
                    throw new RespProtocolException("Protocol error: CR not followed by LF in inline request");
                }
                end = scanned;
                terminator = 2;
                break;
            }
            if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
                // binary junk (a TLS hello, a D4 frame) is not a command: fail at once, not after a line's worth of it
                throw new RespProtocolException("Protocol error: invalid character " + shown(b) + " in inline request");
            }
            scanned++;
        }
        if (end < 0) {
            if (scanned >= maxRequestBytes) {
                throw tooLarge();
            }
            return null;
        }
        if (end + terminator > maxRequestBytes) {
            throw tooLarge();
        }
        List<byte[]> words = new ArrayList<>();
        int from = -1;
        for (int i = 0; i <= end; i++) {
            boolean blank = i == end || in.getByte(start + i) == ' ' || in.getByte(start + i) == '\t';
            if (!blank && from < 0) {
                from = i;
            } else if (blank && from >= 0) {
                if (words.size() == MAX_ARGS) {
                    throw new RespProtocolException("Protocol error: more than " + MAX_ARGS + " arguments");
                }
                byte[] word = new byte[i - from];
                in.getBytes(start + from, word);
                words.add(word);
                from = -1;
            }
        }
        in.skipBytes(end + terminator);
        return words;
    }

    private static long number(String digits, String error) throws RespProtocolException {
        if (digits.isEmpty() || digits.length() > 10) {
            throw new RespProtocolException("Protocol error: " + error);
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new RespProtocolException("Protocol error: " + error);   // a sign too: negative counts are refused
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private RespProtocolException tooLarge() {
        return new RespProtocolException("Protocol error: request larger than " + maxRequestBytes + " bytes");
    }

    private static String shown(byte b) {
        return b > 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("0x%02x", b & 0xff);
    }

    private void reset() {
        state = State.START;
        requestBytes = 0;
        scanned = 0;
        expectedArgs = 0;
        args = null;
        bulk = null;
    }
}
