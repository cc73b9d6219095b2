// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.d4.client.cli.Main;
import org.junit.jupiter.api.Test;

/**
 * The {@code TLSH} field against Debian's python3-tlsh (TLSH 3.4.4): {@code tlsh.tsv} and
 * {@code digests.tsv} were made by {@code expected-tlsh.py} beside them from tshark's JA3/JA3S strings
 * and openssl's certificate names.
 */
class TlshTest {
    private static final Path CAPTURES = Path.of("..", "bundles", "d4-fingerprint", "src", "test", "resources", "captures");
    private static final Path EXPECTED = Path.of("src", "test", "resources", "tlsh");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<String[]> rows(String table) throws IOException {
        return Files.readAllLines(EXPECTED.resolve(table)).stream().filter(l -> !l.isBlank()).map(l -> l.split("\t", -1)).toList();
    }

    private static JsonNode record(String capture, String clientPort) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"tlsf", "-r", CAPTURES.resolve(capture).toString()}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, status);
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode r = MAPPER.readTree(line);
            if (r.get("ClientPort").asText().equals(clientPort)) {
                return r;
            }
        }
        throw new AssertionError("no record for " + capture + " port " + clientPort);
    }

    @Test
    void digestsAreTheDebianModules() throws IOException {
        int digests = 0;
        int none = 0;
        for (String[] row : rows("digests.tsv")) {
            String expected = row[1].equals("-") ? "" : row[1];
            assertEquals(expected, TlshDigest.of(row[0].getBytes(StandardCharsets.UTF_8)), row[0]);
            if (expected.isEmpty()) {
                none++;
            } else {
                digests++;
                // 256 to 511 bytes too, which the library alone would refuse
            }
        }
        assertTrue(digests >= 10, "digests checked: " + digests);
        assertEquals(2, none, "texts without enough variety");
    }

    @Test
    void recordsHashTheGoSensorsText() throws IOException {
        List<String[]> rows = rows("tlsh.tsv");
        assertEquals(14, rows.size());
        for (String[] row : rows) {
            String tlsh = record(row[0], row[1]).get("TLSH").asText();
            String where = row[0] + " " + row[1];
            if (!row[3].equals("-")) {
                assertEquals(row[3], tlsh, where);
            } else {
                // shorter than the module hashes: the same text gives the same digest, so the text is the expected one
                assertTrue(row[2].length() >= TlshDigest.MIN_BYTES, where);
                assertEquals(TlshDigest.of(row[2].getBytes(StandardCharsets.UTF_8)), tlsh, where);
                assertTrue(tlsh.matches("[0-9a-f]{70}"), where + ": " + tlsh);
            }
        }
    }

    @Test
    void noDigestBelowFiftyBytesOrWithoutVariety() {
        assertEquals("", TlshDigest.of(new byte[0]));
        assertEquals("", TlshDigest.of("771,4865-4866-4867,0-23-65281".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("", TlshDigest.of(new byte[49]));
        assertEquals("", TlshDigest.of(new byte[4096]));
        assertEquals("", TlshDigest.of("ab".repeat(1000).getBytes(StandardCharsets.US_ASCII)));
    }

    /** Our bucket counting against the library's own (String, boxed triplets), on texts of all sizes. */
    @Test
    void countingAgreesWithTheLibrarysOwn() {
        java.util.Random random = new java.util.Random(20261205);
        int compared = 0;
        for (int n = 0; n < 400; n++) {
            byte[] data = new byte[50 + random.nextInt(n < 300 ? 400 : 5000)];
            int alphabet = 2 + random.nextInt(255);               // from two letters (no digest) to every byte
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) random.nextInt(alphabet);
            }
            com.idealista.tlsh.buckets.ProcessedBuckets theirs =
                    new com.idealista.tlsh.buckets.BucketProcessor().process(new String(data, StandardCharsets.ISO_8859_1));
            String ours = TlshDigest.of(data);
            if (!ours.isEmpty()) {
                assertEquals(theirs.buildDigest().toString().toLowerCase(java.util.Locale.ROOT), ours, "alphabet " + alphabet);
                compared++;
            }
        }
        assertTrue(compared > 300, compared + " digests compared");
    }
}
