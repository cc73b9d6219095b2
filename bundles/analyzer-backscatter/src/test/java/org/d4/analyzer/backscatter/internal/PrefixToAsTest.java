// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.d4.api.queue.QueueItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prefix-to-AS table in CAIDA's RouteViews pfx2as format (prefix, length, AS; multi-origin
 * ASes joined by '_', AS sets by ','), the longest match winning; attacks carrying it.
 */
class PrefixToAsTest {
    static final String TABLE = String.join("\n",
            "198.51.100.0\t24\t64496",
            "198.51.100.96\t27\t64497_64498",
            "198.51.0.0\t16\t64499",
            "203.0.113.0\t24\t64500,64501",
            "2001:db8:aaaa::\t48\t64502",
            "2001:db8::\t32\t64503",
            "2001:db8:cccc:1::\t80\t64504",
            "not a line",
            "10.0.0.0\t99\t1",
            "10.0.0.0\t8\tAS1",
            "");

    @TempDir
    Path dir;

    @Test
    void theLongestPrefixWins() throws Exception {
        PrefixToAs t = PrefixToAs.read(new ByteArrayInputStream(TABLE.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(6, t.prefixes());
        assertEquals(4, t.skipped());
        assertEquals(new PrefixToAs.Origin("198.51.100.96/27", 64497), t.lookup("198.51.100.99"));
        assertEquals(new PrefixToAs.Origin("198.51.100.0/24", 64496), t.lookup("198.51.100.10"));
        assertEquals(new PrefixToAs.Origin("198.51.0.0/16", 64499), t.lookup("198.51.7.1"));
        assertEquals(new PrefixToAs.Origin("203.0.113.0/24", 64500), t.lookup("203.0.113.5"));
        assertEquals(new PrefixToAs.Origin("2001:db8:aaaa::/48", 64502), t.lookup("2001:db8:aaaa::1"));
        assertEquals(new PrefixToAs.Origin("2001:db8::/32", 64503), t.lookup("2001:db8:cccc::3"), "the /80 is left out");
        assertNull(t.lookup("192.0.2.1"));
        assertNull(PrefixToAs.NONE.lookup("192.0.2.1"));
    }

    @Test
    void attacksCarryTheirVictimsPrefixAndAsAndAreFilteredByAs() throws Exception {
        Path table = dir.resolve("routeviews.pfx2as");
        Files.writeString(table, TABLE);
        Scenario s = Scenario.standard();
        Path capture = dir.resolve("t.pcap");
        CaptureWriter.write(capture, s.frames, CaptureWriter.Link.ETHERNET, false, false);
        TestConfig config = new TestConfig();
        config.pfx2as = table.toString();
        BackscatterAnalyzer a = new BackscatterAnalyzer(dir.resolve("store"), config, "test", (sensor, lines) -> { });
        a.analyze(new QueueItem(1, UUID.randomUUID(), 0, capture.toString().getBytes(StandardCharsets.UTF_8)));
        AttackStore.Page page = a.attacks(QueryParameters.attacks(Map.of("asn", new String[] {"64497"})));
        assertEquals(2, page.attacks().size());
        String line = a.json(page.attacks().get(0).getKey(), page.attacks().get(0).getValue());
        assertTrue(line.contains("\"prefix\":\"198.51.100.96/27\",\"asn\":64497"), line);
        a.close();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[] {"-r", capture.toString(), "--prefix", Scenario.TELESCOPE_V4, "--prefix", Scenario.TELESCOPE_V6,
                "--pfx2as", table.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        String ndjson = out.toString(StandardCharsets.UTF_8);
        assertEquals(10, ndjson.lines().count());
        assertEquals(2, ndjson.lines().filter(l -> l.contains("\"asn\":64497")).count());
        assertEquals(1, ndjson.lines().filter(l -> l.contains("\"victim\":\"203.0.113.5\"") && l.contains("\"asn\":64500")).count());
    }
}
