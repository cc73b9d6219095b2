// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A reply, built by the commands without Netty and written to a connection's buffer in the
 * protocol the client chose: RESP2, or RESP3 after HELLO 3, which for these replies differs
 * only in its null and its map.
 */
sealed interface Reply {
    Reply OK = new Simple("OK");
    Reply NIL = new Bulk(null);
    Reply NIL_ARRAY = new Array(null);
    Reply EMPTY_ARRAY = new Array(List.of());

    /** Writes the reply in RESP {@code protocol} (2 or 3). */
    void writeTo(ByteBuf out, int protocol);

    static Reply simple(String text) {
        return new Simple(text);
    }

    /** {@code message} starts with the error code, as Redis's do: "ERR ...", "WRONGPASS ...". */
    static Reply error(String message) {
        return new Err(message);
    }

    static Reply integer(long value) {
        return new Int(value);
    }

    static Reply bulk(byte[] data) {
        return new Bulk(data);
    }

    static Reply bulk(String text) {
        return new Bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    static Reply array(List<? extends Reply> items) {
        return new Array(List.copyOf(items));
    }

    /** Keys and values alternating: a RESP3 map, a flat array in RESP2. */
    static Reply map(List<? extends Reply> keysAndValues) {
        if (keysAndValues.size() % 2 != 0) {
            throw new IllegalArgumentException("a map needs as many values as keys");
        }
        return new MapReply(List.copyOf(keysAndValues));
    }

    record Simple(String text) implements Reply {
        @Override
        public void writeTo(ByteBuf out, int protocol) {
            line(out, '+', text);
        }
    }

    record Err(String message) implements Reply {
        @Override
        public void writeTo(ByteBuf out, int protocol) {
            line(out, '-', message);
        }
    }

    record Int(long value) implements Reply {
        @Override
        public void writeTo(ByteBuf out, int protocol) {
            line(out, ':', Long.toString(value));
        }
    }

    /** {@code data} null is the nil bulk string. */
    record Bulk(byte[] data) implements Reply {
        @Override
        public void writeTo(ByteBuf out, int protocol) {
            if (data == null) {
                nil(out, protocol, '$');
                return;
            }
            line(out, '$', Integer.toString(data.length));
            out.writeBytes(data).writeByte('\r').writeByte('\n');
        }
    }

    /** {@code items} null is the nil array. */
    record Array(List<Reply> items) implements Reply {
        @Override
        public void writeTo(ByteBuf out, int protocol) {
            if (items == null) {
                nil(out, protocol, '*');
                return;
            }
            line(out, '*', Integer.toString(items.size()));
            for (Reply item : items) {
                item.writeTo(out, protocol);
            }
        }
    }

    record MapReply(List<Reply> keysAndValues) implements Reply {
        @Override
        public void writeTo(ByteBuf out, int protocol) {
            if (protocol >= 3) {
                line(out, '%', Integer.toString(keysAndValues.size() / 2));
            } else {
                line(out, '*', Integer.toString(keysAndValues.size()));
            }
            for (Reply item : keysAndValues) {
                item.writeTo(out, protocol);
            }
        }
    }

    /** RESP2 has a nil bulk string and a nil array; RESP3 one null for both. */
    private static void nil(ByteBuf out, int protocol, char resp2Marker) {
        if (protocol >= 3) {
            out.writeByte('_').writeByte('\r').writeByte('\n');
        } else {
            line(out, resp2Marker, "-1");
        }
    }

    private static void line(ByteBuf out, char marker, String text) {
        out.writeByte(marker);
        // a simple string or error is one line: echoed user input must not smuggle in a second reply
        out.writeCharSequence(text.replace('\r', ' ').replace('\n', ' '), StandardCharsets.UTF_8);
        out.writeByte('\r').writeByte('\n');
    }
}
