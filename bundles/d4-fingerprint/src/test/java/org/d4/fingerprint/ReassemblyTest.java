// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.d4.fingerprint.capture.TcpSegment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client and server bytes of a recorded TLS 1.2 mutual-TLS handshake (several segments and
 * records each way), fed back cut, reordered, overlapped and repeated: the same fingerprints must come
 * out, and the reassembly must hold no more than its bounds.
 */
class ReassemblyTest {

    private static byte[] clientStream;
    private static byte[] serverStream;
    private static HandshakeRecord original;

    @BeforeAll
    static void recordedHandshake() throws IOException {
        original = Captures.fingerprint("tls12-mtls-ipv6.pcap", FlowLimits.defaults()).get(0);
        List<TcpSegment> segments = Captures.segments("tls12-mtls-ipv6.pcap");
        clientStream = Captures.stream(segments, original.client().getPort());
        serverStream = Captures.stream(segments, original.server().getPort());
        assertTrue(serverStream.length > 1500, "the server's flight spans segments");
    }

    private static List<HandshakeRecord> run(FlowLimits limits, List<TcpSegment> clientSegments, TlsFingerprinter[] out) {
        List<HandshakeRecord> records = new ArrayList<>();
        TlsFingerprinter f = new TlsFingerprinter(limits, records::add);
        Segments s = new Segments(1, 40_000);
        f.accept(s.syn());
        f.accept(s.synAck());
        clientSegments.forEach(segment -> {
            f.accept(segment);
            assertTrue(f.counters().bufferedBytes() <= limits.maxTotalBufferedBytes());
        });
        for (int at = 0; at < serverStream.length; at += 1000) {
            f.accept(s.fromServer(serverStream, at, Math.min(1000, serverStream.length - at)));
        }
        f.finish();
        out[0] = f;
        return records;
    }

    private static void assertSameFingerprints(List<HandshakeRecord> records) {
        assertEquals(1, records.size());
        HandshakeRecord r = records.get(0);
        assertEquals(original.ja3(), r.ja3());
        assertEquals(original.ja4(), r.ja4());
        assertEquals(original.ja3s(), r.ja3s());
        assertEquals(original.serverCertificates().size(), r.serverCertificates().size());
        assertEquals(original.clientCertificates().get(0).sha256(), r.clientCertificates().get(0).sha256());
        assertTrue(r.complete());
    }

    @Test
    void oneByteSegmentsInReverseOrder() {
        Segments s = new Segments(1, 40_000);
        List<TcpSegment> segments = new ArrayList<>();
        for (int at = clientStream.length - 1; at >= 0; at--) {
            segments.add(s.fromClient(clientStream, at, 1));
        }
        TlsFingerprinter[] f = new TlsFingerprinter[1];
        assertSameFingerprints(run(FlowLimits.defaults(), segments, f));
        assertEquals(0, f[0].counters().bufferedBytes(), "everything held was given back");
        assertTrue(f[0].counters().peakBufferedBytes() >= clientStream.length - 1);
    }

