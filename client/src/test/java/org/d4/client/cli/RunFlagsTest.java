// SPDX-License-Identifier: Apache-2.0
package org.d4.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.d4.client.config.RunOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The flags of {@code d4-client -c conf/}, read as d4-goclient (Go's flag package) reads them. */
class RunFlagsTest {
    private static RunOptions parse(String... args) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        CommandLine commandLine = Main.commandLine(new ByteArrayInputStream(new byte[0]), sink, sink);
        commandLine.parseArgs(args);
        return ((ClientCommand) commandLine.getCommand()).runOptions();
    }

    private static String failure(String... args) {
        return assertThrows(ParameterException.class, () -> parse(args)).getMessage();
    }

    @Test
    void defaultsAreTheGoclientOnes() {
        RunOptions o = parse("-c", "conf");
        assertEquals(RunOptions.defaults(Path.of("conf")), o);
        assertTrue(o.tls());
        assertFalse(o.checkCertificate());
        assertEquals(Duration.ofSeconds(30), o.keepAlive());
        assertEquals(Duration.ofMinutes(1), o.timeout());
        assertEquals(Duration.ofMillis(200), o.pollDelay());
        assertEquals(Duration.ofSeconds(30), o.retryDelay());
        assertEquals(0, o.maxAttempts());
        assertEquals(-1, o.fixedTimestamp());
        assertNull(o.socksProxy());
    }

    @Test
    void goclientFlagsInGoSyntax() {
        RunOptions o = parse("-c=conf", "-cc", "-ce=false", "-cka", "0", "--ct", "5s", "-rl=1m30s", "-rt", "250ms",
                "-v=true", "--retries", "3", "--timestamp", "1700000000");
        assertEquals(new RunOptions(Path.of("conf"), true, false, Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(90),
                Duration.ofMillis(250), 3, true, 1_700_000_000L, false, false, null), o);
        RunOptions goBooleans = parse("-c", "x", "-ce=1", "-cc=TRUE");
        assertTrue(goBooleans.tls());
        assertTrue(goBooleans.checkCertificate());
        assertFalse(parse("-c", "x", "-ce=f").tls());
        assertTrue(parse("-c", "x", "-ce").tls(), "a boolean flag alone is true, whatever its default");
        assertEquals(Path.of("@conf"), parse("-c", "@conf").configDir(), "no argument files");
        assertEquals(parse("-c", "conf", "-retries=2", "-timestamp", "5"), parse("--c", "conf", "--retries", "2", "--timestamp=5"),
                "one dash or two");
    }

    @Test
    void folderAndTorFlags() {
        RunOptions o = parse("-c", "conf", "-json", "-daily", "-tor");
        assertTrue(o.json());
        assertTrue(o.daily());
        assertEquals(InetSocketAddress.createUnresolved("127.0.0.1", 9050), o.socksProxy(), "Tor's port by default");
        assertEquals(InetSocketAddress.createUnresolved("10.0.0.1", 1080), parse("-c", "conf", "--tor-proxy", "10.0.0.1:1080").socksProxy(),
                "--tor-proxy implies -tor");
        assertNull(parse("-c", "conf", "-tor=false").socksProxy());
        assertEquals("Invalid value for option '--tor-proxy': 'nope' is not host:port (write IPv6 addresses as [address]:port)",
                failure("-c", "x", "--tor-proxy", "nope"));
    }

    @Test
    void badFlagsAreNamed() {
        assertEquals("-c CONFIG_DIR is required", failure("-v"));
        assertEquals("Missing required parameter for option '--c' (DIR)", failure("-c"));
        assertEquals("Invalid value for option '--rt': 'soon' is not a duration (examples: 200ms, 30s, 1m30s, 0)", failure("-c", "x", "-rt", "soon"));
        assertEquals("Invalid value for option '--ce': 'maybe' is not true or false", failure("-c", "x", "-ce=maybe"));
        assertEquals("Unknown option: '-zz'", failure("-c", "x", "-zz"));
        assertEquals("Unknown option: '-cconf'", failure("-cconf"), "no POSIX clusters: -c takes its value apart or after =");
        assertEquals("--retries: '-1' is not a number from 0", failure("-c", "x", "--retries", "-1"));
        assertEquals("Invalid value for option '--retries': 'three' is not an int", failure("-c", "x", "--retries", "three"));
        assertEquals("--timestamp: '-5' is not a number from 0", failure("-c", "x", "--timestamp", "-5"));
        assertEquals("Invalid value for option '--timestamp': '1.5' is not a long", failure("-c", "x", "--timestamp", "1.5"));
        assertEquals("-ct must be more than 0", failure("-c", "x", "-ct", "0"));
        assertEquals("Unmatched argument at index 2: 'conf2'", failure("-c", "x", "conf2"));
    }
}
