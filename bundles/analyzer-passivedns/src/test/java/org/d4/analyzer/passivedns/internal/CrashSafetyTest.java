// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate JVM ingests without pause and is killed (SIGKILL) in the middle: the store opens
 * again, consistent (every index entry has its record and the other way round), with at least
 * everything that was committed before the kill.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    /** Run in the child JVM: ingests until killed, printing the lines known to be committed. */
    public static void main(String[] args) throws Exception {
        Fixture pdns = new Fixture(Path.of(args[0]), new TestConfig().flushRecords(500));
        UUID sensor = UUID.randomUUID();
        java.util.Random random = new java.util.Random();
        for (long sent = 1; ; sent++) {
            int host = random.nextInt(20_000);     // new records and updates of existing ones
            pdns.analyzer.analyze(new org.d4.api.queue.QueueItem(sent, sensor, 1, Fixture.line(1700000000 + sent, "h" + host + ".crash.example",
                    host % 3 == 0 ? "CNAME" : "A", host % 3 == 0 ? "t" + host % 17 + ".example" : "10.1." + host / 250 + "." + host % 250)
                    .getBytes(StandardCharsets.UTF_8)));
            if (sent % 5000 == 0) {
                pdns.analyzer.flush();
                System.out.println("committed " + sent);
                System.out.flush();
            }
        }
    }

    @Test
    void aKilledWriterLeavesAConsistentStoreWithEverythingCommitted() throws Exception {
        Path folder = dir.resolve("pdns");
        // the child's temp folder is the test's: what it unpacks there (LZ4's native library) goes with it after the kill
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.io.tmpdir=" + dir, "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), CrashSafetyTest.class.getName(), folder.toString()))
                .redirectErrorStream(true).start();
        long committed = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (String line = out.readLine(); line != null && System.nanoTime() < deadline; line = out.readLine()) {
                if (line.startsWith("committed ")) {
                    committed = Long.parseLong(line.substring(10));
                    if (committed >= 40_000) {
                        break;
                    }
                }
            }
            child.destroyForcibly();        // SIGKILL, while it goes on writing
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(committed >= 40_000, "the child got far enough: " + committed);
        try (PdnsStore store = new PdnsStore(folder)) {
            assertTrue(store.counter("lines") >= committed, store.counter("lines") + " lines, " + committed + " committed");
            long records = 0;
            for (byte[] key : store.byName()) {
                assertNotNull(store.get(key), "every indexed record has its value");
                assertTrue(store.names().contains(RecordKeys.utf8(RecordKeys.rrname(key))));
                records++;
            }
            assertEquals(store.counter("records"), records, "the counter matches the index");
            long reverse = 0;
            for (byte[] entry : store.byRdata()) {
                assertTrue(store.byName().contains(RecordKeys.recordOf(entry)), "every rdata entry points to a record");
                reverse++;
            }
            assertEquals(records, reverse);
            for (byte[] bytes : store.names()) {
                String name = new String(bytes, StandardCharsets.UTF_8);
                byte[] prefix = RecordKeys.namePrefix(name);
                byte[] first = store.byName().ceiling(prefix);
                assertTrue(first != null && RecordKeys.startsWith(first, prefix), "every name has a record: " + name);
            }
        }
    }
}