    @Test
    void overlappingRepeatedAndShuffledSegments() {
        Random random = new Random(42);
        Segments s = new Segments(1, 40_000);
        List<TcpSegment> segments = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int at = 0; at < clientStream.length; ) {
                int length = Math.min(1 + random.nextInt(300), clientStream.length - at);
                segments.add(s.fromClient(clientStream, at, length));
                at += Math.max(1, length - random.nextInt(length));   // the next one overlaps this one
            }
        }
        Collections.shuffle(segments, random);
        TlsFingerprinter[] f = new TlsFingerprinter[1];
        assertSameFingerprints(run(FlowLimits.defaults(), segments, f));
        assertTrue(f[0].counters().retransmittedSegments() > 0);
        assertEquals(0, f[0].counters().bufferedBytes());
    }

    @Test
    void outOfOrderBytesBeyondTheBoundAreDroppedThenRetransmissionsComplete() {
        FlowLimits small = new FlowLimits(10, 64, 131_072, 1 << 20, 60_000_000_000L, 10);
        Segments s = new Segments(1, 40_000);
        List<TcpSegment> segments = new ArrayList<>();
        for (int at = clientStream.length - 1; at >= 0; at--) {
            segments.add(s.fromClient(clientStream, at, 1));
        }
        for (int at = 0; at < clientStream.length; at += 100) {       // the retransmission, in order
            segments.add(s.fromClient(clientStream, at, Math.min(100, clientStream.length - at)));
        }
        TlsFingerprinter[] f = new TlsFingerprinter[1];
        assertSameFingerprints(run(small, segments, f));
        FingerprintCounters c = f[0].counters();
        assertEquals(clientStream.length - 1 - 64, c.outOfOrderBytesDropped());
        assertTrue(c.peakBufferedBytes() <= 64 + 4096 * 4, "peak " + c.peakBufferedBytes());
    }

    @Test
    void handshakeMessagesSplitAcrossManySmallRecords() {
        byte[] server = resplit(serverStream, 100);
        assertTrue(server.length > serverStream.length + 5 * 20, "many more records than before");
        List<HandshakeRecord> records = new ArrayList<>();
        TlsFingerprinter f = new TlsFingerprinter(FlowLimits.defaults(), records::add);
        Segments s = new Segments(1, 40_000);
        f.accept(s.syn());
        f.accept(s.synAck());
        f.accept(s.fromClient(resplit(clientStream, 7), 0, resplit(clientStream, 7).length));
        for (int at = 0; at < server.length; at += 1400) {
            f.accept(s.fromServer(server, at, Math.min(1400, server.length - at)));
        }
        f.finish();
        assertSameFingerprints(records);
        assertEquals(original.serverCertificates().get(0).sha256(), records.get(0).serverCertificates().get(0).sha256());
    }

    /** The same stream with its leading handshake records' payload cut into records of {@code size} bytes. */
    private static byte[] resplit(byte[] stream, int size) {
        java.io.ByteArrayOutputStream handshake = new java.io.ByteArrayOutputStream();
        int at = 0;
        while (at + 5 <= stream.length && stream[at] == 22) {
            int length = (stream[at + 3] & 0xff) << 8 | (stream[at + 4] & 0xff);
            handshake.write(stream, at + 5, length);
            at += 5 + length;
        }
        byte[] payload = handshake.toByteArray();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int from = 0; from < payload.length; from += size) {
            int n = Math.min(size, payload.length - from);
            out.writeBytes(new byte[] {22, 3, 3, (byte) (n >>> 8), (byte) n});
            out.write(payload, from, n);
        }
        out.write(stream, at, stream.length - at);
        return out.toByteArray();
    }

    @Test
    void fastOpenDataOnTheSyn() {
        List<HandshakeRecord> records = new ArrayList<>();
        TlsFingerprinter f = new TlsFingerprinter(FlowLimits.defaults(), records::add);
        Segments s = new Segments(1, 40_000);
        TcpSegment syn = s.syn();
        f.accept(new TcpSegment(syn.timestampNanos(), syn.sourceAddress(), syn.sourcePort(), syn.destinationAddress(),
                syn.destinationPort(), syn.sequence(), syn.flags(), Arrays.copyOf(clientStream, 100), 0, 100));
        f.accept(s.synAck());
        f.accept(s.fromClient(clientStream, 100, clientStream.length - 100));
        for (int at = 0; at < serverStream.length; at += 1000) {
            f.accept(s.fromServer(serverStream, at, Math.min(1000, serverStream.length - at)));
        }
        f.finish();
        assertSameFingerprints(records);
    }

    @Test
    void segmentsFarAheadAreOutOfWindow() {
        List<HandshakeRecord> records = new ArrayList<>();
        TlsFingerprinter f = new TlsFingerprinter(FlowLimits.defaults(), records::add);
        Segments s = new Segments(1, 40_000);
        f.accept(s.syn());
        f.accept(s.fromClient(new byte[300_000], 290_000, 1000));
        assertEquals(1, f.counters().segmentsOutOfWindow());
        assertEquals(0, f.counters().bufferedBytes());
    }

    @Test
    void finFromBothSidesEndsTheFlowWithAPartialRecord() {
        List<HandshakeRecord> records = new ArrayList<>();
        TlsFingerprinter f = new TlsFingerprinter(FlowLimits.defaults(), records::add);
        Segments s = new Segments(1, 40_000);
        f.accept(s.syn());
        f.accept(s.fromClient(clientStream, 0, clientStream.length));
        f.accept(s.flags(true, TcpSegment.FIN | TcpSegment.ACK));
        f.accept(s.flags(false, TcpSegment.FIN | TcpSegment.ACK));
        assertEquals(1, records.size(), "reported at the second FIN, not at finish()");
        assertEquals(original.ja3(), records.get(0).ja3());
        assertNull(records.get(0).serverHello());
        assertFalse(records.get(0).complete(), "the server never answered");
        assertEquals(0, f.counters().flowsTracked());
    }
}
