// SPDX-License-Identifier: Apache-2.0
package org.d4.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunOptionsTest {
    @Test
    void defaultsAreTheGoclientOnes() {
        RunOptions o = RunOptions.parse(new String[] {"-c", "conf"});
        assertEquals(RunOptions.defaults(Path.of("conf")), o);
        assertTrue(o.tls());
        assertFalse(o.checkCertificate());
        assertEquals(Duration.ofSeconds(30), o.keepAlive());
        assertEquals(Duration.ofMinutes(1), o.timeout());
        assertEquals(Duration.ofMillis(200), o.pollDelay());
        assertEquals(Duration.ofSeconds(30), o.retryDelay());
    }

    @Test
    void goclientFlagsInGoSyntax() {
        RunOptions o = RunOptions.parse(new String[] {"-c=conf", "-cc", "-ce=false", "-cka", "0", "--ct", "5s", "-rl=1m30s", "-rt", "250ms",
                "-v=true", "--retries", "3", "--timestamp", "1700000000"});
        assertEquals(new RunOptions(Path.of("conf"), true, false, Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(90),
                Duration.ofMillis(250), 3, true, 1_700_000_000L, false, false, null), o);
        assertTrue(RunOptions.parse(new String[] {"-c", "x", "-ce=1", "-cc=TRUE"}).tls());
    }

    @Test
    void folderAndTorFlags() {
        RunOptions o = RunOptions.parse(new String[] {"-c", "conf", "-json", "-daily", "-tor"});
        assertTrue(o.json());
        assertTrue(o.daily());
        assertEquals(java.net.InetSocketAddress.createUnresolved("127.0.0.1", 9050), o.socksProxy(), "Tor's port by default");
        assertEquals(java.net.InetSocketAddress.createUnresolved("10.0.0.1", 1080),
                RunOptions.parse(new String[] {"-c", "conf", "--tor-proxy", "10.0.0.1:1080"}).socksProxy(), "--tor-proxy implies -tor");
        assertEquals(null, RunOptions.parse(new String[] {"-c", "conf", "-tor=false"}).socksProxy());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(new String[] {"-c", "x", "--tor-proxy", "nope"}))
                .getMessage().startsWith("--tor-proxy"));
    }

    @Test
    void badFlagsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(new String[] {})).getMessage().contains("-c"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(new String[] {"-c"})).getMessage().contains("-c needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(new String[] {"-c", "x", "-rt", "soon"}))
                .getMessage().startsWith("-rt:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(new String[] {"-c", "x", "-ce=maybe"}))
                .getMessage().startsWith("-ce=maybe"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(new String[] {"-c", "x", "-zz"}))
                .getMessage().contains("unknown flag -zz"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(new String[] {"-c", "x", "--retries", "-1"}))
                .getMessage().startsWith("--retries"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(new String[] {"-c", "x", "-ct", "0"}))
                .getMessage().startsWith("-ct"));
    }

    @Test
    void goDurations() {
        assertEquals(Duration.ofMillis(200), Durations.parse("x", "200ms"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("x", "1m30s"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("x", "1.5h"));
        assertEquals(Duration.ofNanos(1500), Durations.parse("x", "1us500ns"));
        assertEquals(Duration.ZERO, Durations.parse("x", "0"));
        assertEquals(Duration.ofSeconds(7), Durations.parse("x", "7"));
        for (String bad : new String[] {"", "s", "1d", "1m30", "-1s", "1 s"}) {
            assertThrows(IllegalArgumentException.class, () -> Durations.parse("x", bad), bad);
        }
        assertEquals("200ms", Durations.format(Duration.ofMillis(200)));
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
    }
}
