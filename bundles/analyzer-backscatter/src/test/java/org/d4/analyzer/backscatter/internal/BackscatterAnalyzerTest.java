// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.d4.api.queue.QueueItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyzer over rotated capture files with its real MapDB store: across files, restarts and repeated deliveries. */
class BackscatterAnalyzerTest {
    static final UUID SENSOR = UUID.randomUUID();

    @TempDir
    Path dir;

    private final List<String> published = Collections.synchronizedList(new ArrayList<>());
    private long sequence;

    /** The scenario cut into gzipped files of five minutes each, as the archive rotates them. */
    static List<Path> rotated(Scenario s, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        List<CaptureWriter.Frame> current = new ArrayList<>();
        long window = -1;
        for (CaptureWriter.Frame f : s.frames) {
            long w = f.micros() / 300_000_000L;
            if (w != window && !current.isEmpty()) {
                files.add(write(dir, files.size(), current));
                current = new ArrayList<>();
            }
            window = w;
            current.add(f);
        }
        files.add(write(dir, files.size(), current));
        return files;
    }

    private static Path write(Path dir, int n, List<CaptureWriter.Frame> frames) throws IOException {
        Path file = dir.resolve(String.format("sensor-%03d.cap.gz", n));
        CaptureWriter.write(file, frames, CaptureWriter.Link.ETHERNET, false, true);
        return file;
    }

    private BackscatterAnalyzer open(TestConfig config) throws IOException {
        return new BackscatterAnalyzer(dir.resolve("store"), config, "test", (sensor, lines) -> {
            for (byte[] l : lines) {
                published.add(new String(l, StandardCharsets.UTF_8));
            }
        });
    }

