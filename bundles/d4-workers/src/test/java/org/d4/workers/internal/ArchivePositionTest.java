// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Archive positions as stored in the queue store: read back whole, anything else refused. */
class ArchivePositionTest {
    static final UUID SENSOR = UUID.fromString("6a1c4c2e-6fb0-4bd5-9c3e-2f5a1b6c7d8e");
    static final Path ROOT = Path.of("/srv/d4/archive");

    static ArchivePosition lines(List<String> files) {
        return new ArchivePosition(ArchivePosition.Kind.LINES, SENSOR, 254, Optional.of("ja3-jl"), ArchivePosition.JSON_OBJECT_LINE, true,
                1234, files);
    }

    @Test
    void roundTrips() {
        ArchivePosition p = lines(List.of(SENSOR + "/ja3-jl/2024/05/06/a.txt", SENSOR + "/ja3-jl/2024/05/06/b.txt"));
        assertEquals(p, ArchivePosition.decode(p.encode()));
        ArchivePosition files = new ArchivePosition(ArchivePosition.Kind.FILES, SENSOR, 1, Optional.empty(), "", false, 0, List.of());
        assertEquals(files, ArchivePosition.decode(files.encode()));
    }

    @Test
    void malformedBytesAreRefused() {
        byte[] good = lines(List.of("x/a.txt")).encode();
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(IllegalArgumentException.class, () -> ArchivePosition.decode(truncated), "cut at " + cut);
        }
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThrows(IllegalArgumentException.class, () -> ArchivePosition.decode(trailing));
        byte[] format = good.clone();
        format[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> ArchivePosition.decode(format));
        byte[] kind = good.clone();
        kind[1] = 7;
        assertThrows(IllegalArgumentException.class, () -> ArchivePosition.decode(kind));
        assertThrows(IllegalArgumentException.class, () -> ArchivePosition.decode(null));
        assertThrows(IllegalArgumentException.class, () -> ArchivePosition.decode(new byte[70_000]));
    }

    @Test
    void aNegativeOffsetOrAFileOutsideTheArchiveIsRefused() {
        byte[] good = lines(List.of("x/a.txt")).encode();
        byte[] negative = good.clone();
        int offsetAt = good.length - (1 + 2 + "x/a.txt".length()) - 8;
        ByteBuffer.wrap(negative).putLong(offsetAt, -1);
        assertThrows(IllegalArgumentException.class, () -> ArchivePosition.decode(negative));
        for (String name : List.of("../etc/passwd", "/etc/passwd", "x/../../y", "..", "a/..", "a/../b", "", "a\0b", "n".repeat(401))) {
            assertThrows(IllegalArgumentException.class, () -> lines(List.of(name)), name);
            assertThrows(IllegalArgumentException.class, () -> ArchivePosition.resolve(ROOT, name), name);
        }
        assertEquals(ROOT.resolve("x/a.txt"), ArchivePosition.resolve(ROOT, "x/a.txt"));
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= ArchivePosition.MAX_FILES; i++) {
            many.add("f" + i);
        }
        assertThrows(IllegalArgumentException.class, () -> lines(many));
    }
}
