// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.d4.analyzer.passivedns.internal.Fixture.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines in, COF out, on a real store: both directions, wildcards, networks, filters, counts, sensors, restarts. */
class PassiveDnsAnalyzerTest {
    static final UUID S1 = UUID.fromString("11111111-1111-4111-8111-111111111111");
    static final UUID S2 = UUID.fromString("22222222-2222-4222-8222-222222222222");

    @TempDir
    Path dir;
    Fixture pdns;

    @AfterEach
    void close() {
        if (pdns != null) {
            pdns.close();
        }
    }

    Fixture open(TestConfig config) throws Exception {
        pdns = new Fixture(dir, config);
        return pdns;
    }

    @Test
    void aNameGivesItsRecordsAndAnAddressTheNamesPointingToIt() throws Exception {
        open(new TestConfig().origin("https://pdns.example.org"));
        pdns.send(S1, line(1700000100, "WWW.Example.com.", "A", "192.0.2.1"),
                line(1700000200, "www.example.com.", "A", "192.0.2.1"),
                line(1700000150, "www.example.com.", "AAAA", "2001:db8::1"),
                line(1700000300, "mail.example.com.", "A", "192.0.2.1"),
                line(1700000300, "www.example.com.", "TXT", "\"hello world\""));
        Fixture.Answer byName = pdns.query("www.example.com");
        assertEquals(3, byName.records().size(), byName.toString());
        JsonNode a = byName.records().stream().filter(r -> r.path("rrtype").asText().equals("A")).findFirst().orElseThrow();
        assertEquals("www.example.com", a.path("rrname").asText());
        assertEquals("192.0.2.1", a.path("rdata").asText());
        assertEquals(1700000100, a.path("time_first").asLong());
        assertEquals(1700000200, a.path("time_last").asLong());
        assertEquals(2, a.path("count").asLong());
        assertEquals(S1.toString(), a.path("sensor_id").asText());
        assertEquals("https://pdns.example.org", a.path("origin").asText());
        assertTrue(a.path("time_first").isNumber() && a.path("count").isNumber(), "numbers, as COF says");
        assertTrue(byName.rdata().contains("hello world"), "TXT unquoted");
        assertEquals(0, byName.cursor(), "unpaged: no cursor");

        Fixture.Answer byAddress = pdns.query("192.0.2.1");
        assertEquals(List.of("mail.example.com", "www.example.com"), byAddress.rrnames(), "the records whose rdata it is, by name");
        assertEquals(List.of("2001:db8::1"), pdns.query("2001:0db8:0::1").rdata(), "IPv6 in any spelling");
        assertEquals(0, pdns.query("nothing.example.com").records().size());
        assertEquals(0, pdns.query("198.51.100.1").records().size());
    }

    @Test
    void countsAddTheCsvCountAndEverySensorIsKept() throws Exception {
        open(new TestConfig());
        pdns.send(S1, "1700000000||1.1.1.1||2.2.2.2||IN||example.com.||A||192.0.2.5||60||7");
        pdns.send(S2, "1700000500||1.1.1.1||2.2.2.2||IN||example.com.||A||192.0.2.5||60||3");
        JsonNode r = pdns.query("example.com").records().get(0);
        assertEquals(10, r.path("count").asLong());
        assertEquals(S1 + "," + S2, r.path("sensor_id").asText());
        assertEquals(1700000000, r.path("time_first").asLong());
        assertEquals(1700000500, r.path("time_last").asLong());
        Statistics s = pdns.analyzer.statistics();
        assertEquals(2, s.lines());
        assertEquals(1, s.records());
        assertEquals(1L, s.sensorLines().get(S1.toString()));
        assertEquals(1L, s.sensorLines().get(S2.toString()));
        assertEquals(2L, s.types().get(1));
        assertEquals(2L, s.classes().get("IN"));
        assertEquals(2L, s.ttls().get(60L));
    }

    @Test
    void everyTypeIsStoredAndOneWithoutANameIsServedAsItsNumber() throws Exception {
        open(new TestConfig());
        pdns.send(S1, line(1700000000, "odd.example.com", "TYPE65280", "\\# 2 abcd"), line(1700000000, "odd.example.com", "CAA", "0 issue \"ca.example\""),
                line(1700000000, "odd.example.com", "DLV", "1 2 3 abcdef"));
        List<JsonNode> records = pdns.query("odd.example.com").records();
        Set<String> types = new HashSet<>();
        records.forEach(r -> types.add(r.path("rrtype").toString()));
        assertEquals(Set.of("65280", "\"CAA\"", "\"DLV\""), types);
        assertTrue(records.stream().anyMatch(r -> r.path("rrtype").isInt()), "a number, not a string, for a type without a name");
        assertEquals(1, pdns.query("odd.example.com", "rrtype", "65280").records().size());
    }

