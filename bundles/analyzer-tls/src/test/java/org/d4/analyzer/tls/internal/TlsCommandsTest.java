// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.UUID;
import org.d4.fingerprint.HandshakeRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCommandsTest {
    @Test
    void queryStatsLabelAndUnlabel(@TempDir Path home) throws Exception {
        HandshakeRecord r = Captures.handshakes("tls13-ipv4.pcap").get(0);
        try (Fixture d4 = new Fixture(home, new TestConfig())) {
            d4.feed(UUID.randomUUID(), Captures.clientLine(r), "not json");
            TlsCommands commands = new TlsCommands(d4.analyzer);
            String ja3 = commands.query(100, "ja3", r.ja3Md5());
            assertTrue(ja3.contains("\"fingerprint\":\"" + r.ja3Md5() + "\"") && ja3.endsWith("(1 answers)"), ja3);
            String net = commands.query(1, "ip", "127.0.0.0/8");
            assertTrue(net.endsWith("(1 answers, more exist: raise -n)"), net);
            assertTrue(commands.query(10, "new", "0").contains("\"kind\":\"ja4\""));
            assertEquals("nothing known", commands.query(10, "ja3s", "0".repeat(32)));
            assertTrue(commands.query(10, "ja3", "xyz").startsWith("bad query: "));
            assertTrue(commands.query(10, "jarm", "x").startsWith("unknown route"));
            String stats = commands.stats();
            assertTrue(stats.contains("handshakes") && stats.matches("(?s).*malformed\\s+1\\n.*"), stats);
            assertEquals("labelled " + r.ja4() + " test client", commands.label(r.ja4(), "test client"));
            assertTrue(commands.query(10, "ja4", r.ja4()).contains("\"labels\":[\"test client\"]"));
            assertTrue(commands.label("zz", "x").startsWith("not labelled: "));
            assertEquals("removed the label of " + r.ja4(), commands.unlabel(r.ja4()));
            assertEquals("no label added for " + r.ja4(), commands.unlabel(r.ja4()));
        }
    }
}
