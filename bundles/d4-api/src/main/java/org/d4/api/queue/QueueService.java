// SPDX-License-Identifier: Apache-2.0
package org.d4.api.queue;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The analyzer queues: durable (a crash loses at most the store's commit interval), bounded (the
 * oldest items are dropped beyond a queue's maximum, as the reference system does, and counted).
 * Items leave a queue oldest first, either taken at once ({@link #poll}) or, for consumers that
 * must not lose any, read with {@link #items} and removed with {@link #acknowledge} once handled.
 *
 * <p>Thread-safe. Methods throw {@link QueueException} for unknown queues (NOT_FOUND) and invalid
 * arguments (INVALID).
 */
@ProviderType
public interface QueueService {

    /** Longest key of a producer's position. */
    int MAX_POSITION_KEY = 256;

    /** Largest position a producer records. */
    int MAX_POSITION_BYTES = 64 * 1024;

    QueueInfo create(QueueSpec spec);

    /** Every queue, in creation order. */
    List<QueueInfo> queues();

    Optional<QueueInfo> queue(UUID queue);

    QueueInfo update(UUID queue, QueueChange change);

    /** Removes every item (counted as dropped); returns how many. */
    long empty(UUID queue);

    /** Deletes the queue with its items and dead letters. */
    void delete(UUID queue);

    /** The route of data of this type (and extended type, for 254) from this sensor. */
    QueueRoute route(int type, Optional<String> extendedType, UUID sensor);

    /**
     * The producers' positions (see {@link QueueRoute#push(List, String, byte[])}) whose key starts
     * with {@code prefix}: right after the service starts, those of the last commit before a stop
     * or a crash.
     */
    Map<String, byte[]> positions(String prefix);

    /** Records a producer's position (null forgets it) and returns once it is durable, with everything pushed before. */
    void savePosition(String positionKey, byte[] position);

    /** Up to {@code count} items from the {@code offset}-th oldest on, oldest first, left in the queue. */
    List<QueueItem> items(UUID queue, long offset, int count);

    /** Removes and returns up to {@code count} of the oldest items. */
    List<QueueItem> poll(UUID queue, int count);

    /** Removes and returns up to {@code count} of the newest items, newest first (a Redis LPOP). */
    List<QueueItem> pollNewest(UUID queue, int count);

    /** Removes the items up to and including {@code sequence} that are still at the head; returns how many. */
    long acknowledge(UUID queue, long sequence);

    /**
     * Returns once every change made so far (items pushed, acknowledged, polled) is durable, for a
     * consumer whose acknowledgements must survive a crash: one that forwards items elsewhere
     * would otherwise send them again after one.
     */
    void awaitDurable();

    /** Waits until the queue holds an item or the time is up; true when it holds one. */
    boolean awaitItems(UUID queue, Duration timeout) throws InterruptedException;

    /**
     * Sets aside an item its consumer failed on too often: it leaves the queue (when it is still the
     * oldest item, as the item a consumer works on is) and joins the queue's dead letters.
     */
    DeadLetter deadLetter(UUID queue, QueueItem item, int attempts, String error);

    /** Up to {@code max} dead letters, oldest first. */
    List<DeadLetter> deadLetters(UUID queue, int max);

    /** Queues the dead letters with these ids again (all of them when {@code ids} is empty); returns how many. */
    int replayDeadLetters(UUID queue, Collection<Long> ids);

    /** Deletes the dead letters with these ids (all of them when {@code ids} is empty); returns how many. */
    int discardDeadLetters(UUID queue, Collection<Long> ids);
}
