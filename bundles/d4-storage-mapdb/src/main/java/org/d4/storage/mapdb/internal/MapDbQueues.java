// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.d4.api.queue.DeadLetter;
import org.d4.api.queue.QueueChange;
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

/** The analyzer queues in {@code data/queues.db}: committed at least every interval, closed cleanly on stop. */
@Component(configurationPid = "d4.queues", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MapDbQueues.Config.class)
public final class MapDbQueues implements QueueService {
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

    private final MapDbQueueFile file;
    private final PeriodicCommits commits;

    @Activate
    public MapDbQueues(BundleContext context, Config config) throws IOException {
        Path path = ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)).resolve(config.file());
        this.file = new MapDbQueueFile(path, config.max_uncommitted_mb() * 1024L * 1024L);
        // heavy writers get an early commit (and their memory back) well before the interval
        this.commits = new PeriodicCommits("d4-queues-commit", "Queue store", file::commit, config.commit_interval_ms(), file::commitDue);
        LOG.info("Queue store {} open: {} queues", path, file.queues().size());
    }

    @Deactivate
    void close() {
        commits.close();
        file.close();
        LOG.info("Queue store closed");
    }

    private void commitQuietly() {
        commits.commitNow();
    }

    @Override
    public QueueInfo create(QueueSpec spec) {
        QueueInfo info = file.create(spec);
        commitQuietly();
        LOG.info("Queue {} created: {}", info.listName(), spec.description());
        return info;
    }

    @Override
    public List<QueueInfo> queues() {
        return file.queues();
    }

    @Override
    public Optional<QueueInfo> queue(UUID queue) {
        return file.queue(queue);
    }

    @Override
    public QueueInfo update(UUID queue, QueueChange change) {
        QueueInfo info = file.update(queue, change);
        commitQuietly();
        return info;
    }

    @Override
    public long empty(UUID queue) {
        long removed = file.empty(queue);
        commitQuietly();
        return removed;
    }

    @Override
    public void delete(UUID queue) {
        file.delete(queue);
        commitQuietly();
        LOG.info("Queue {} deleted", queue);
    }

    @Override
    public QueueRoute route(int type, Optional<String> extendedType, UUID sensor) {
        return file.route(type, extendedType, sensor);
    }

    @Override
    public Map<String, byte[]> positions(String prefix) {
        return file.positions(prefix);
    }

    @Override
    public void savePosition(String positionKey, byte[] position) {
        file.savePosition(positionKey, position);
    }

    @Override
    public List<QueueItem> items(UUID queue, long offset, int count) {
        return file.items(queue, offset, count);
    }

    @Override
    public List<QueueItem> poll(UUID queue, int count) {
        return file.poll(queue, count);
    }

    @Override
    public List<QueueItem> pollNewest(UUID queue, int count) {
        return file.pollNewest(queue, count);
    }

    @Override
    public long acknowledge(UUID queue, long sequence) {
        return file.acknowledge(queue, sequence);
    }

    @Override
    public boolean awaitItems(UUID queue, Duration timeout) throws InterruptedException {
        return file.awaitItems(queue, timeout);
    }

    @Override
    public DeadLetter deadLetter(UUID queue, QueueItem item, int attempts, String error) {
        return file.deadLetter(queue, item, attempts, error);
    }

    @Override
    public List<DeadLetter> deadLetters(UUID queue, int max) {
        return file.deadLetters(queue, max);
    }

    @Override
    public int replayDeadLetters(UUID queue, Collection<Long> ids) {
        int n = file.replayDeadLetters(queue, ids);
        commitQuietly();
        return n;
    }

    @Override
    public int discardDeadLetters(UUID queue, Collection<Long> ids) {
        int n = file.discardDeadLetters(queue, ids);
        commitQuietly();
        return n;
    }
}
