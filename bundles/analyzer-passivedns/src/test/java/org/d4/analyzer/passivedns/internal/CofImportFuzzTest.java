// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Arbitrary uploads to the COF/NDJSON import (seeds: COF records as pDNS servers export them,
 * {@code CofImportFuzzTestInputs}) into a real store: the import either gives an outcome or, only
 * for an upload beyond its size limit, a {@link BadRequest}; never another exception. Every
 * non-blank line is counted once, as imported or as malformed with a reason, and each imported
 * line adds at least one record to the store's count of imports.
 */
class CofImportFuzzTest {

    private Fixture pdns;

    @FuzzTest(maxDuration = "10s")
    void importsOrCountsEachLine(FuzzedDataProvider data) throws Exception {
        if (pdns == null) {
            // one store for the whole run: opening one per input would be all the fuzzer measured
            Path folder = Files.createDirectories(Path.of("target", "cof-import-fuzz"));
            pdns = new Fixture(Files.createTempDirectory(folder, "store"), new TestConfig());
        }
        long max = data.consumeBoolean() ? data.consumeLong(0, 4096) : Long.MAX_VALUE;
        byte[] upload = data.consumeRemainingAsBytes();

        long importedBefore = pdns.analyzer.statistics().imported();
        CofImporter.Outcome outcome;
        try {
            outcome = pdns.analyzer.importCof(new ByteArrayInputStream(upload), max);
        } catch (BadRequest refused) {
            assertTrue(upload.length > max, () -> "refused " + upload.length + " bytes with a limit of " + max + ": " + refused.getMessage());
            return;
        }
        assertTrue(upload.length <= max);
        assertEquals(nonBlankLines(upload), outcome.lines());
        assertEquals(outcome.lines(), outcome.imported() + outcome.malformed());
        assertEquals(outcome.malformed() == 0, outcome.firstError().isEmpty(), outcome.firstError());
        assertTrue(pdns.analyzer.statistics().imported() - importedBefore >= outcome.imported());
    }

    /** The lines of the upload as the importer sees them: split at newlines, UTF-8, one CR at the end dropped, blank ones skipped. */
    private static long nonBlankLines(byte[] upload) {
        long count = 0;
        int start = 0;
        for (int i = 0; i <= upload.length; i++) {
            if (i == upload.length || upload[i] == '\n') {
                String line = new String(upload, start, i - start, StandardCharsets.UTF_8);
                if (!line.isBlank()) {
                    count++;
                }
                start = i + 1;
            }
        }
        return count;
    }
}
