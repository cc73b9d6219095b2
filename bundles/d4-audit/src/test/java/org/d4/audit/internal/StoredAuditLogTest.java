// SPDX-License-Identifier: Apache-2.0
package org.d4.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.d4.api.audit.AuditEntry;
import org.d4.storage.mapdb.internal.MapDbFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredAuditLogTest {
    @TempDir
    Path dir;

    @Test
    void entriesComeBackNewestFirstPageByPageAndSurviveAReopen() throws Exception {
        Path file = dir.resolve("d4.db");
        try (MapDbFile store = new MapDbFile(file)) {
            StoredAuditLog log = new StoredAuditLog(store, 1000);
            for (int i = 1; i <= 25; i++) {
                log.record(AuditEntry.of("admin", "rest", "127.0.0.1", "sensor.approve", "s" + i, i % 2 == 0, i == 3 ? null : "d"));
            }
            List<AuditEntry> first = log.entries(Long.MAX_VALUE, 10);
            assertEquals(10, first.size());
            assertEquals(25, first.get(0).sequence());
            assertEquals("s25", first.get(0).target());
            List<AuditEntry> second = log.entries(first.get(9).sequence(), 10);
            assertEquals(15, second.get(0).sequence());
            assertEquals(5, log.entries(6, 100).size());
            assertTrue(log.entries(1, 10).isEmpty());
            assertTrue(log.entries(Long.MAX_VALUE, 0).isEmpty());
            store.commit();
        }
        try (MapDbFile store = new MapDbFile(file)) {
            StoredAuditLog log = new StoredAuditLog(store, 1000);
            AuditEntry third = log.entries(4, 1).get(0);
            assertEquals(3, third.sequence());
            assertEquals("", third.detail());
            assertFalse(third.success());
            assertEquals("127.0.0.1", third.remote());
            log.record(AuditEntry.of("bob", "ssh", "", "login", "", false, "wrong password"));
            assertEquals(26, log.entries(Long.MAX_VALUE, 1).get(0).sequence(), "numbers go on after a restart");
        }
    }

    @Test
    void theLogIsBounded() throws Exception {
        try (MapDbFile store = new MapDbFile(dir.resolve("d4.db"))) {
            StoredAuditLog log = new StoredAuditLog(store, 100);
            for (int i = 0; i < 350; i++) {
                log.record(AuditEntry.of("admin", "shell", "", "d4:sensors", "", true, "x".repeat(10_000)));
            }
            List<AuditEntry> all = log.entries(Long.MAX_VALUE, 1000);
            assertEquals(100, all.size());
            assertEquals(350, all.get(0).sequence());
            assertEquals(251, all.get(99).sequence());
            assertEquals(100, store.map(StoredAuditLog.MAP, new AuditEntryCodec()).size(), "the oldest are removed from the store");
            assertTrue(all.get(0).detail().length() < 5000, "long details are cut");
        }
    }
}
