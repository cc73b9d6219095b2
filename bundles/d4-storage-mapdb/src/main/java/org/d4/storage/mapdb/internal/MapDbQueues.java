// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.d4.api.queue.DeadLetter;
import org.d4.api.queue.QueueChange;
import org.d4.api.queue.QueueException;
import org.d4.api.queue.QueueException.Problem;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueRoute;
import org.d4.api.queue.QueueService;
import org.d4.api.queue.QueueSpec;
import org.d4.common.ApplianceDirs;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analyzer queues in {@code data/queues.db}, the one {@link QueueService} of this bundle. Its
 * parts: the {@link QueueFile} with each {@link StoredQueue} and its {@link DeadLetters}, the
 * {@link QueueRouter} that sessions push through, and the {@link QueueCommitter}. As a component it
 * commits at least every interval ({@link PeriodicCommits}) and after every rare change (create,
 * edit, empty, delete, dead letters), and closes cleanly on stop.
 *
 * <p>Plain Java too: tests open it on a temp file with {@link #open(Path, long)} and commit
 * when they choose.
 */
@Component(configurationPid = "d4.queues", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MapDbQueues.Config.class)
public final class MapDbQueues implements QueueService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MapDbQueues.class);

    @ObjectClassDefinition(name = "D4 analyzer queues", description = "Durable, bounded queues of data for analyzers (MapDB, with atomic commits through a redo log)")
    @interface Config {
        @AttributeDefinition(name = "File", description = "Relative to the image root")
        String file() default "data/queues.db";

        @AttributeDefinition(name = "Commit interval (ms)", min = "10",
                description = "Longest time a queued item waits before it is durable; a crash loses at most this window")
        long commit_interval_ms() default 1000;

        @AttributeDefinition(name = "Uncommitted memory (MiB)", min = "1",
                description = "Writers wait for a commit when this much is queued but not yet committed (it is held in memory)")
        int max_uncommitted_mb() default 32;
    }

    private final QueueFile file;
    private final QueueCommitter committer;
    private final QueueRouter router;
    /** Null when the caller commits (tests, benchmarks). */
    private final PeriodicCommits periodic;

    @Activate
    public MapDbQueues(BundleContext context, Config config) throws IOException {
        this(ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)).resolve(config.file()),
                config.max_uncommitted_mb() * 1024L * 1024L, config.commit_interval_ms());
        LOG.info("Queue store {} open: {} queues", file.path(), file.queues().size());
    }

    /** Opens the queues in {@code file} without a commit thread: the caller commits. */
    public static MapDbQueues open(Path file, long maxUncommittedBytes) throws IOException {
        return new MapDbQueues(file, maxUncommittedBytes, 0);
    }

    private MapDbQueues(Path path, long maxUncommittedBytes, long commitIntervalMillis) throws IOException {
        this.file = new QueueFile(path);
        this.committer = new QueueCommitter(file, maxUncommittedBytes);
        this.router = new QueueRouter(file, committer);
        // heavy writers get an early commit (and their memory back) well before the interval
        this.periodic = commitIntervalMillis <= 0 ? null
                : new PeriodicCommits("d4-queues-commit", "Queue store", committer::commit, commitIntervalMillis, committer::commitDue);
    }

    /** Makes every change so far durable. */
    public void commit() {
        committer.commit();
    }

    /** True when writers have run far enough ahead that the next commit should not wait for its interval. */
    public boolean commitDue() {
        return committer.commitDue();
    }

    /** Bytes written since the last commit, roughly. */
    long uncommittedBytes() {
        return committer.uncommittedBytes();
    }

    @Deactivate
    @Override
    public void close() {
        if (periodic != null) {
            periodic.close();
        }
        committer.close();
        if (periodic != null) {
            LOG.info("Queue store closed");
        }
    }

    // ---- the queues

    @Override
    public QueueInfo create(QueueSpec spec) {
        committer.checkOpen();
        QueueInfo info = committer.storeChange(() -> {
            StoredQueue q = file.add(spec);
            router.queuesChanged();
            return q.info();
        });
        commitAfterChange();
        LOG.info("Queue {} created: {}", info.listName(), spec.description());
        return info;
    }

    @Override
    public List<QueueInfo> queues() {
        return file.queues().stream().sorted(Comparator.comparingLong(q -> q.number)).map(q -> q.locked(q::info)).toList();
    }

    @Override
    public Optional<QueueInfo> queue(UUID uuid) {
        StoredQueue q = file.get(uuid);
        return q == null ? Optional.empty() : Optional.of(q.locked(q::info));
    }

    @Override
    public QueueInfo update(UUID uuid, QueueChange change) {
        StoredQueue q = existing(uuid);
        StoredQueue.check(change);
        QueueInfo info = committer.storeChange(q, () -> q.apply(change));
        router.queuesChanged();
        commitAfterChange();
        return info;
    }

    @Override
    public long empty(UUID uuid) {
        StoredQueue q = existing(uuid);
        long removed = committer.storeChange(q, q::empty);
        commitAfterChange();
        return removed;
    }

    @Override
    public void delete(UUID uuid) {
        StoredQueue q = existing(uuid);
        committer.storeChange(q, () -> {
            file.remove(q);
            router.queuesChanged();
            return null;
        });
        commitAfterChange();
        LOG.info("Queue {} deleted", uuid);
    }

    @Override
    public QueueRoute route(int type, Optional<String> extendedType, UUID sensor) {
        return router.route(type, Optional.ofNullable(extendedType).flatMap(e -> e), sensor);
    }

    // ---- producers' positions

    @Override
    public Map<String, byte[]> positions(String prefix) {
        return file.positions().withPrefix(prefix == null ? "" : prefix);
    }

    @Override
    public void savePosition(String positionKey, byte[] position) {
        ProducerPositions.check(positionKey, position);
        committer.shared(() -> {
            file.positions().set(positionKey, position);
            return null;
        });
        committer.commit();
    }

    @Override
    public void awaitDurable() {
        committer.commit();
    }

    // ---- items

    @Override
    public List<QueueItem> items(UUID uuid, long offset, int count) {
        checkCount(count);
        if (offset < 0) {
            throw new QueueException(Problem.INVALID, "offset must not be negative");
        }
        StoredQueue q = existing(uuid);
        return q.locked(() -> q.peek(offset, count));
    }

    @Override
    public List<QueueItem> poll(UUID uuid, int count) {
        return take(uuid, count, true);
    }

    @Override
    public List<QueueItem> pollNewest(UUID uuid, int count) {
        return take(uuid, count, false);
    }

    private List<QueueItem> take(UUID uuid, int count, boolean oldest) {
        checkCount(count);
        StoredQueue q = existing(uuid);
        if (q.locked(() -> q.length) == 0) {
            return List.of();
        }
        Supplier<List<QueueItem>> taking = () -> {
            List<QueueItem> result = new ArrayList<>(Math.min(count, 1024));
            while (result.size() < count) {
                QueueItem item = oldest ? q.takeOldest() : q.takeNewest();
                if (item == null) {
                    break;
                }
                result.add(item);
            }
            q.out += result.size();
            if (!result.isEmpty()) {
                q.touched();
            }
            return result;
        };
        // the newest item may sit in a stored segment, which a take then rewrites
        return oldest ? committer.change(q, taking) : committer.storeChange(q, taking);
    }

    @Override
    public long acknowledge(UUID uuid, long sequence) {
        StoredQueue q = existing(uuid);
        return committer.change(q, () -> {
            long removed = 0;
            for (QueueItem first = q.peekOldest(); first != null && first.sequence() <= sequence; first = q.peekOldest()) {
                q.takeOldest();
                removed++;
            }
            q.out += removed;
            if (removed > 0) {
                q.touched();
            }
            return removed;
        });
    }

    @Override
    public boolean awaitItems(UUID uuid, Duration timeout) throws InterruptedException {
        StoredQueue q = existing(uuid);
        long nanos = timeout.toNanos();
        q.lock.lock();
        try {
            while (q.length == 0 && !q.deleted && !committer.closed()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = q.nonEmpty.awaitNanos(nanos);
            }
            return q.length > 0 && !q.deleted && !committer.closed();
        } finally {
            q.lock.unlock();
        }
    }

    // ---- dead letters

    @Override
    public DeadLetter deadLetter(UUID uuid, QueueItem item, int attempts, String error) {
        StoredQueue q = existing(uuid);
        return committer.storeChange(q, () -> q.setAside(item, attempts, error));
    }

    @Override
    public List<DeadLetter> deadLetters(UUID uuid, int max) {
        checkCount(max);
        StoredQueue q = existing(uuid);
        return q.locked(() -> q.deadLetters.oldest(max));
    }

    @Override
    public int replayDeadLetters(UUID uuid, Collection<Long> ids) {
        StoredQueue q = existing(uuid);
        int replayed = committer.storeChange(q, () -> q.replay(ids, committer::pending));
        commitAfterChange();
        return replayed;
    }

    @Override
    public int discardDeadLetters(UUID uuid, Collection<Long> ids) {
        StoredQueue q = existing(uuid);
        int discarded = committer.storeChange(q, () -> q.discard(ids));
        commitAfterChange();
        return discarded;
    }

    // ---- helpers

    /** Rare changes are durable at once; a failed commit leaves them pending for the next one. */
    private void commitAfterChange() {
        try {
            committer.commit();
        } catch (RuntimeException e) {
            LOG.error("Queue store commit failed; changes stay pending and are retried", e);
        }
    }

    private StoredQueue existing(UUID uuid) {
        committer.checkOpen();
        StoredQueue q = file.get(uuid);
        if (q == null) {
            throw QueueException.notFound(uuid);
        }
        return q;
    }

    private static void checkCount(int count) {
        if (count < 0 || count > 100_000) {
            throw new QueueException(Problem.INVALID, "count must be 0 to 100000, not " + count);
        }
    }
}
