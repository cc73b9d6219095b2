// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.d4.api.queue.QueueRoute;
import org.d4.api.queue.QueueService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a crash (kill -9, power loss): archive files that were still being written are finished
 * as a clean stop would have. Runs before any session starts, so nothing found is in use. A pcap
 * file is cut back to its last whole record first; a temporary file of an unfinished compression
 * is deleted (its source is still there and compressed again).
 */
final class ArchiveRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveRecovery.class);
    /** root / sensor / type / YYYY / MM / DD / file */
    private static final int DEPTH = 6;
    /** root / sensor or shared / type / YYYY / MM / DD / files / file, of the file-transfer types */
    private static final int FILES_DEPTH = DEPTH + 1;

    private final ArchiveLayout layout;
    private final QueueService queues;
    private final Map<Path, SeriesListener> listed;

    /**
     * @param listed pcap files listed in the queue store as not queued yet ({@link PositionRecovery}), with
     *               what queues their path; a leftover file not listed is queued on its own (an older archive)
     */
    ArchiveRecovery(ArchiveLayout layout, QueueService queues, Map<Path, SeriesListener> listed) {
        this.layout = layout;
        this.queues = queues;
        this.listed = listed;
    }

    /** Finds what is left over; the compressions run on {@code lane}, oldest file first. */
    void run(ArchiveCompressor.Lane lane) throws IOException {
        if (!Files.isDirectory(layout.root())) {
            return;
        }
        List<Path> temporary = new ArrayList<>();
        List<Path> unfinished = new ArrayList<>();
        Files.walkFileTree(layout.root(), EnumSet.noneOf(java.nio.file.FileVisitOption.class), FILES_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String name = file.getFileName().toString();
                int depth = layout.root().relativize(file).getNameCount();
                if (depth == FILES_DEPTH) {
                    // a file being received when the server stopped: the sensor sends it again
                    if (attributes.isRegularFile() && name.endsWith(ReceivedFile.PARTIAL_SUFFIX)
                            && file.getParent().getFileName().toString().equals(FileTransferRules.FILES_FOLDER)) {
                        temporary.add(file);
                    }
                } else if (attributes.isRegularFile() && name.endsWith(ArchiveLayout.TEMP_SUFFIX)) {
                    temporary.add(file);
                } else if (attributes.isRegularFile() && (name.endsWith(".cap") || name.endsWith(".txt"))) {
                    unfinished.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                LOG.warn("Cannot look at {} for recovery: {}", file, e.getMessage());
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path file : temporary) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("Cannot delete the stale temporary file {}: {}", file, e.getMessage());
            }
        }
        unfinished.sort(null);
        long tornBytes = 0;
        int recovered = 0;
        for (Path file : unfinished) {
            try {
                long torn = file.getFileName().toString().endsWith(".cap") ? recoverPcap(file, lane) : recoverText(file, lane);
                if (torn >= 0) {
                    tornBytes += torn;
                    recovered++;
                }
            } catch (IOException e) {
                LOG.warn("Cannot recover {}: {}", file, e.getMessage());
            }
        }
        if (recovered > 0 || !temporary.isEmpty()) {
            LOG.info("Recovered {} unfinished archive files in {} ({} bytes of torn pcap records dropped), deleted {} temporary files",
                    recovered, layout.root(), tornBytes, temporary.size());
        }
    }

    /** Returns the bytes cut off, or -1 when the file was set aside. */
    private long recoverPcap(Path file, ArchiveCompressor.Lane lane) throws IOException {
        SeriesListener route = listed.get(file.toAbsolutePath().normalize());
        if (route == null) {
            route = layout.sensorOf(file).map((UUID sensor) -> queuing(queues.route(1, Optional.empty(), sensor))).orElse(SeriesListener.NONE);
        }
        if (alreadyCompressed(file, route)) {
            return 0;
        }
        long torn = 0;
        Optional<Long> whole;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            whole = PcapFormat.completeLength(channel);
            if (whole.isPresent() && whole.get() < channel.size()) {
                torn = channel.size() - whole.get();
                channel.truncate(whole.get());
                channel.force(true);
                LOG.info("Cut a torn record of {} bytes off {}", torn, file);
            }
        }
        if (whole.isEmpty()) {
            route.discarded(file);
            return setAside(file);
        }
        lane.finish(file, route);
        return torn;
    }

    private long recoverText(Path file, ArchiveCompressor.Lane lane) throws IOException {
        if (!alreadyCompressed(file, SeriesListener.NONE)) {
            lane.finish(file, SeriesListener.NONE);
        }
        return 0;
    }

    /** A crash between renaming the .gz into place and deleting its source: the .gz is whole. */
    private boolean alreadyCompressed(Path file, SeriesListener route) throws IOException {
        Path gzip = ArchiveLayout.gzipped(file);
        if (!Files.exists(gzip)) {
            return false;
        }
        Files.delete(file);
        ArchiveCompressor.compressed(file, gzip, route);
        return true;
    }

    /** Queues the path of each compressed file to {@code route}. */
    static SeriesListener queuing(QueueRoute route) {
        return new SeriesListener() {
            @Override
            public void compressed(Path file, Path gzip) {
                route.push(gzip.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    /** Not even a whole global header: a capture torn at its start holds no packet; anything else is kept aside. */
    private long setAside(Path file) throws IOException {
        if (Files.size(file) < PcapFormat.GLOBAL_HEADER_BYTES) {
            Files.delete(file);
            LOG.info("Deleted {}: torn before its first record", file);
            return 0;
        }
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        LOG.warn("{} is not a pcap file; kept as {}", file, aside);
        return -1;
    }
}
