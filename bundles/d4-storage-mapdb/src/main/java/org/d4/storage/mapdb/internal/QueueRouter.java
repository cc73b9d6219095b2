// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.d4.api.queue.QueueException;
import org.d4.api.queue.QueueRoute;

/**
 * Which queues take a session's data, and the pushes into them. A {@link SessionRoute} caches its
 * matching queues until the routing version moves: any change of the set of queues or of a
 * selector bumps it.
 */
final class QueueRouter {
    private final QueueFile file;
    private final QueueCommitter committer;
    private final AtomicLong version = new AtomicLong();

    QueueRouter(QueueFile file, QueueCommitter committer) {
        this.file = file;
        this.committer = committer;
    }

    QueueRoute route(int type, Optional<String> extendedType, UUID sensor) {
        return new SessionRoute(this, type, extendedType, sensor);
    }

    /** Routes see the new set of queues at their next push. */
    void queuesChanged() {
        version.incrementAndGet();
    }

    long version() {
        return version.get();
    }

    List<StoredQueue> matching(int type, Optional<String> extendedType, UUID sensor) {
        return file.queues().stream().filter(q -> q.selector.matches(type, extendedType, sensor)).toList();
    }

    /** Appends one item; false if the queue was deleted meanwhile (the route sees the new set at its next push). */
    boolean append(StoredQueue q, UUID sensor, long epochSecond, byte[] item) {
        try {
            committer.pending(committer.change(q, () -> q.append(sensor, epochSecond, item)));
            return true;
        } catch (QueueException deletedMeanwhile) {
            return false;
        }
    }

    /** Appends the items to every queue and records the producer's position, with no commit between them. */
    int appendWithPosition(List<StoredQueue> targets, UUID sensor, long epochSecond, List<byte[]> items, String positionKey, byte[] position) {
        return committer.shared(() -> {
            int took = 0;
            for (StoredQueue q : targets) {
                q.lock.lock();
                try {
                    if (q.deleted) {
                        continue;
                    }
                    long bytes = 0;
                    for (byte[] item : items) {
                        bytes += q.append(sensor, epochSecond, item);
                    }
                    committer.pending(bytes);
                    took++;
                } finally {
                    q.lock.unlock();
                }
            }
            file.positions().set(positionKey, position);
            return took;
        });
    }
}
