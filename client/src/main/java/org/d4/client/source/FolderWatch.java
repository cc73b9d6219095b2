// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the files of a folder (and its sub-folders) that are complete: a file counts once its size
 * and time have not changed for {@code settle}, since Java has no "closed after writing" event.
 * File-system events (inotify on Linux) say where to look; a full scan at start, every minute and
 * after an event overflow catches what they missed. With {@code daily}, the folder watched is
 * {@code <folder>/YYYYMMDD} of the local date, followed at midnight and waited for until it exists;
 * files found in the day before are still sent. Hidden files ({@code .name}, as tools write files
 * in progress) and names with a tab or newline are left alone.
 */
final class FolderWatch implements AutoCloseable {
    static final int MAX_CANDIDATES = 100_000;
    private static final Duration FULL_SCAN = Duration.ofMinutes(1);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    /** A file seen, with what it looked like and since when. */
    record Candidate(Path file, long size, long modified, long sinceMillis) {
    }

    private final Path folder;
    private final boolean daily;
    private final Clock clock;
    private final long settleMillis;
    private final SentFiles sent;
    private final WatchService events;
    private final Map<WatchKey, Path> watched = new HashMap<>();
    private final Map<Path, Candidate> candidates = new LinkedHashMap<>();
    private Path root;
    private boolean rootWatched;
    private long lastFullScan = Long.MIN_VALUE;
    private long overflowed;

    FolderWatch(Path folder, boolean daily, SentFiles sent, Clock clock, Duration settle) throws IOException {
        this.folder = folder;
        this.sent = sent;
        this.daily = daily;
        this.clock = clock;
        this.settleMillis = settle.toMillis();
        this.events = FileSystems.getDefault().newWatchService();
    }

    /** The oldest complete file not sent yet, or null. */
    Candidate next() throws IOException {
        long now = clock.millis();
        follow(now);
        drainEvents();
        if (rootWatched && now - lastFullScan >= FULL_SCAN.toMillis()) {
            lastFullScan = now;
            scan(root);
        }
        Candidate oldest = null;
        for (Iterator<Candidate> it = candidates.values().iterator(); it.hasNext();) {
            Candidate c = it.next();
            BasicFileAttributes a = attributes(c.file());
            if (a == null || !a.isRegularFile()) {
                it.remove();
            } else if (a.size() != c.size() || a.lastModifiedTime().toMillis() != c.modified()) {
                candidates.put(c.file(), new Candidate(c.file(), a.size(), a.lastModifiedTime().toMillis(), now));
            } else if (sent.contains(c.file(), c.size(), c.modified())) {
                it.remove();
            } else if (now - c.sinceMillis() >= settleMillis && (oldest == null || c.modified() < oldest.modified())) {
                oldest = c;
            }
        }
        if (oldest != null) {
            candidates.remove(oldest.file());
        }
        return oldest;
    }

    /** Files found but not yet complete or not yet taken. */
    int pending() {
        return candidates.size();
    }

    long overflowed() {
        return overflowed;
    }

    /** The folder to watch now; with {@code daily}, today's, once it exists. */
    private void follow(long now) throws IOException {
        Path wanted = daily ? folder.resolve(LocalDate.now(clock).format(DAY)) : folder;
        if (!wanted.equals(root)) {
            for (WatchKey key : watched.keySet()) {
                key.cancel();
            }
            watched.clear();
            root = wanted;
            rootWatched = false;
        }
        if (!rootWatched && Files.isDirectory(root)) {
            register(root);
            rootWatched = true;
            lastFullScan = now;
            scan(root);
        }
    }

    private void drainEvents() throws IOException {
        WatchKey key;
        try {
            while ((key = events.poll()) != null) {
                Path dir = watched.get(key);
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        lastFullScan = Long.MIN_VALUE;
                    } else if (dir != null) {
                        Path child = dir.resolve((Path) event.context());
                        if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                                register(child);
                                scan(child);
                            }
                        } else {
                            observe(child, clock.millis());
                        }
                    }
                }
                if (!key.reset()) {
                    watched.remove(key);
                }
            }
        } catch (ClosedWatchServiceException closed) {
            // stopping
        }
    }

    private void register(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                watched.put(d.register(events, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY), d);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void scan(Path dir) throws IOException {
        long now = clock.millis();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                observe(file, now);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void observe(Path file, long now) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") || name.indexOf('\t') >= 0 || name.indexOf('\n') >= 0 || candidates.containsKey(file)) {
            return;
        }
        if (candidates.size() >= MAX_CANDIDATES) {
            overflowed++;       // found again by a later full scan
            lastFullScan = Math.min(lastFullScan, now - FULL_SCAN.toMillis() + settleMillis * 10);
            return;
        }
        BasicFileAttributes a = attributes(file);
        if (a != null && a.isRegularFile() && !sent.contains(file, a.size(), a.lastModifiedTime().toMillis())) {
            candidates.put(file, new Candidate(file, a.size(), a.lastModifiedTime().toMillis(), now));
        }
    }

    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException gone) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            events.close();
        } catch (IOException ignored) {
            // nothing more to watch
        }
    }
}
