// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A million victims tracked at once fit in a JVM limited to 512 MB of heap. */
class VictimMemoryTest {
    @Test
    void aMillionTrackedVictimsFitIn512MegabytesOfHeap() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), VictimMemory.class.getName(), "1000000")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.startsWith("1000000 vectors tracked"), out);
        System.out.print(out);
    }
}
