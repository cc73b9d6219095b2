// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.d4.fingerprint.capture.TcpSegment;
import org.d4.fingerprint.tls.HelloBytes;
import org.junit.jupiter.api.Test;

/** Bad and hostile TCP/TLS input: everything is counted, nothing escapes, memory stays within the bounds. */
class HostileInputTest {

    private final List<HandshakeRecord> records = new ArrayList<>();

    private FingerprintCounters send(FlowLimits limits, byte[] clientBytes) {
        TlsFingerprinter f = new TlsFingerprinter(limits, records::add);
        Segments s = new Segments(1, 40_000);
        f.accept(s.syn());
        f.accept(s.fromClient(clientBytes, 0, clientBytes.length));
        f.finish();
        return f.counters();
    }

    @Test
    void absurdHandshakeLengthStopsAtTheLimit() {
        byte[] record = HelloBytes.record(22, new byte[] {1, (byte) 0xff, (byte) 0xff, (byte) 0xff, 3, 3});
        FingerprintCounters c = send(FlowLimits.defaults(), record);
        assertEquals(1, c.handshakeLimitReached());
        assertEquals(0, c.bufferedBytes());
        assertTrue(records.isEmpty());
    }

    @Test
    void recordLongerThanTlsAllowsIsMalformed() {
        byte[] record = {22, 3, 1, (byte) 0xff, (byte) 0xff, 1, 0, 0, 0};
        assertEquals(1, send(FlowLimits.defaults(), record).malformedHandshakes());
    }

    @Test
    void unknownRecordTypeAfterAHandshakeRecordIsMalformed() {
        byte[] hello = new HelloBytes().serverName("ok.example").record();
        byte[] stream = Arrays.copyOf(hello, hello.length + 6);
        System.arraycopy(new byte[] {99, 3, 3, 0, 1, 0}, 0, stream, hello.length, 6);
        FingerprintCounters c = send(FlowLimits.defaults(), stream);
        assertEquals(1, c.malformedHandshakes());
        assertEquals(1, records.size(), "the hello before the bad record is still reported");
        assertEquals("ok.example", records.get(0).serverName());
        assertFalse(records.get(0).complete());
        assertEquals(0, c.bufferedBytes());
    }

    @Test
    void malformedClientRecordEndsTheWholeFlow() {
        TlsFingerprinter f = new TlsFingerprinter(FlowLimits.defaults(), records::add);
        Segments s = new Segments(1, 40_000);
        f.accept(s.syn());
        byte[] hello = new HelloBytes().serverName("ok.example").record();
        byte[] client = Arrays.copyOf(hello, hello.length + 6);
        System.arraycopy(new byte[] {99, 3, 3, 0, 1, 0}, 0, client, hello.length, 6);
        f.accept(s.fromClient(client, 0, client.length));
        assertEquals(1, records.size(), "reported as soon as the flow's parsing ended");
        byte[] serverStart = {22, 3, 3, 0, 60, 2, 0, 0, 56, 3, 3};      // the start of a ServerHello
        f.accept(s.fromServer(serverStart, 0, serverStart.length));
        assertEquals(0, f.counters().bufferedBytes(), "the server side is not read after the client's error");
        assertEquals(1, f.counters().malformedHandshakes());
        assertEquals(1, f.counters().flowsTracked(), "kept until it closes, without buffers");
    }

    @Test
    void helloWithBrokenExtensionIsMalformedAndNotReported() {
        byte[] body = new HelloBytes().serverName("x.example").body();
        body[body.length - "x.example".length() - 2] = 0x7f;    // the name's length now runs past the end
        FingerprintCounters c = send(FlowLimits.defaults(), HelloBytes.record(22, HelloBytes.message(1, body)));
        assertEquals(1, c.malformedHandshakes());
        assertTrue(records.isEmpty());
    }

    @Test
    void truncatedHelloAtEveryLengthNeverThrows() {
        byte[] record = new HelloBytes().serverName("cut.example").alpn("h2").record();
        for (int cut = 1; cut < record.length; cut++) {
            FingerprintCounters c = send(FlowLimits.defaults(), Arrays.copyOf(record, cut));
            assertEquals(0, c.bufferedBytes());
        }
        assertTrue(records.isEmpty());
    }

