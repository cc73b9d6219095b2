// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone mode's arguments and exit status. */
class MainTest {
    @TempDir
    Path dir;

    private int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsTheAttacksOfRotatedFilesReadAsOneStream() throws Exception {
        Scenario s = Scenario.standard();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--prefix", Scenario.TELESCOPE_V4, "--prefix",
                Scenario.TELESCOPE_V6, "--counters"));
        for (Path f : BackscatterAnalyzerTest.rotated(s, dir)) {
            args.add("-r");
            args.add(f.toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(out, err, args.toArray(String[]::new)));
        assertEquals(s.attacks.size(), out.toString(StandardCharsets.UTF_8).lines().count());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("packets=" + s.frames.size() + " "), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsAndFilesGiveTheirStatus() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(out, err));
        assertEquals(2, run(out, err, "-r"));
        assertEquals(2, run(out, err, "-x"));
        assertEquals(2, run(out, err, "-r", "f", "--prefix", "10.0.0.0/33"));
        assertEquals(2, run(out, err, "-r", "f", "--min-packets", "many"));
        assertEquals(2, run(out, err, "-r", "f", "--min-packets", "0"));
        Path junk = dir.resolve("junk");
        Files.writeString(junk, "junk");
        assertEquals(1, run(out, err, "-r", junk.toString()));
        assertEquals(1, run(out, err, "-r", dir.resolve("missing.pcap").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"));
    }
}
