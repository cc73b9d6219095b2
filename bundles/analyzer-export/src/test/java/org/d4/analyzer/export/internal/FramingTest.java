// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.d4.api.queue.QueueItem;
import org.junit.jupiter.api.Test;

class FramingTest {
    static final QueueItem ITEM = new QueueItem(7, UUID.randomUUID(), 1_700_000_000L, "caf\u00e9 line".getBytes(UTF_8));
    static final SyslogHeader HEADER = SyslogHeader.of(1, 6, "d4.example", "d4", "8");

    @Test
    void newlineIsAnOption() throws Exception {
        assertArrayEquals("caf\u00e9 line\n".getBytes(UTF_8), new Framing(SinkKind.TCP, true, null).frame(ITEM));
        assertArrayEquals("caf\u00e9 line".getBytes(UTF_8), new Framing(SinkKind.TCP, false, null).frame(ITEM));
        assertArrayEquals("caf\u00e9 line".getBytes(UTF_8), new Framing(SinkKind.UDP, false, null).frame(ITEM));
        assertArrayEquals("caf\u00e9 line\n".getBytes(UTF_8), new Framing(SinkKind.UNIX, true, null).frame(ITEM));
    }

    @Test
    void aFileHasOneItemPerLineWhateverTheOption() throws Exception {
        assertArrayEquals("caf\u00e9 line\n".getBytes(UTF_8), new Framing(SinkKind.FILE, false, null).frame(ITEM));
    }

    @Test
    void syslogOnAStreamIsOctetCounted() throws Exception {
        String message = "<14>1 2023-11-14T22:13:20Z d4.example d4 - 8 - caf\u00e9 line";
        int octets = message.getBytes(UTF_8).length;
        assertEquals(message.length() + 1, octets, "the length counts octets, not characters");
        String framed = new String(new Framing(SinkKind.SYSLOG_TCP, true, HEADER).frame(ITEM), UTF_8);
        assertEquals(octets + " " + message, framed, "MSG-LEN SP SYSLOG-MSG, no newline");
        assertEquals(framed, new String(new Framing(SinkKind.SYSLOG_TLS, false, HEADER).frame(ITEM), UTF_8));
    }

    @Test
    void syslogOverUdpIsOneMessagePerDatagram() throws Exception {
        assertEquals("<14>1 2023-11-14T22:13:20Z d4.example d4 - 8 - caf\u00e9 line",
                new String(new Framing(SinkKind.SYSLOG_UDP, true, HEADER).frame(ITEM), UTF_8));
    }

    @Test
    void anItemTooLargeForADatagramIsRefusedNotCut() throws Exception {
        QueueItem fits = new QueueItem(1, UUID.randomUUID(), 0, new byte[Framing.MAX_DATAGRAM - 1]);
        assertEquals(Framing.MAX_DATAGRAM, new Framing(SinkKind.UDP, true, null).frame(fits).length);
        QueueItem big = new QueueItem(2, UUID.randomUUID(), 0, new byte[Framing.MAX_DATAGRAM]);
        ItemRejectedException e = assertThrows(ItemRejectedException.class, () -> new Framing(SinkKind.UDP, true, null).frame(big));
        assertTrue(e.getMessage().contains("more than UDP carries"), e.getMessage());
        assertThrows(ItemRejectedException.class, () -> new Framing(SinkKind.SYSLOG_UDP, true, HEADER).frame(big));
        assertEquals(Framing.MAX_DATAGRAM + 1, new Framing(SinkKind.TCP, true, null).frame(big).length, "a stream carries it");
    }
}