    @Test
    void wildcardsOnEitherSide() throws Exception {
        open(new TestConfig());
        pdns.send(S1, line(1700000000, "example.com", "A", "192.0.2.1"), line(1700000000, "www.example.com", "A", "192.0.2.2"),
                line(1700000000, "a.b.example.com", "A", "192.0.2.3"), line(1700000000, "www.example.org", "A", "192.0.2.4"),
                line(1700000000, "www.example-other.com", "A", "192.0.2.5"), line(1700000000, "www.examples.com", "A", "192.0.2.6"),
                line(1700000000, "www.example", "A", "192.0.2.7"));
        assertEquals(Set.of("www.example.com", "a.b.example.com"), new HashSet<>(pdns.query("*.example.com").rrnames()),
                "names under example.com, not example.com itself nor look-alikes");
        assertEquals(Set.of("www.example.com", "www.example.org"), new HashSet<>(pdns.query("www.example.*").rrnames()),
                "names starting with those labels, not www.example itself nor www.examples.com");
        assertEquals(1, pdns.query("*.example.com", "rrtype", "A", "time_last_before", "1700000001", "limit", "1").records().size());
    }

    @Test
    void networksAreRanges() throws Exception {
        open(new TestConfig());
        pdns.send(S1, line(1700000000, "a.example", "A", "192.0.1.255"), line(1700000000, "b.example", "A", "192.0.2.0"),
                line(1700000000, "c.example", "A", "192.0.2.255"), line(1700000000, "d.example", "A", "192.0.3.0"),
                line(1700000000, "e.example", "A", "10.0.0.1"), line(1700000000, "f.example", "A", "200.0.0.1"),
                line(1700000000, "g.example", "AAAA", "2001:db8::1"), line(1700000000, "h.example", "AAAA", "2001:db9::1"),
                line(1700000000, "i.example", "TXT", "192.0.2.7"));
        assertEquals(List.of("b.example", "c.example"), pdns.query("192.0.2.0/24").rrnames());
        assertEquals(List.of("a.example", "b.example", "c.example", "d.example"), pdns.query("192.0.0.0/22").rrnames());
        assertEquals(List.of("e.example", "a.example", "b.example", "c.example", "d.example", "f.example"), pdns.query("0.0.0.0/0").rrnames(),
                "in address order, across the sign bit");
        assertEquals(List.of("a.example", "b.example", "c.example", "d.example", "f.example"), pdns.query("128.0.0.0/1").rrnames());
        assertEquals(List.of("e.example"), pdns.query("0.0.0.0/1").rrnames());
        assertEquals(List.of("g.example"), pdns.query("2001:db8::/32").rrnames());
        assertEquals(List.of("c.example"), pdns.query("192.0.2.255/32").rrnames());
    }

    @Test
    void fqueryGivesTheRecordsOfTheNamesPointingThere() throws Exception {
        open(new TestConfig());
        pdns.send(S1, line(1700000000, "alias.example.com", "CNAME", "target.example.net."), line(1700000000, "alias.example.com", "A", "192.0.2.9"),
                line(1700000000, "other.example.com", "CNAME", "target.example.net"), line(1700000000, "target.example.net", "A", "198.51.100.7"),
                line(1700000000, "www.example.com", "A", "198.51.100.7"), line(1700000000, "www.example.com", "TXT", "x"));
        assertEquals(List.of("alias.example.com", "alias.example.com", "other.example.com"), pdns.fquery("target.example.net").rrnames());
        assertEquals(List.of("target.example.net", "www.example.com", "www.example.com"), pdns.fquery("198.51.100.7").rrnames(),
                "every record of the names with that address");
        assertEquals(List.of("target.example.net", "www.example.com"), pdns.query("198.51.100.7").rrnames(), "query: just the A records");
        assertEquals(2, pdns.fquery("198.51.100.7", "rrtype", "A").records().size());
    }

    @Test
    void timeFences() throws Exception {
        open(new TestConfig());
        pdns.send(S1, line(1000, "t.example", "A", "192.0.2.1"), line(2000, "t.example", "A", "192.0.2.1"),
                line(1500, "t.example", "A", "192.0.2.2"), line(3000, "t.example", "A", "192.0.2.3"));
        assertEquals(List.of("192.0.2.3"), pdns.query("t.example", "time_first_after", "2000").rdata());
        assertEquals(List.of("192.0.2.1", "192.0.2.2"), pdns.query("t.example", "time_first_before", "2000").rdata());
        assertEquals(List.of("192.0.2.2"), pdns.query("t.example", "time_last_before", "2000").rdata());
        assertEquals(List.of("192.0.2.1", "192.0.2.3"), pdns.query("t.example", "time_last_after", "1500").rdata());
        assertEquals(List.of("192.0.2.2"), pdns.query("t.example", "time_first_after", "1000", "time_last_before", "3000").rdata(),
                "seen only within the window");
        assertEquals(List.of("192.0.2.3"), pdns.query("t.example", "time_first_after", "1970-01-01T00:40:00Z").rdata(), "RFC 3339");
    }

