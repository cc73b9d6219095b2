// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.nio.charset.StandardCharsets;
import org.d4.api.queue.QueueItem;

/**
 * How an item goes on the wire: as it is or with a newline (the reference export scripts' option),
 * a file always one item per line, syslog as an RFC 5424 message, octet-counted on a stream
 * (RFC 6587 section 3.4.1, RFC 5425) and one per datagram over UDP (RFC 5426).
 */
final class Framing {
    /** The largest UDP payload over IPv4. */
    static final int MAX_DATAGRAM = 65_507;

    private final SinkKind sink;
    private final boolean newline;
    private final SyslogHeader syslog;

    Framing(SinkKind sink, boolean newline, SyslogHeader syslog) {
        this.sink = sink;
        this.newline = newline;
        this.syslog = syslog;
    }

    /** The bytes to write for one item; ItemRejectedException when the sink cannot carry it. */
    byte[] frame(QueueItem item) throws ItemRejectedException {
        byte[] out;
        if (sink.syslog()) {
            byte[] message = syslog.format(java.time.Instant.ofEpochSecond(item.epochSecond()), item.data());
            out = sink.datagram() ? message : octetCounted(message);
        } else {
            out = withNewline(item.data(), newline || sink == SinkKind.FILE);
        }
        if (sink.datagram() && out.length > MAX_DATAGRAM) {
            throw new ItemRejectedException("item " + item.sequence() + " makes a datagram of " + out.length + " bytes, more than UDP carries ("
                    + MAX_DATAGRAM + ")");
        }
        return out;
    }

    static byte[] withNewline(byte[] data, boolean newline) {
        if (!newline) {
            return data;
        }
        byte[] out = java.util.Arrays.copyOf(data, data.length + 1);
        out[data.length] = '\n';
        return out;
    }

    /** MSG-LEN SP SYSLOG-MSG, the length in octets as a decimal number. */
    static byte[] octetCounted(byte[] message) {
        byte[] length = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = java.util.Arrays.copyOf(length, length.length + message.length);
        System.arraycopy(message, 0, out, length.length, message.length);
        return out;
    }
}
