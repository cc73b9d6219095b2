// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.d4.api.queue.QueueException;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueService;
import org.d4.common.Uuids;

/**
 * The analyzer queues seen as Redis lists {@code analyzer:<type>:<queue-uuid>} in database 2, the
 * layout of the reference server: it LPUSHes new items, so the head (index 0, LPOP) is the newest
 * item and the tail (index -1, RPOP) the oldest. Every other database, and every other name, is
 * empty. A queue exists as a key even while it holds no items, so KEYS shows every queue.
 */
final class QueueKeyspace {
    static final int DATABASE = 2;
    /** Items in one reply at most (the most the queue service hands out at once). */
    static final int MAX_ITEMS = 100_000;
    /** Bytes of item data one reply may gather by default; payload chunks can be large, lines and file paths are not. */
    static final long MAX_REPLY_BYTES = 32L << 20;
    private static final int FIRST_BATCH = 16;
    private static final int POP_BATCH = 128;
    private static final int READ_BATCH = 1024;
    private static final String PREFIX = "analyzer:";

    private final QueueService queues;
    private final long maxReplyBytes;

    QueueKeyspace(QueueService queues, long maxReplyBytes) {
        this.queues = queues;
        this.maxReplyBytes = maxReplyBytes;
    }

    /** The queue behind a key, if the key names one in this database. */
    Optional<QueueInfo> find(int database, byte[] key) {
        if (database != DATABASE || key.length > 256) {
            return Optional.empty();
        }
        // ISO-8859-1 maps every byte to one char, so junk never equals a list name by accident
        String name = new String(key, StandardCharsets.ISO_8859_1);
        int colon = name.lastIndexOf(':');
        if (!name.startsWith(PREFIX) || colon < PREFIX.length()) {
            return Optional.empty();
        }
        // the full name must match, type included: analyzer:3:<uuid of a type-8 queue> is no key
        return Uuids.parseCanonical(name.substring(colon + 1)).flatMap(queues::queue).filter(q -> q.listName().equals(name));
    }

    /**
     * Removes up to {@code count} items from the tail ({@code oldest}, RPOP) or the head (LPOP);
     * empty if the key is missing. Taken in small batches, stopping once {@code maxReplyBytes}
     * are in hand, so a large count on a queue of big chunks cannot exhaust memory; what is left
     * stays queued for the next pop (a client asking for n items handles fewer anyway).
     */
    Optional<List<QueueItem>> pop(int database, byte[] key, int count, boolean oldest) {
        Optional<QueueInfo> queue = find(database, key);
        if (queue.isEmpty()) {
            return Optional.empty();
        }
        UUID uuid = queue.get().uuid();
        int wanted = Math.min(count, MAX_ITEMS);
        List<QueueItem> taken = new ArrayList<>(Math.min(wanted, POP_BATCH));
        long bytes = 0;
        try {
            while (taken.size() < wanted && bytes < maxReplyBytes) {
                int batch = batch(wanted - taken.size(), taken.size(), bytes, POP_BATCH);
                List<QueueItem> got = oldest ? queues.poll(uuid, batch) : queues.pollNewest(uuid, batch);
                taken.addAll(got);
                bytes += got.stream().mapToLong(i -> i.data().length).sum();
                if (got.size() < batch) {
                    break;
                }
            }
        } catch (QueueException e) {
            if (taken.isEmpty()) {
                return missingIfDeleted(e);
            }
            // deleted while we popped: hand out what was already taken rather than lose it
        }
        return Optional.of(taken);
    }

    long length(int database, byte[] key) {
        return find(database, key).map(QueueInfo::length).orElse(0L);
    }

    /**
     * The items at list indexes {@code start} to {@code stop} (inclusive, negative from the tail),
     * head first, at most {@link #MAX_ITEMS}. The queue service counts from the oldest item, so the
     * list index i is offset {@code length - 1 - i} there. Pushes and pops racing with the read
     * shift the window by as many items, as they would between two Redis commands. A window beyond
     * {@code maxReplyBytes} is refused rather than cut short, which would misstate the list.
     */
    List<QueueItem> range(int database, byte[] key, long start, long stop) {
        Optional<QueueInfo> queue = find(database, key);
        if (queue.isEmpty()) {
            return List.of();
        }
        long length = queue.get().length();
        long first = start < 0 ? Math.max(0, length + start) : start;
        long last = stop < 0 ? length + stop : Math.min(stop, length - 1);
        if (first > last || first >= length) {
            return List.of();
        }
        last = Math.min(last, first + MAX_ITEMS - 1);
        int count = (int) (last - first + 1);
        long offset = length - 1 - last;
        List<QueueItem> oldestFirst = new ArrayList<>(Math.min(count, READ_BATCH));
        long bytes = 0;
        try {
            while (oldestFirst.size() < count) {
                List<QueueItem> got = queues.items(queue.get().uuid(), offset + oldestFirst.size(),
                        batch(count - oldestFirst.size(), oldestFirst.size(), bytes, READ_BATCH));
                oldestFirst.addAll(got);
                bytes += got.stream().mapToLong(i -> i.data().length).sum();
                if (bytes > maxReplyBytes) {
                    throw new QueueException(QueueException.Problem.INVALID,
                            "LRANGE reply larger than " + maxReplyBytes + " bytes; ask for fewer items");
                }
                if (got.isEmpty()) {
                    break;
                }
            }
        } catch (QueueException e) {
            return QueueKeyspace.<List<QueueItem>>missingIfDeleted(e).orElse(List.of());
        }
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** The list names in this database matching a glob pattern, in queue creation order. */
    List<String> names(int database, String pattern) {
        if (database != DATABASE) {
            return List.of();
        }
        return queues.queues().stream().map(QueueInfo::listName).filter(n -> Glob.matches(pattern, n)).toList();
    }

    int size(int database) {
        return database == DATABASE ? queues.queues().size() : 0;
    }

    /** How many items to fetch next: a few at first, then what the byte budget leaves room for at the average size so far. */
    private int batch(int remaining, int fetched, long bytes, int max) {
        long fit = fetched == 0 ? FIRST_BATCH : Math.max(1, (maxReplyBytes - bytes) / Math.max(1, bytes / fetched));
        return (int) Math.min(Math.min(remaining, max), fit);
    }

    /** A queue deleted between finding and reading it is a missing key; anything else is a real error. */
    private static <T> Optional<T> missingIfDeleted(QueueException e) {
        if (e.problem() == QueueException.Problem.NOT_FOUND) {
            return Optional.empty();
        }
        throw e;
    }
}
