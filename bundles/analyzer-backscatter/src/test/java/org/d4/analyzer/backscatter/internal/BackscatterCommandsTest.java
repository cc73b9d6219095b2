// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.d4.api.queue.QueueItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Gogo commands on a real analyzer and store, and per-sensor monitored prefixes. */
class BackscatterCommandsTest {
    @TempDir
    Path dir;

    @Test
    void commandsListAttacksScannersAndCounters() throws Exception {
        Scenario s = Scenario.standard();
        Path file = dir.resolve("t.pcap");
        CaptureWriter.write(file, s.frames, CaptureWriter.Link.ETHERNET, false, false);
        BackscatterAnalyzer a = new BackscatterAnalyzer(dir.resolve("store"), new TestConfig(), "test", (sensor, lines) -> { });
        a.analyze(new QueueItem(1, UUID.randomUUID(), 0, file.toString().getBytes(StandardCharsets.UTF_8)));
        BackscatterCommands commands = new BackscatterCommands(a);
        assertEquals(10, commands.attacks("", 100).lines().count());
        assertEquals(2, commands.attacks("198.51.100.99", 100).lines().count());
        assertTrue(commands.attacks("", 3).endsWith("(more after attack 3)"));
        assertTrue(commands.attacks("nonsense", 3).startsWith("error: victim"));
        assertEquals(5, commands.scanners(5).lines().count());
        assertTrue(commands.stats().contains("mirai " + s.mirai), commands.stats());
        assertEquals("", commands.ongoing());
        a.close();
    }

    @Test
    void aSensorsOwnPrefixesApplyToItsPacketsOnly() {
        UUID sensor = UUID.randomUUID();
        MonitoredSpace m = MonitoredSpace.parse(sensor + "=10.1.0.0/16", "192.0.2.0/24");
        long a = Packet.v4Lo(0x0a010203);
        assertTrue(m.monitors(sensor, 0, a));
        assertTrue(!m.monitors(UUID.randomUUID(), 0, a), "another sensor's block");
        assertTrue(m.monitors(UUID.randomUUID(), 0, Packet.v4Lo(0xc0000201)), "the global block");
        assertEquals(Math.pow(2, 32) / (65536 + 256), m.scale(true));
        assertEquals(List.of("192.0.2.0/24", sensor + "=10.1.0.0/16"), m.describe());
    }
}
