// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveFileTest {
    @TempDir
    Path dir;

    @Test
    void pastTheBudgetAWriteOpensAppendsAndClosesAndNothingIsLost() throws IOException {
        OpenFileBudget budget = new OpenFileBudget(1);
        ArchiveFile held = new ArchiveFile(dir.resolve("a.txt"), budget);
        ArchiveFile over = new ArchiveFile(dir.resolve("b.txt"), budget);
        held.write(ByteBuffer.wrap(new byte[] {1}));
        over.write(ByteBuffer.wrap(new byte[] {2}), ByteBuffer.wrap(new byte[] {3}));
        over.write(ByteBuffer.wrap(new byte[] {4}));
        assertEquals(List.of(dir.resolve("a.txt").toRealPath()), OpenFiles.under(dir), "only the file within the budget stays open");
        assertEquals(0, budget.available());

        held.restIfQuiet();   // written since the last tick: stays open
        over.restIfQuiet();   // its unforced bytes are forced
        held.restIfQuiet();   // quiet a whole tick: rests and gives its place back
        assertEquals(List.of(), OpenFiles.under(dir));
        assertEquals(1, budget.available());

        over.write(ByteBuffer.wrap(new byte[] {5}));   // now within the budget: held open
        assertEquals(List.of(dir.resolve("b.txt").toRealPath()), OpenFiles.under(dir));
        held.write(ByteBuffer.wrap(new byte[] {6}));
        held.close();
        over.close();
        assertEquals(1, budget.available());
        assertEquals(List.of(), OpenFiles.under(dir));
        assertArrayEquals(new byte[] {1, 6}, Files.readAllBytes(dir.resolve("a.txt")));
        assertArrayEquals(new byte[] {2, 3, 4, 5}, Files.readAllBytes(dir.resolve("b.txt")));
    }

    @Test
    void theDefaultBudgetIsAQuarterOfTheDescriptorLimit() {
        long limit = ((com.sun.management.UnixOperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        assertEquals(Math.max(64, limit / 4), OpenFileBudget.fromDescriptorLimit().limit());
    }
}
