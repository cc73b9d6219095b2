// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The synthetic telescope capture analyzed end to end: every attack found, exactly, and nothing else. */
class TelescopeTest {
    static final MonitoredSpace SPACE = MonitoredSpace.parse(Scenario.TELESCOPE_V4, Scenario.TELESCOPE_V6);

    @TempDir
    Path dir;

    static List<Attack> analyze(Path file, Telescope[] out) throws IOException {
        List<Attack> attacks = new ArrayList<>();
        Telescope t = new Telescope(SPACE, Thresholds.MOORE, new Telescope.Limits(100_000, 10_000), attacks::add, () -> { });
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals("", t.read(in, null));
        }
        t.endAll();
        if (out != null) {
            out[0] = t;
        }
        attacks.sort(Comparator.comparingLong(Attack::startMicros));
        return attacks;
    }

    static void assertMatches(List<Scenario.Expected> expected, List<Attack> found) {
        assertEquals(expected.size(), found.size(), () -> "attacks found: " + found.stream().map(Attack::victim).toList());
        List<Scenario.Expected> sorted = new ArrayList<>(expected);
        sorted.sort(Comparator.comparingLong(Scenario.Expected::startMicros));
        for (int i = 0; i < sorted.size(); i++) {
            Scenario.Expected e = sorted.get(i);
            Attack a = found.get(i);
            String what = e.victim() + " at " + e.startMicros();
            assertEquals(e.victim(), a.victim(), what);
            assertEquals(List.of(e.protocol()), Arrays.stream(a.protocols()).boxed().toList(), what);
            assertEquals(new TreeSet<>(e.ports()), Arrays.stream(a.ports()).boxed().collect(Collectors.toCollection(TreeSet::new)), what);
            assertEquals(e.icmpTypes(), Arrays.stream(a.icmpTypes()).map(x -> x & 0xff).boxed().collect(Collectors.toCollection(TreeSet::new)),
                    what);
            assertEquals(e.startMicros(), a.startMicros(), what);
            assertEquals(e.endMicros(), a.endMicros(), what);
            assertEquals(e.packets(), a.packets(), what);
            assertEquals(e.bytes(), a.bytes(), what);
            assertEquals(e.targets(), a.targets(), what);
            assertEquals(e.maxPpm(), a.maxPerMinute(), what);
            assertEquals(e.router(), a.router(), what);
            double seconds = (e.endMicros() - e.startMicros()) / 1e6;
            double scale = e.victim().contains(":") ? Math.pow(2, 48) : 65536;
            assertEquals(e.packets() / seconds * scale, a.estimatedPps(), 1e-6 * a.estimatedPps(), what);
        }
    }

    @Test
    void findsEveryAttackOfTheScenarioAndNothingElse() throws IOException {
        Scenario s = Scenario.standard();
        Path file = dir.resolve("telescope.pcap");
        CaptureWriter.write(file, s.frames, CaptureWriter.Link.ETHERNET, false, false);
        Telescope[] t = new Telescope[1];
        assertMatches(s.attacks, analyze(file, t));
        assertEquals(s.frames.size(), t[0].count(Count.PACKETS));
        assertEquals(s.malformed, t[0].count(Count.MALFORMED));
        assertEquals(s.fragments, t[0].count(Count.FRAGMENTS));
        assertEquals(s.outside, t[0].count(Count.OUTSIDE));
        assertEquals(s.notIp, t[0].count(Count.NOT_IP));
        assertEquals(s.mirai, t[0].count(Count.MIRAI));
        assertEquals(3, t[0].count(Count.VECTORS_BELOW_THRESHOLD));
        assertEquals(0, t[0].trackedVectors());
    }

    @ParameterizedTest
    @CsvSource({"ETHERNET,true,false", "ETHERNET,false,true", "ETHERNET,true,true", "RAW,false,false", "SLL,false,false",
            "SLL2,true,false", "NULL,false,false"})
    void findsTheSameAttacksInEveryLinkTypeAndFormat(CaptureWriter.Link link, boolean pcapng, boolean gzip) throws IOException {
        Scenario s = Scenario.standard();
        // VLAN tags exist only on Ethernet
        List<CaptureWriter.Frame> frames = link == CaptureWriter.Link.ETHERNET ? s.frames
                : s.frames.stream().map(f -> new CaptureWriter.Frame(f.micros(), f.ip(), 0, f.cut())).toList();
        Path file = dir.resolve("telescope-" + link + (pcapng ? ".pcapng" : ".pcap") + (gzip ? ".gz" : ""));
        CaptureWriter.write(file, frames, link, pcapng, gzip);
        assertMatches(s.attacks, analyze(file, null));
    }

    @Test
    void packetsOutsideTheMonitoredSpaceAreLeftOut() throws IOException {
        Scenario s = Scenario.standard();
        Path file = dir.resolve("t.pcap");
        CaptureWriter.write(file, s.frames, CaptureWriter.Link.ETHERNET, false, false);
        List<Attack> all = new ArrayList<>();
        Telescope t = new Telescope(MonitoredSpace.parse(), Thresholds.MOORE, new Telescope.Limits(1000, 1000), all::add, () -> { });
        try (InputStream in = Files.newInputStream(file)) {
            t.read(in, null);
        }
        t.endAll();
        // unrestricted, the flood towards 192.0.2.55 is an attack too, and rates are not scaled
        assertEquals(s.attacks.size() + 1, all.size(), () -> all.stream().map(Attack::victim).toList().toString());
        Attack outside = all.stream().filter(a -> a.victim().equals("198.51.100.150")).findFirst().orElseThrow();
        assertEquals(61, outside.packets());
        assertEquals(outside.observedPps(), outside.estimatedPps());
    }

    @Test
    void aTruncatedCaptureStopsCleanlyWithWhatItHad() throws IOException {
        Scenario s = Scenario.standard();
        Path file = dir.resolve("t.pcap");
        CaptureWriter.write(file, s.frames, CaptureWriter.Link.ETHERNET, false, false);
        byte[] whole = Files.readAllBytes(file);
        for (int cut : new int[] {0, 3, 23, 30, whole.length / 2, whole.length - 1}) {
            Path part = dir.resolve("cut-" + cut + ".pcap");
            Files.write(part, Arrays.copyOf(whole, cut));
            Telescope t = new Telescope(SPACE, Thresholds.MOORE, new Telescope.Limits(1000, 1000), a -> { }, () -> { });
            try (InputStream in = Files.newInputStream(part)) {
                assertFalse(t.read(in, null).isEmpty(), "cut at " + cut);
            }
            assertEquals(1, t.count(Count.FILES_DAMAGED));
        }
        Path gz = dir.resolve("t.pcap.gz");
        CaptureWriter.write(gz, s.frames, CaptureWriter.Link.ETHERNET, false, true);
        byte[] compressed = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(compressed, compressed.length / 2));
        Telescope t = new Telescope(SPACE, Thresholds.MOORE, new Telescope.Limits(1000, 1000), a -> { }, () -> { });
        try (InputStream in = Files.newInputStream(gz)) {
            assertTrue(t.read(in, null).contains("compressed"));
        }
        assertTrue(t.count(Count.PACKETS) > 0);
    }

    @Test
    void notACaptureIsRefused() throws IOException {
        Path file = dir.resolve("junk");
        Files.writeString(file, "this is not a capture at all, just words");
        Telescope t = new Telescope(SPACE, Thresholds.MOORE, new Telescope.Limits(1000, 1000), a -> { }, () -> { });
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals("not a pcap or pcapng capture", t.read(in, null));
        }
    }

    @Test
    void topScannersAreTheSourcesThatTouchedMostAddresses() throws IOException {
        Scenario s = Scenario.standard();
        Path file = dir.resolve("t.pcap");
        CaptureWriter.write(file, s.frames, CaptureWriter.Link.ETHERNET, false, false);
        Telescope[] t = new Telescope[1];
        analyze(file, t);
        List<ScannerTable.Row> top = t[0].topScanners(100);
        // 25 SYN scanners of 30 (one in six sends ACKs), the ping sweeper and the victim that sent one SYN
        assertEquals(25 + 1 + 1, top.size());
        assertEquals(20, top.get(0).destinations(), 1);
        long miraiSources = top.stream().filter(r -> r.miraiPackets() == 20).count();
        assertEquals(5, miraiSources);
        Set<String> sources = top.stream().map(ScannerTable.Row::source).collect(Collectors.toSet());
        assertTrue(sources.contains("100.66.0.1") && sources.contains("198.51.100.10"));
    }
}
