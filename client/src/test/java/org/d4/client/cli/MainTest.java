// SPDX-License-Identifier: Apache-2.0
package org.d4.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.d4.client.tlsf.TlsfCommand;
import org.junit.jupiter.api.Test;

/** The executable jar's command line: the three commands, their help, and bad input answered with status 2 and the option named. */
class MainTest {
    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Status 2, nothing on stdout, the message first on stderr, no stack trace. */
    private static void assertBadInput(String expectedMessage, String... args) {
        Run r = run(args);
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.out());
        assertEquals(expectedMessage, r.err().lines().findFirst().orElse(""), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    private static void assertHelpNames(List<String> names, String... args) {
        Run help = run(args);
        assertEquals(0, help.status(), help.err());
        for (String name : names) {
            assertTrue(help.out().matches("(?s).*(^|[\\s,\\[])" + java.util.regex.Pattern.quote(name) + "([\\s=,\\[\\]].*|$)"),
                    name + " missing from the help of " + List.of(args) + ":\n" + help.out());
        }
    }

    @Test
    void helpDescribesEveryOption() {
        List<String> run = List.of("-c", "-cc", "-ce", "-cka", "-ct", "-rl", "-rt", "-v", "-json", "-daily", "-tor", "--tor-proxy",
                "--retries", "--timestamp", "--help", "bench", "tlsf");
        assertHelpNames(run, "--help");
        assertHelpNames(run, "-help");
        assertHelpNames(run, "-h");
        assertHelpNames(List.of("--host", "--port", "--key", "--sensors", "--frame-size", "--type", "--seconds", "--bytes", "--rate",
                "--latency", "--probe", "--ca", "--uuids", "--patience", "--help"), "bench", "--help");
        assertHelpNames(List.of("-r", "-i", "-w", "-j", "--stats", "BPF filter", "--help"), "tlsf", "--help");
        Run nothing = run();
        assertEquals(2, nothing.status());
        assertTrue(nothing.err().contains("-c, --c=DIR"), "no arguments: the usage on stderr");
    }

    @Test
    void badFlagsOfTheClient() {
        assertBadInput("d4-client: Unknown option: '-zz'", "-c", "conf", "-zz");
        assertBadInput("d4-client: Missing required parameter for option '--c' (DIR)", "-c");
        assertBadInput("d4-client: Invalid value for option '--retries': 'many' is not an int", "-c", "conf", "--retries", "many");
        assertBadInput("d4-client: Invalid value for option '--cka': 'forever' is not a duration (examples: 200ms, 30s, 1m30s, 0)",
                "-c", "conf", "-cka", "forever");
        assertBadInput("d4-client: -c CONFIG_DIR is required", "-v");
    }

    @Test
    void badOptionsOfTheLoadGenerator() {
        assertBadInput("d4-client bench: Unknown option: '--zz'", "bench", "--key", "k", "--zz");
        assertBadInput("d4-client bench: Missing required parameter for option '--port' (PORT)", "bench", "--key", "k", "--port");
        assertBadInput("d4-client bench: Invalid value for option '--sensors': 'many' is not an int", "bench", "--key", "k", "--sensors", "many");
        assertBadInput("d4-client bench: Invalid value for option '--rate': 'fast' is not a double", "bench", "--key", "k", "--rate", "fast");
        assertBadInput("d4-client bench: --port must be between 1 and 65535", "bench", "--key", "k", "--port", "70000");
        assertBadInput("d4-client bench: --rate must be a positive number or 0", "bench", "--key", "k", "--rate", "-1");
        assertBadInput("d4-client bench: --bytes must be positive", "bench", "--key", "k", "--bytes", "0");
        assertBadInput("d4-client bench: Missing required option: '--key=KEY'", "bench", "--sensors", "2");
    }

    @Test
    void badOptionsOfTlsf() {
        assertBadInput("d4-client tlsf: Unknown option: '-x'", "tlsf", "-x");
        assertBadInput("d4-client tlsf: Missing required parameter for option '-i' (INTERFACE)", "tlsf", "-i");
        assertBadInput("d4-client tlsf: Missing required parameter for option '-r' (FILE)", "tlsf", "-r");
        assertBadInput("d4-client tlsf: -r needs a value", "tlsf", "-r", "");
        assertBadInput("d4-client tlsf: -r and -i exclude each other", "tlsf", "-r", "a.pcap", "-i", "lo");
        assertBadInput("d4-client tlsf: -r - (stdin) cannot be combined with other files", "tlsf", "-r", "-", "-r", "a.pcap");
    }

    @Test
    void commandsAreDispatched() throws IOException {
        assertEquals(TlsfCommand.INPUT_FAILED, run("tlsf", "-r", "../bundles/d4-fingerprint/README.md").status());
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Run bench = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> run("bench", "--key", "k", "--port", String.valueOf(closedPort), "--seconds", "1", "--patience", "0"));
        assertEquals(1, bench.status(), "the load generator ran and found nobody listening: " + bench.err() + bench.out());
    }
}