    @Test
    void pagesFollowEachOtherWithoutDuplicatesOrGapsWhileRecordsArrive() throws Exception {
        open(new TestConfig());
        String[] lines = new String[500];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = line(1700000000 + i, "host" + i + ".paged.example", "A", "203.0.113." + (i % 250));
        }
        pdns.send(S1, lines);
        Set<String> seen = new HashSet<>();
        List<String> order = new java.util.ArrayList<>();
        Fixture.Answer page = pdns.query("*.paged.example", "limit", "37");
        int pages = 1;
        int added = 0;
        while (true) {
            for (String name : page.rrnames()) {
                assertTrue(seen.add(name), "no duplicate: " + name);
                order.add(name);
            }
            if (page.cursor() == 0) {
                break;
            }
            assertEquals(37, page.records().size());
            // records written between pages: those after the position come later, none twice
            pdns.send(S2, line(1700009999, "zzz" + added++ + ".paged.example", "A", "203.0.113.1"));
            page = pdns.query("*.paged.example", "limit", "37", "cursor", Long.toString(page.cursor()));
            pages++;
        }
        for (int i = 0; i < lines.length; i++) {
            assertTrue(seen.contains("host" + i + ".paged.example"), "no gap: host" + i);
        }
        assertEquals(500 + added, seen.size(), "the late records too, since they sort after every page served");
        assertTrue(pages >= 14, "pages " + pages);
        List<String> sorted = new java.util.ArrayList<>(order);
        assertEquals(sorted, order);
    }

    @Test
    void pagesByAddressNetworkPrefixAndFquery() throws Exception {
        open(new TestConfig());
        String[] lines = new String[120];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = line(1700000000, "n.p" + i + ".example", i % 2 == 0 ? "A" : "CNAME", i % 2 == 0 ? "198.51.100." + (i % 7) : "t.example");
        }
        pdns.send(S1, lines);
        for (String[] q : new String[][] {{"198.51.100.3", "false"}, {"198.51.100.0/24", "false"}, {"n.*", "false"},
                {"t.example", "true"}, {"198.51.100.3", "true"}}) {
            boolean full = Boolean.parseBoolean(q[1]);
            List<String> all = (full ? pdns.fquery(q[0]) : pdns.query(q[0])).records().stream().map(JsonNode::toString).toList();
            List<String> paged = new java.util.ArrayList<>();
            Fixture.Answer page = full ? pdns.fquery(q[0], "limit", "4") : pdns.query(q[0], "limit", "4");
            while (true) {
                page.records().forEach(r -> paged.add(r.toString()));
                if (page.cursor() == 0) {
                    break;
                }
                String c = Long.toString(page.cursor());
                page = full ? pdns.fquery(q[0], "limit", "4", "cursor", c) : pdns.query(q[0], "limit", "4", "cursor", c);
            }
            assertTrue(all.size() > 4, q[0] + ": " + all.size());
            assertEquals(all, paged, q[0] + (full ? " (fquery)" : ""));
        }
    }

    @Test
    void aCursorContinuesOnlyItsOwnQuery() throws Exception {
        open(new TestConfig());
        pdns.send(S1, line(1700000000, "a.c.example", "A", "192.0.2.1"), line(1700000000, "b.c.example", "A", "192.0.2.1"));
        long cursor = pdns.query("*.c.example", "limit", "1").cursor();
        assertNotEquals(0, cursor);
        assertEquals(List.of("b.c.example"), pdns.query("*.c.example", "limit", "1", "cursor", Long.toString(cursor)).rrnames());
        BadRequest other = assertThrows(BadRequest.class, () -> pdns.query("*.c.example", "rrtype", "A", "cursor", Long.toString(cursor)));
        assertTrue(other.getMessage().contains("another query"));
        BadRequest unknown = assertThrows(BadRequest.class, () -> pdns.query("*.c.example", "cursor", "12345"));
        assertTrue(unknown.getMessage().contains("unknown or expired cursor"));
        pdns.now.addAndGet(3600);
        assertThrows(BadRequest.class, () -> pdns.query("*.c.example", "cursor", Long.toString(cursor)), "lapsed after 30 minutes");
        assertEquals(0, pdns.query("a.c.example", "limit", "1").cursor(), "no cursor when nothing is left");
    }

    @Test
    void exclusionsLeaveNamesOut() throws Exception {
        open(new TestConfig().exclusions(".local.", "Tracker"));
        pdns.send(S1, line(1700000000, "printer.local.", "A", "192.168.1.5"), line(1700000000, "ads.tracker.example", "A", "192.0.2.1"),
                line(1700000000, "kept.example", "A", "192.0.2.1"), line(1700000000, "local.example", "A", "192.0.2.2"));
        assertEquals(0, pdns.query("printer.local").records().size());
        assertEquals(0, pdns.query("ads.tracker.example").records().size());
        assertEquals(1, pdns.query("kept.example").records().size());
        assertEquals(1, pdns.query("local.example").records().size(), "a substring of the dotted name: .local. is not in local.example.");
        Statistics s = pdns.analyzer.statistics();
        assertEquals(2, s.excluded());
        assertEquals(4, s.lines());
        assertEquals(4L, s.sensorLines().get(S1.toString()));
    }

    @Test
    void malformedLinesAreCountedAndNeverStopIngestion() throws Exception {
        open(new TestConfig());
        pdns.send(S1, "garbage", line(1700000000, "before.example", "A", "192.0.2.1"), "", "1700000000||a||b||IN||x.example||A||not-ip||1||1",
                "\u0000\u0001\u00ff", line(1700000000, "after.example", "A", "192.0.2.1"));
        assertEquals(1, pdns.query("before.example").records().size());
        assertEquals(1, pdns.query("after.example").records().size());
        Statistics s = pdns.analyzer.statistics();
        assertEquals(4, s.malformed());
        assertEquals(6, s.lines());
        assertEquals(2, s.records());
        assertTrue(s.latestMalformed().contains("expected 9 fields"), s.latestMalformed());
    }

    @Test
    void recordsOfATypeWithALifetimeDisappearWhenNotSeenAgain() throws Exception {
        open(new TestConfig().expiration("TXT=3600", "cname=60"));
        long t0 = pdns.now.get();
        pdns.send(S1, line(t0, "e.example", "TXT", "old"), line(t0, "e.example", "A", "192.0.2.1"),
                line(t0, "e.example", "CNAME", "x.example"));
        assertEquals(3, pdns.query("e.example").records().size());
        pdns.now.set(t0 + 120);
        assertEquals(List.of("192.0.2.1", "old"), pdns.query("e.example").rdata(), "the CNAME expired; hidden at once");
        pdns.send(S1, line(t0 + 120, "e.example", "TXT", "new"));
        pdns.now.set(t0 + 3700);
        assertEquals(List.of("192.0.2.1", "new"), pdns.query("e.example").rdata());
        // the sweeper removes them from the store, its indexes and the distinct names
        for (int i = 0; i < 50 && pdns.analyzer.statistics().expired() < 2; i++) {
            Thread.sleep(100);
        }
        assertEquals(2, pdns.analyzer.statistics().expired());
        assertEquals(2, pdns.analyzer.statistics().records());
        assertEquals(List.of("e.example"), pdns.fquery("192.0.2.1").rrnames().stream().distinct().toList());
        assertEquals(0, pdns.fquery("x.example").records().size(), "its rdata index entry is gone");
    }

    @Test
    void everythingSurvivesARestart() throws Exception {
        open(new TestConfig());
        pdns.send(S1, line(1700000000, "persist.example", "A", "192.0.2.1"), line(1700000000, "persist.example", "A", "192.0.2.1"), "bad");
        pdns.send(S2, line(1700000100, "persist.example", "AAAA", "2001:db8::5"));
        pdns.reopen();
        assertEquals(2, pdns.query("persist.example").records().size());
        JsonNode a = pdns.query("persist.example", "rrtype", "A").records().get(0);
        assertEquals(2, a.path("count").asLong());
        assertEquals(S1.toString(), a.path("sensor_id").asText());
        assertEquals(S2.toString(), pdns.query("2001:db8::5").records().get(0).path("sensor_id").asText());
        Statistics s = pdns.analyzer.statistics();
        assertEquals(4, s.lines());
        assertEquals(1, s.malformed());
        assertEquals(2, s.records());
        pdns.send(S1, line(1700000200, "persist.example", "A", "192.0.2.1"));
        assertEquals(3, pdns.query("persist.example", "rrtype", "A").records().get(0).path("count").asLong());
    }

    @Test
    void aBigBatchIsWrittenEarlyAndBoundedWhileTheWriterIsBusy() throws Exception {
        open(new TestConfig().flushRecords(100));
        String[] lines = new String[5_000];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = line(1700000000, "b" + i + ".bulk.example", "A", "10.0." + (i / 250) + "." + (i % 250));
        }
        pdns.send(S1, lines);
        assertEquals(5_000, pdns.analyzer.statistics().records());
        assertEquals(5_000, pdns.query("10.0.0.0/8").records().size());
        assertFalse(pdns.query("*.bulk.example", "limit", "10").records().isEmpty());
    }
}
