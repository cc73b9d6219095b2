// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CofImporterTest {
    @TempDir
    Path dir;
    Fixture pdns;

    @BeforeEach
    void open() throws Exception {
        pdns = new Fixture(dir, new TestConfig());
    }

    @AfterEach
    void close() {
        pdns.close();
    }

    CofImporter.Outcome load(String text, long max) throws Exception {
        return pdns.analyzer.importCof(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    }

    @Test
    void aDumpMergesWithWhatIsThere() throws Exception {
        pdns.send(PassiveDnsAnalyzerTest.S1, Fixture.line(1700000500, "dump.example", "A", "192.0.2.1"));
        CofImporter.Outcome o = load("""
                {"rrname":"Dump.Example.","rrtype":"A","rdata":"192.0.2.1","time_first":1600000000,"time_last":1600000100,"count":41}
                {"rrname":"dump.example","rrtype":"AAAA","rdata":["2001:db8::1","2001:db8::2"],"time_first":"1600000000","time_last":1600000000}
                {"rrname":"dump.example","rrtype":28,"rdata":"2001:db8::3","time_first":1600000000.5,"time_last":1600000000,"sensor_id":"22222222-2222-4222-8222-222222222222,not-ours"}
                {"time_first": 1, "rrname": "u.example", "rrtype": 65280, "rdata": "\\\\# 0", "time_last": 2, "zone_time_first": 1}
                """, Long.MAX_VALUE);
        assertEquals(4, o.lines());
        assertEquals(4, o.imported());
        assertEquals(0, o.malformed());
        JsonNode a = pdns.query("dump.example", "rrtype", "A").records().get(0);
        assertEquals(42, a.path("count").asLong());
        assertEquals(1600000000, a.path("time_first").asLong());
        assertEquals(1700000500, a.path("time_last").asLong());
        assertEquals(List.of("2001:db8::1", "2001:db8::2", "2001:db8::3"), pdns.query("dump.example", "rrtype", "AAAA").rdata());
        assertEquals("22222222-2222-4222-8222-222222222222", pdns.query("2001:db8::3").records().get(0).path("sensor_id").asText());
        assertEquals(65280, pdns.query("u.example").records().get(0).path("rrtype").asInt());
        assertEquals(5, pdns.analyzer.statistics().imported(), "one per rdata");
        assertEquals(1, pdns.analyzer.statistics().lines(), "imports are not sensor lines");
    }

    @Test
    void badLinesAreCountedAndSkipped() throws Exception {
        String good = "{\"rrname\":\"ok.example\",\"rrtype\":\"A\",\"rdata\":\"192.0.2.1\",\"time_first\":1,\"time_last\":2}";
        String[] bad = {
            "not json", "[1,2]", "{\"rrname\":\"ok.example\"", "{}", "{\"rrname\":\"a..b\",\"rrtype\":\"A\",\"rdata\":\"192.0.2.1\",\"time_first\":1,\"time_last\":2}",
            "{\"rrname\":\"x.example\",\"rrtype\":\"NOPE\",\"rdata\":\"192.0.2.1\",\"time_first\":1,\"time_last\":2}",
            "{\"rrname\":\"x.example\",\"rrtype\":70000,\"rdata\":\"192.0.2.1\",\"time_first\":1,\"time_last\":2}",
            "{\"rrname\":\"x.example\",\"rrtype\":\"A\",\"rdata\":\"nope\",\"time_first\":1,\"time_last\":2}",
            "{\"rrname\":\"x.example\",\"rrtype\":\"A\",\"rdata\":5,\"time_first\":1,\"time_last\":2}",
            "{\"rrname\":\"x.example\",\"rrtype\":\"A\",\"rdata\":[],\"time_first\":1,\"time_last\":2}",
            "{\"rrname\":\"x.example\",\"rrtype\":\"A\",\"rdata\":\"192.0.2.1\",\"time_first\":3,\"time_last\":2}",
            "{\"rrname\":\"x.example\",\"rrtype\":\"A\",\"rdata\":\"192.0.2.1\",\"time_first\":\"soon\",\"time_last\":2}",
            "{\"rrname\":\"x.example\",\"rrtype\":\"A\",\"rdata\":\"192.0.2.1\",\"time_first\":1,\"time_last\":2,\"count\":0}",
            "{\"rrname\":\"x.example\",\"rrtype\":\"A\",\"rdata\":\"192.0.2.1\",\"time_first\":1,\"time_last\":2,\"count\":\"many\"}",
            "{\"rrname\":\"x.example\",\"rrtype\":\"TXT\",\"rdata\":\"" + "y".repeat(70_000) + "\",\"time_first\":1,\"time_last\":2}",
        };
        CofImporter.Outcome o = load(good + "\n" + String.join("\n", bad) + "\n\n" + good + "\r\n", Long.MAX_VALUE);
        assertEquals(bad.length, o.malformed());
        assertEquals(2, o.imported());
        assertTrue(o.firstError().startsWith("line 2: malformed JSON"), o.firstError());
        assertEquals(0, pdns.query("x.example").records().size());
        assertEquals(2, pdns.query("ok.example").records().get(0).path("count").asLong());
    }

    @Test
    void anUploadBeyondItsLimitIsRefused() {
        String line = "{\"rrname\":\"big.example\",\"rrtype\":\"A\",\"rdata\":\"192.0.2.1\",\"time_first\":1,\"time_last\":2}\n";
        BadRequest e = assertThrows(BadRequest.class, () -> load(line.repeat(2000), 100_000));
        assertTrue(e.getMessage().contains("larger than 100000 bytes"), e.getMessage());
    }
}