    @Test
    void idleFlowIsReportedIncomplete() {
        TlsFingerprinter f = new TlsFingerprinter(FlowLimits.defaults(), records::add);
        Segments s = new Segments(1, 40_000);
        f.accept(s.syn());
        byte[] hello = new HelloBytes().serverName("idle.example").record();
        f.accept(s.fromClient(hello, 0, hello.length));
        assertTrue(records.isEmpty(), "the server may still answer");
        f.expireIdle(s.now + 60_000_000_000L);
        assertEquals(1, records.size());
        assertEquals("idle.example", records.get(0).serverName());
        assertFalse(records.get(0).complete());
        assertEquals(1, f.counters().flowsExpired());
        assertEquals(0, f.counters().flowsTracked());
    }

    @Test
    void plainTextIsNotTls() {
        FingerprintCounters c = send(FlowLimits.defaults(), "GET / HTTP/1.1\r\n\r\n".getBytes());
        assertEquals(1, c.flowsNotTls());
        assertEquals(0, c.malformedHandshakes());
    }

    @Test
    void floodOfHalfOpenFlowsIsCappedThenExpires() {
        FlowLimits limits = new FlowLimits(10_000, 65_536, 131_072, 64L << 20, 60_000_000_000L, 10);
        TlsFingerprinter f = new TlsFingerprinter(limits, records::add);
        for (int i = 0; i < 300_000; i++) {
            f.accept(new Segments(i >>> 16, i & 0xffff).syn());
        }
        FingerprintCounters c = f.counters();
        assertEquals(10_000, c.flowsTracked());
        assertEquals(290_000, c.flowsRejected());
        Segments late = new Segments(9_999, 1);
        late.now += 61_000_000_000L;
        f.accept(late.syn());
        assertEquals(10_000, f.counters().flowsExpired());
        assertEquals(1, f.counters().flowsTracked());
        assertTrue(records.isEmpty());
    }

    @Test
    void partialHellosInManyFlowsStayWithinTheTotalBudget() {
        long budget = 200_000;
        FlowLimits limits = new FlowLimits(100_000, 65_536, 131_072, budget, 60_000_000_000L, 10);
        TlsFingerprinter f = new TlsFingerprinter(limits, records::add);
        byte[] hello = new HelloBytes().extension(0x15, new byte[3000]).record();
        byte[] partial = Arrays.copyOf(hello, hello.length - 10);   // never completes: held in the message buffer
        for (int i = 0; i < 2_000; i++) {
            Segments s = new Segments(i >>> 8, 1000 + i);
            f.accept(s.syn());
            f.accept(s.fromClient(partial, 0, partial.length));
            assertTrue(f.counters().bufferedBytes() <= budget);
        }
        FingerprintCounters c = f.counters();
        assertTrue(c.directionsOverBudget() > 1_900, "over budget: " + c.directionsOverBudget());
        assertTrue(c.peakBufferedBytes() <= budget);
        f.finish();
        assertEquals(0, f.counters().bufferedBytes());
    }

    @Test
    void manyTinyOutOfOrderSegmentsInManyFlowsStayWithinTheTotalBudget() {
        long budget = 100_000;
        FlowLimits limits = new FlowLimits(100_000, 65_536, 131_072, budget, 60_000_000_000L, 10);
        TlsFingerprinter f = new TlsFingerprinter(limits, records::add);
        byte[] stream = new byte[4_000];
        for (int flow = 0; flow < 200; flow++) {
            Segments s = new Segments(flow, 2000 + flow);
            f.accept(s.syn());
            for (int at = stream.length - 1; at > 0; at -= 2) {     // byte 0 never comes: all wait
                f.accept(s.fromClient(stream, at, 1));
            }
            assertTrue(f.counters().bufferedBytes() <= budget);
        }
        assertTrue(f.counters().outOfOrderBytesDropped() > 0);
        f.finish();
        assertEquals(0, f.counters().bufferedBytes());
    }
}
