// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.d4.fingerprint.tls.ClientHello;
import org.d4.fingerprint.tls.Ja3;
import org.d4.fingerprint.tls.Ja4;
import org.d4.fingerprint.tls.TlsFormatException;

/**
 * Arbitrary bytes as both directions of a TCP connection, cut into segments at arbitrary sequence
 * numbers, into a fingerprinter with small bounds; and arbitrary bytes as a ClientHello body. Nothing
 * but a {@link TlsFormatException} may come out of the parser, nothing at all out of the fingerprinter,
 * and the bytes held stay within the budget.
 *
 * <p>The build runs this with {@code JAZZER_FUZZ=1} (the root pom's surefire execution {@code fuzz}),
 * so Jazzer fuzzes for {@code fuzz.seconds}; without it, Jazzer only replays the stored inputs.
 */
class TlsParserFuzzTest {

    private static final FlowLimits SMALL = new FlowLimits(4, 2_048, 8_192, 12_000, 60_000_000_000L, 3);

    @FuzzTest(maxDuration = "30s")
    void onlyCountersMoveOnAnyInput(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            byte[] body = data.consumeRemainingAsBytes();
            try {
                ClientHello hello = ClientHello.parse(body, 0, body.length);
                Ja3.client(hello);
                Ja4.of(hello);
            } catch (TlsFormatException expected) {
                // bad input is reported this way only
            }
            return;
        }
        TlsFingerprinter f = new TlsFingerprinter(SMALL, record -> { });
        Segments s = new Segments(1, 40_000);
        f.accept(s.syn());
        f.accept(s.synAck());
        while (data.remainingBytes() > 4) {
            boolean client = data.consumeBoolean();
            int at = data.consumeInt(0, 20_000);
            byte[] bytes = data.consumeBytes(data.consumeInt(1, 1_500));
            byte[] stream = new byte[at + bytes.length];
            System.arraycopy(bytes, 0, stream, at, bytes.length);
            f.accept(client ? s.fromClient(stream, at, bytes.length) : s.fromServer(stream, at, bytes.length));
            assertTrue(f.counters().bufferedBytes() <= SMALL.maxTotalBufferedBytes());
        }
        f.finish();
        assertTrue(f.counters().bufferedBytes() == 0, "held after finish: " + f.counters().bufferedBytes());
    }
}
