// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Arbitrary bytes as one queued {@code ja3-jl} line (seeds in {@code Ja3JsonLineFuzzTestInputs}, a
 * Go sensor record and one of ours): {@link Ja3JsonLine#parse} returns a sighting with at least
 * one well-formed fingerprint and canonical addresses, or throws {@link Malformed}, never another
 * exception.
 */
class Ja3JsonLineFuzzTest {
    private static final UUID SENSOR = UUID.fromString("6e1b2c7a-0f6e-4d0e-9d2b-3f6a1c9e7b10");
    private final Ja3JsonLine parser = new Ja3JsonLine();

    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] bytes) {
        Sighting s;
        try {
            s = parser.parse(new String(bytes, StandardCharsets.UTF_8), SENSOR, 7);
        } catch (Malformed refused) {
            assertNotNull(refused.getMessage());
            return;
        }
        assertTrue(!s.keys().isEmpty(), "at least one fingerprint");
        assertTrue(s.ja3Md5() == null || s.ja3Md5().matches("[0-9a-f]{32}"));
        assertTrue(s.ja3sMd5() == null || s.ja3sMd5().matches("[0-9a-f]{32}"));
        if (s.clientIp() != null) {
            assertEquals(s.clientIp(), Addresses.canonical(s.clientIp()));
        }
        assertTrue(s.clientPort() >= 0 && s.clientPort() <= 65535 && s.serverPort() >= 0 && s.serverPort() <= 65535);
        if (s.sni() != null) {
            assertEquals(s.sni(), DnsNames.normalize(s.sni()));
        }
        assertEquals(SENSOR, s.sensor());
    }
}
