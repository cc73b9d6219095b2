// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.d4.fingerprint.tls.HelloBytes;
import org.junit.jupiter.api.Test;

/**
 * 100,000 connections open at once, each with the first half of a ClientHello held, in the 256 MB
 * heap the build gives the tests: they all fit, and all are reported once their hellos complete.
 */
class ConcurrentFlowsTest {

    @Test
    void hundredThousandFlowsWithPartialHellosFitIn256Megabytes() {
        int flows = 100_000;
        List<HandshakeRecord> records = new ArrayList<>();
        TlsFingerprinter f = new TlsFingerprinter(FlowLimits.defaults(), records::add);
        byte[] hello = new HelloBytes().ciphers(0x1301, 0x1302, 0xc02b).serverName("many.example").alpn("h2").record();
        int half = hello.length / 2;
        for (int i = 0; i < flows; i++) {
            Segments s = new Segments(i >>> 16, i & 0xffff);
            f.accept(s.syn());
            f.accept(s.synAck());
            f.accept(s.fromClient(hello, 0, half));
        }
        assertEquals(flows, f.counters().flowsTracked());
        System.gc();
        long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.printf("%d flows tracked, %d bytes buffered, heap used %d MiB of max %d MiB%n", flows,
                f.counters().bufferedBytes(), used >> 20, Runtime.getRuntime().maxMemory() >> 20);
        assertTrue(Runtime.getRuntime().maxMemory() <= 300L << 20, "the build runs this test in a 256 MB heap");
        for (int i = 0; i < flows; i++) {
            Segments s = new Segments(i >>> 16, i & 0xffff);
            f.accept(s.fromClient(hello, half, hello.length - half));
        }
        f.finish();
        assertEquals(flows, records.size());
        assertTrue(records.stream().allMatch(r -> "many.example".equals(r.serverName())));
        assertEquals(0, f.counters().bufferedBytes());
    }
}
