// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.d4.api.queue.QueueException;

/**
 * Makes the queue file's changes durable, and takes the locks that let a commit see each queue's
 * record and items agree: every change holds the commit lock shared, a commit holds it exclusively
 * (briefly, while it writes what changed in memory to the store) and then commits to disk while
 * pushes and takes go on. Items pushed between commits wait in memory and are packed into segments
 * by the commit: a crash before the commit would lose them either way.
 *
 * <p>Memory stays bounded: writers that get more than {@code maxUncommittedBytes} ahead of the last
 * commit make the commit themselves.
 */
final class QueueCommitter {
    private final QueueFile file;
    /** Shared by every change, exclusive for a commit: a commit sees each queue's record and items agree. */
    private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();
    /**
     * Held for a whole commit, its disk I/O included, and by every operation that writes to the
     * store outside a commit (the rare ones: create, edit, empty, delete, dead letters, a pop of
     * the newest item): so pushes and takes, which touch only memory, never wait for an fsync.
     */
    private final ReentrantLock commitMutex = new ReentrantLock();
    private final AtomicLong uncommittedBytes = new AtomicLong();
    private final long maxUncommittedBytes;
    /** A rare change wrote to the store directly: the next commit has work even if no queue changed since. */
    private boolean storeWritten;
    private volatile boolean closed;

    QueueCommitter(QueueFile file, long maxUncommittedBytes) {
        this.file = file;
        this.maxUncommittedBytes = maxUncommittedBytes;
    }

    /** Runs a change of one queue under the shared commit lock and the queue's lock; a deleted queue is not found. */
    <T> T change(StoredQueue q, Supplier<T> change) {
        return shared(() -> {
            q.lock.lock();
            try {
                if (q.deleted) {
                    throw QueueException.notFound(q.uuid);
                }
                return change.get();
            } finally {
                q.lock.unlock();
            }
        });
    }

    /** A change that writes to the store at once (a rare one): it waits for a commit in progress. */
    <T> T storeChange(StoredQueue q, Supplier<T> change) {
        return exclusiveOfCommits(() -> change(q, change));
    }

    /** Runs a change of the file (a new queue, say) that writes to the store at once. */
    <T> T storeChange(Supplier<T> change) {
        return exclusiveOfCommits(() -> shared(change));
    }

    /** Runs a change under the shared commit lock, after waiting for a commit if writers ran too far ahead. */
    <T> T shared(Supplier<T> change) {
        throttle();
        commitLock.readLock().lock();
        try {
            checkOpen();
            return change.get();
        } finally {
            commitLock.readLock().unlock();
        }
    }

    private <T> T exclusiveOfCommits(Supplier<T> change) {
        commitMutex.lock();
        try {
            storeWritten = true;
            return change.get();
        } finally {
            commitMutex.unlock();
        }
    }

    /** Counts bytes that wait in memory for the next commit. */
    void pending(long bytes) {
        uncommittedBytes.addAndGet(bytes);
    }

    /** Bytes written since the last commit, roughly. */
    long uncommittedBytes() {
        return uncommittedBytes.get();
    }

    /** True when writers have run far enough ahead that the next commit should not wait for its interval. */
    boolean commitDue() {
        return uncommittedBytes.get() >= maxUncommittedBytes / 2;
    }

    /**
     * A writer too far ahead of the commits makes the commit itself: pushed items wait in memory
     * until a commit, so this bounds that memory (and slows the writer to the disk's pace).
     */
    private void throttle() {
        if (uncommittedBytes.get() >= maxUncommittedBytes) {
            commit();
        }
    }

    /**
     * Makes every change so far durable: under the exclusive lock (briefly) writes what changed in
     * memory to the store, then commits it to disk while pushes and takes go on.
     */
    void commit() {
        if (closed) {
            return;
        }
        commitMutex.lock();
        try {
            boolean any;
            commitLock.writeLock().lock();
            try {
                ProducerPositions positions = file.positions();
                any = uncommittedBytes.getAndSet(0) > 0 || positions.hasChanges() || storeWritten;
                storeWritten = false;
                positions.store();
                for (StoredQueue q : file.queues()) {
                    // readers hold only the queue's lock
                    q.lock.lock();
                    try {
                        any |= file.store(q);
                    } finally {
                        q.lock.unlock();
                    }
                }
            } finally {
                commitLock.writeLock().unlock();
            }
            if (any && !closed) {
                file.commit();
            }
        } finally {
            commitMutex.unlock();
        }
    }

    /** Commits what is pending, wakes every waiting consumer and closes the file. */
    void close() {
        if (closed) {
            return;
        }
        commit();
        commitMutex.lock();
        commitLock.writeLock().lock();
        try {
            closed = true;
            for (StoredQueue q : file.queues()) {
                q.lock.lock();
                try {
                    q.nonEmpty.signalAll();
                } finally {
                    q.lock.unlock();
                }
            }
            file.close();
        } finally {
            commitLock.writeLock().unlock();
            commitMutex.unlock();
        }
    }

    boolean closed() {
        return closed;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the queue store is closed");
        }
    }
}
