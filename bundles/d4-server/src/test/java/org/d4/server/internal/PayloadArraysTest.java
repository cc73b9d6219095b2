// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadArraysTest {

    @Test
    void arraysComeInPowersOfTwoAndAreUsedAgain() {
        PayloadArrays arrays = new PayloadArrays(1 << 20);
        byte[] first = arrays.take(3000);
        assertEquals(4096, first.length);
        arrays.giveAll(List.of(first));
        assertEquals(4096, arrays.keptBytes());
        assertSame(first, arrays.take(4096), "the same size class gets the kept array");
        assertEquals(0, arrays.keptBytes());
        assertEquals(1024, arrays.take(1024).length);
        assertEquals(2048, arrays.take(1025).length);
        assertEquals(1 << 20, arrays.take(1 << 20).length);
    }

    @Test
    void smallAndLargePayloadsGetArraysOfTheirOwn() {
        PayloadArrays arrays = new PayloadArrays(64 << 20);
        byte[] small = arrays.take(100);
        assertEquals(100, small.length);
        byte[] large = arrays.take((1 << 20) + 1);
        assertEquals((1 << 20) + 1, large.length);
        arrays.giveAll(List.of(small));
        arrays.giveAll(List.of(large));
        arrays.giveAll(List.of(new byte[3000]));   // not one of ours: its length is no size class
        assertEquals(0, arrays.keptBytes());
    }

    @Test
    void whatIsKeptStaysWithinTheBudget() {
        PayloadArrays arrays = new PayloadArrays(10_000);
        byte[] a = arrays.take(4096);
        byte[] b = arrays.take(4096);
        byte[] c = arrays.take(4096);
        arrays.giveAll(List.of(a));
        arrays.giveAll(List.of(b));
        arrays.giveAll(List.of(c));
        assertEquals(8192, arrays.keptBytes(), "the third would pass 10,000 bytes and is left to the collector");
        assertNotSame(c, arrays.take(4096));
        arrays.take(4096);
        assertEquals(0, arrays.keptBytes());
        assertEquals(4096, arrays.take(4096).length, "an empty class makes a new array");
    }

    @Test
    void aBatchGivenBackAtOnceKeepsToTheBudgetToo() {
        PayloadArrays arrays = new PayloadArrays(3 * 65536);
        List<byte[]> batch = List.of(arrays.take(65536), arrays.take(40000), arrays.take(500), arrays.take(65536), arrays.take(65536));
        arrays.giveAll(batch);
        assertEquals(3 * 65536, arrays.keptBytes(), "three 64 KiB arrays fit, the fourth does not, the small one is not kept");
    }

    @Test
    void eachThreadGetsItsOwnPool() throws Exception {
        ThreadLocal<PayloadArrays> pools = PayloadArrays.perThread(2);
        PayloadArrays mine = pools.get();
        PayloadArrays[] other = new PayloadArrays[1];
        Thread thread = new Thread(() -> other[0] = pools.get());
        thread.start();
        thread.join();
        assertSame(mine, pools.get());
        assertNotSame(mine, other[0]);
    }
}
