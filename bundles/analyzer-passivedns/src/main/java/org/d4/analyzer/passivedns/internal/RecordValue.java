// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.nio.ByteBuffer;

/**
 * What the store keeps per (rrname, rrtype, rdata): first and last seen, count, and the sensors
 * that saw it (their numbers in the store's sensor table, at most {@link #MAX_SENSORS}, in order
 * of first sight). Fixed-width fields, so updates of a record keep its size and MapDB rewrites it
 * in place.
 *
 * <pre>
 * time_first (8) | time_last (8) | count (8) | n (1) | n sensor numbers (4 each)
 * </pre>
 */
record RecordValue(long timeFirst, long timeLast, long count, int[] sensors) {
    static final int MAX_SENSORS = 16;

    static RecordValue decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long first = in.getLong();
        long last = in.getLong();
        long count = in.getLong();
        int[] sensors = new int[in.get() & 0xff];
        for (int i = 0; i < sensors.length; i++) {
            sensors[i] = in.getInt();
        }
        return new RecordValue(first, last, count, sensors);
    }

    static byte[] encode(long timeFirst, long timeLast, long count, int[] sensors) {
        ByteBuffer out = ByteBuffer.allocate(25 + 4 * sensors.length);
        out.putLong(timeFirst).putLong(timeLast).putLong(count).put((byte) sensors.length);
        for (int s : sensors) {
            out.putInt(s);
        }
        return out.array();
    }

    /** Counts added, saturating instead of wrapping past the largest value. */
    static long addCounts(long count, long more) {
        long sum = count + more;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
