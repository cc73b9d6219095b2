// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyzer against tshark (scripts in src/test/resources/tshark) on the synthetic capture. */
class TsharkCrossCheckTest {
    @TempDir
    Path dir;

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command));
        return out;
    }

    @Test
    void everyAttackHasThePacketsTsharkCountsForItsVictim() throws Exception {
        Scenario s = Scenario.standard();
        Path file = dir.resolve("telescope.pcap");
        CaptureWriter.write(file, s.frames, CaptureWriter.Link.ETHERNET, false, false);
        Map<String, long[]> tshark = new TreeMap<>();
        for (String line : run("sh", "src/test/resources/tshark/backscatter-by-victim.sh", file.toString(), Scenario.TELESCOPE_V4,
                Scenario.TELESCOPE_V6).split("\n")) {
            String[] f = line.split(" ");
            tshark.put(f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])});
        }
        Map<String, long[]> ours = new TreeMap<>();
        for (Attack a : TelescopeTest.analyze(file, null)) {
            ours.merge(a.victim(), new long[] {a.packets(), a.bytes(), a.startMicros(), a.endMicros()},
                    (x, y) -> new long[] {x[0] + y[0], x[1] + y[1], Math.min(x[2], y[2]), Math.max(x[3], y[3])});
        }
        // tshark also sees the three vectors below the thresholds; nothing else
        Map<String, long[]> attacked = new HashMap<>(tshark);
        for (String below : List.of("198.51.100.200", "198.51.100.201", "198.51.100.202")) {
            long[] v = attacked.remove(below);
            assertEquals(true, v != null, below);
        }
        assertEquals(attacked.keySet(), ours.keySet());
        for (Map.Entry<String, long[]> e : ours.entrySet()) {
            assertEquals(List.of(attacked.get(e.getKey())[0], attacked.get(e.getKey())[1], attacked.get(e.getKey())[2],
                    attacked.get(e.getKey())[3]), List.of(e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3]), e.getKey());
        }
    }

    @Test
    void theReferenceCompatibleOutputIsWhatTsharkDerives() throws Exception {
        Scenario s = Scenario.standard();
        // tshark does not dissect TCP behind a bogus IPv4 header length, the reference reads it anyway: left out here
        List<CaptureWriter.Frame> frames = new ArrayList<>();
        for (CaptureWriter.Frame f : s.frames) {
            if (f.ip().length == 0 || f.ip()[0] != 0x44) {
                frames.add(f);
            }
        }
        Path file = dir.resolve("telescope.pcap");
        CaptureWriter.write(file, frames, CaptureWriter.Link.ETHERNET, false, false);
        String expected = run("sh", "src/test/resources/tshark/pibs-b.sh", file.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"-r", file.toString(), "-b"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, status);
        assertEquals(expected, out.toString(StandardCharsets.UTF_8));
        // sanity: the capture holds backscatter the reference prints, and the victim that sent a SYN is not among it
        assertEquals(true, expected.lines().count() > 500);
        assertEquals(false, expected.contains(",198.51.100.10,"));
    }
}
