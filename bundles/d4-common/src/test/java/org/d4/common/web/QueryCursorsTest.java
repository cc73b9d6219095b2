// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueryCursorsTest {
    final AtomicLong now = new AtomicLong(1000);
    final QueryCursors cursors = new QueryCursors(3, 60, now::get);

    @Test
    void positiveNumbersStandingForAPosition() throws IllegalArgumentException {
        long id = cursors.create("q", new byte[] {1, 2});
        assertTrue(id > 0);
        assertArrayEquals(new byte[] {1, 2}, cursors.position(id, "q", IllegalArgumentException::new));
        assertArrayEquals(new byte[] {1, 2}, cursors.position(id, "q", IllegalArgumentException::new), "reusable: a client may ask for a page again");
    }

    @Test
    void boundedLeastRecentlyUsedFirst() throws IllegalArgumentException {
        long a = cursors.create("q", new byte[] {1});
        long b = cursors.create("q", new byte[] {2});
        long c = cursors.create("q", new byte[] {3});
        cursors.position(a, "q", IllegalArgumentException::new);
        cursors.create("q", new byte[] {4});
        assertEquals(3, cursors.size());
        assertThrows(IllegalArgumentException.class, () -> cursors.position(b, "q", IllegalArgumentException::new));
        cursors.position(a, "q", IllegalArgumentException::new);
        cursors.position(c, "q", IllegalArgumentException::new);
    }

    @Test
    void lapsesWhenUnusedAndStaysWithItsQuery() {
        long id = cursors.create("q", new byte[] {1});
        assertThrows(IllegalArgumentException.class, () -> cursors.position(id, "other", IllegalArgumentException::new));
        now.addAndGet(61);
        assertThrows(IllegalArgumentException.class, () -> cursors.position(id, "q", IllegalArgumentException::new));
        assertEquals(0, cursors.size());
    }
}
