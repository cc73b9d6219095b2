// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.d4.api.queue.DeadLetter;
import org.d4.api.queue.QueueItem;

/**
 * The stored form of queue items: segments of consecutive items (sequence, sensor, time, data each),
 * and dead letters (the item plus its failure).
 */
final class ItemCodec {
    private static final int ITEM_HEADER = 24;
    private static final int SEGMENT_ITEM_HEADER = 8 + ITEM_HEADER + 4;

    /** Bytes one item takes in a segment. */
    static int segmentSize(QueueItem item) {
        return SEGMENT_ITEM_HEADER + item.data().length;
    }

    static byte[] segment(java.util.List<QueueItem> items) {
        int size = 4;
        for (QueueItem i : items) {
            size += segmentSize(i);
        }
        ByteBuffer b = ByteBuffer.allocate(size).putInt(items.size());
        for (QueueItem i : items) {
            b.putLong(i.sequence()).putLong(i.sensor().getMostSignificantBits()).putLong(i.sensor().getLeastSignificantBits())
                    .putLong(i.epochSecond()).putInt(i.data().length).put(i.data());
        }
        return b.array();
    }

    static java.util.List<QueueItem> segment(byte[] stored) {
        ByteBuffer b = ByteBuffer.wrap(stored);
        int count = b.getInt();
        java.util.List<QueueItem> items = new java.util.ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            long sequence = b.getLong();
            UUID sensor = new UUID(b.getLong(), b.getLong());
            long epochSecond = b.getLong();
            byte[] data = new byte[b.getInt()];
            b.get(data);
            items.add(new QueueItem(sequence, sensor, epochSecond, data));
        }
        return items;
    }

    private ItemCodec() {
    }

    static byte[] item(UUID sensor, long epochSecond, byte[] data) {
        return ByteBuffer.allocate(ITEM_HEADER + data.length).putLong(sensor.getMostSignificantBits())
                .putLong(sensor.getLeastSignificantBits()).putLong(epochSecond).put(data).array();
    }

    static QueueItem item(long sequence, byte[] stored) {
        ByteBuffer b = ByteBuffer.wrap(stored);
        UUID sensor = new UUID(b.getLong(), b.getLong());
        long epochSecond = b.getLong();
        byte[] data = new byte[b.remaining()];
        b.get(data);
        return new QueueItem(sequence, sensor, epochSecond, data);
    }

    static byte[] deadLetter(QueueItem item, int attempts, String error, Instant at) {
        byte[] message = truncate(error).getBytes(StandardCharsets.UTF_8);
        byte[] stored = item(item.sensor(), item.epochSecond(), item.data());
        return ByteBuffer.allocate(8 + 8 + 4 + 4 + message.length + stored.length).putLong(item.sequence()).putLong(at.toEpochMilli())
                .putInt(attempts).putInt(message.length).put(message).put(stored).array();
    }

    static DeadLetter deadLetter(long id, byte[] stored) {
        ByteBuffer b = ByteBuffer.wrap(stored);
        long sequence = b.getLong();
        Instant at = Instant.ofEpochMilli(b.getLong());
        int attempts = b.getInt();
        byte[] message = new byte[b.getInt()];
        b.get(message);
        byte[] item = new byte[b.remaining()];
        b.get(item);
        return new DeadLetter(id, item(sequence, item), attempts, new String(message, StandardCharsets.UTF_8), at);
    }

    private static String truncate(String error) {
        String e = error == null ? "" : error;
        return e.length() > 2000 ? e.substring(0, 2000) + "..." : e;
    }
}