    private void feed(BackscatterAnalyzer a, Path file) throws Exception {
        a.analyze(new QueueItem(++sequence, SENSOR, 0, file.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Attack> stored(BackscatterAnalyzer a) {
        List<Attack> all = new ArrayList<>();
        a.attacks(AttackQuery.all(1000)).attacks().forEach(e -> all.add(e.getValue()));
        all.sort(Comparator.comparingLong(Attack::startMicros));
        return all;
    }

    @Test
    void vectorsCrossFilesAndRestartsAndARepeatedFileCountsOnce() throws Exception {
        Scenario s = Scenario.standard();
        List<Path> files = rotated(s, dir);
        assertTrue(files.size() >= 6, "rotated into " + files.size());
        BackscatterAnalyzer a = open(new TestConfig());
        for (int i = 0; i < files.size(); i++) {
            feed(a, files.get(i));
            if (i == 1 || i == 3) {
                feed(a, files.get(i));      // delivered again, as after a crash before the queue's acknowledgement
                a.close();
                a = open(new TestConfig());  // and the analyzer restarts
            }
        }
        TelescopeTest.assertMatches(s.attacks, stored(a));
        assertEquals(s.frames.size(), a.counters().get("packets"));
        assertEquals(s.attacks.size(), published.size());
        assertTrue(published.get(0).startsWith("{\"id\":1,\"victim\":\""), published.get(0));
        assertEquals(0, a.ongoing().size());
        a.close();
    }

    @Test
    void anOngoingAttackIsVisibleBeforeItEnds() throws Exception {
        Scenario s = Scenario.standard();
        List<Path> files = rotated(s, dir);
        BackscatterAnalyzer a = open(new TestConfig());
        feed(a, files.get(0));
        assertTrue(a.ongoing().stream().anyMatch(o -> o.victim().equals("198.51.100.10") && o.ongoing() && o.packets() == 100),
                a.ongoing().stream().map(Attack::victim).toList().toString());
        assertEquals(0, a.attacks(AttackQuery.all(10)).attacks().size());
        a.close();
    }

    @Test
    void queriesFenceByTimeVictimAndSizeAndPageWithACursor() throws Exception {
        Scenario s = Scenario.standard();
        BackscatterAnalyzer a = open(new TestConfig());
        for (Path f : rotated(s, dir)) {
            feed(a, f);
        }
        assertEquals(2, a.attacks(QueryParameters.attacks(Map.of("victim", new String[] {"198.51.100.99"}))).attacks().size());
        assertEquals(4, a.attacks(QueryParameters.attacks(Map.of("victim", new String[] {"198.51.100.0/24"}))).attacks().size());
        assertEquals(3, a.attacks(QueryParameters.attacks(Map.of("victim", new String[] {"2001:db8::/32"}))).attacks().size());
        // overlapping [T0+600, T0+700]: the first attack on 198.51.100.99 only
        List<Map.Entry<Long, Attack>> fenced = a.attacks(QueryParameters.attacks(Map.of("from", new String[] {Long.toString(Scenario.T0 + 600)},
                "to", new String[] {Long.toString(Scenario.T0 + 700)}))).attacks();
        assertEquals(List.of("198.51.100.99"), fenced.stream().map(e -> e.getValue().victim()).toList());
        assertEquals(3, a.attacks(QueryParameters.attacks(Map.of("min_packets", new String[] {"100"}))).attacks().size());
        List<Long> ids = new ArrayList<>();
        long cursor = 0;
        int pages = 0;
        do {
            AttackStore.Page page = a.attacks(QueryParameters.attacks(Map.of("limit", new String[] {"3"}, "cursor", new String[] {Long.toString(cursor)})));
            page.attacks().forEach(e -> ids.add(e.getKey()));
            cursor = page.next();
            pages++;
        } while (cursor != 0);
        assertEquals(4, pages);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), ids);
        a.close();
    }

    @Test
    void anAttacksPacketsComeBackAsAPcapThatTsharkReads() throws Exception {
        Scenario s = Scenario.standard();
        BackscatterAnalyzer a = open(new TestConfig());
        for (Path f : rotated(s, dir)) {
            feed(a, f);
        }
        for (Map.Entry<Long, Attack> e : a.attacks(AttackQuery.all(100)).attacks()) {
            Attack attack = e.getValue();
            Path pcap = dir.resolve("attack-" + e.getKey() + ".pcap");
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(pcap)) {
                assertEquals(attack.packets(), a.pcap(e.getKey(), out), attack.victim());
            }
            String frames = TsharkCrossCheckTest.run("tshark", "-n", "-r", pcap.toString(), "-T", "fields", "-e", "frame.time_epoch");
            assertEquals(attack.packets(), frames.lines().count(), attack.victim());
            String first = frames.lines().findFirst().orElseThrow();
            assertEquals(attack.startSeconds(), Long.parseLong(first.substring(0, first.indexOf('.'))), attack.victim());
        }
        assertEquals(-1, a.pcap(999, new java.io.ByteArrayOutputStream()));
        a.close();
    }

    @Test
    void aMissingOrDamagedFileIsCountedNotFatal() throws Exception {
        BackscatterAnalyzer a = open(new TestConfig());
        feed(a, dir.resolve("gone.cap.gz"));
        assertEquals(1, a.counters().get("files_missing"));
        Path junk = dir.resolve("junk.cap");
        java.nio.file.Files.writeString(junk, "not a capture");
        feed(a, junk);
        assertEquals(1, a.counters().get("files_damaged"));
        a.close();
    }

    @Test
    void badQueriesAreRefused() {
        for (Map<String, String[]> bad : List.of(Map.of("victim", new String[] {"not-an-address"}), Map.of("from", new String[] {"yesterday"}),
                Map.of("limit", new String[] {"0"}), Map.of("limit", new String[] {"100001"}), Map.of("min_pps", new String[] {"NaN"}),
                Map.of("cursor", new String[] {"-1"}), Map.of("from", new String[] {"20"}, "to", new String[] {"10"}),
                Map.of("color", new String[] {"red"}), Map.of("victim", new String[] {"10.0.0.0/40"}), Map.of("min_packets", new String[] {"x"}))) {
            assertThrows(BadRequest.class, () -> QueryParameters.attacks(bad), bad.keySet().toString());
        }
        assertThrows(BadRequest.class, () -> QueryParameters.format(Map.of("format", new String[] {"xml"})));
    }
}
