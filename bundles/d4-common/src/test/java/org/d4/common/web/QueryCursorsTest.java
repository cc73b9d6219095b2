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
    void positiveNumbersStandingForAPosition() throws QueryCursors.Refused {
        long id = cursors.create("q", new byte[] {1, 2});
        assertTrue(id > 0);
        assertArrayEquals(new byte[] {1, 2}, cursors.position(id, "q"));
        assertArrayEquals(new byte[] {1, 2}, cursors.position(id, "q"), "reusable: a client may ask for a page again");
    }

    @Test
    void boundedLeastRecentlyUsedFirst() throws QueryCursors.Refused {
        long a = cursors.create("q", new byte[] {1});
        long b = cursors.create("q", new byte[] {2});
        long c = cursors.create("q", new byte[] {3});
        cursors.position(a, "q");
        cursors.create("q", new byte[] {4});
        assertEquals(3, cursors.size());
        assertThrows(QueryCursors.Refused.class, () -> cursors.position(b, "q"));
        cursors.position(a, "q");
        cursors.position(c, "q");
    }

    @Test
    void lapsesWhenUnusedAndStaysWithItsQuery() {
        long id = cursors.create("q", new byte[] {1});
        assertThrows(QueryCursors.Refused.class, () -> cursors.position(id, "other"));
        now.addAndGet(61);
        assertThrows(QueryCursors.Refused.class, () -> cursors.position(id, "q"));
        assertEquals(0, cursors.size());
    }
}
