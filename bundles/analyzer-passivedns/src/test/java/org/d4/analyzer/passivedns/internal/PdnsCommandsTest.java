// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.d4.common.ApplianceDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdnsCommandsTest {
    @TempDir
    Path dir;
    Fixture pdns;
    PdnsCommands commands;

    @BeforeEach
    void open() throws Exception {
        pdns = new Fixture(dir.resolve("store"), new TestConfig());
        commands = new PdnsCommands(pdns.analyzer, new ApplianceDirs(dir));
    }

    @AfterEach
    void close() {
        pdns.close();
    }

    @Test
    void queryStatsAndImport() throws Exception {
        pdns.send(PassiveDnsAnalyzerTest.S1, Fixture.line(1700000000, "shell.example", "A", "192.0.2.1"),
                Fixture.line(1700000000, "shell.example", "MX", "mx.example."), "junk");
        String answer = commands.query("", 100, false, "shell.example");
        assertEquals(3, answer.split("\n").length, answer);
        assertTrue(answer.endsWith("(2 records)"), answer);
        assertTrue(commands.query("MX", 100, false, "shell.example").contains("\"rdata\":\"mx.example\""));
        assertTrue(commands.query("", 1, false, "shell.example").contains("(1 shown, more exist"), "limit");
        assertEquals("no records", commands.query("", 100, false, "none.example"));
        assertTrue(commands.query("", 100, false, "a..b").startsWith("bad query: not a domain name"));
        assertTrue(commands.query("", 100, true, "mx.example").contains("shell.example"), "fquery");

        String stats = commands.stats();
        assertTrue(stats.contains("records              2"), stats);
        assertTrue(stats.contains("malformed lines      1"), stats);
        assertTrue(stats.contains("  MX  1"), stats);
        assertTrue(stats.contains(PassiveDnsAnalyzerTest.S1 + "  3"), stats);
        assertTrue(stats.contains("most frequent TTLs:\n  300  2"), stats);

        Files.writeString(dir.resolve("dump.json"), "{\"rrname\":\"imp.example\",\"rrtype\":\"A\",\"rdata\":\"192.0.2.9\",\"time_first\":1,\"time_last\":2}\nbad\n");
        String imported = commands._import("dump.json");
        assertTrue(imported.startsWith("imported 1 records from 2 lines"), imported);
        assertTrue(imported.contains("1 malformed (first: line 2: malformed JSON"), imported);
        assertEquals(1, pdns.query("imp.example").records().size());
        assertTrue(commands._import("missing.json").startsWith("no such file"));
    }
}
