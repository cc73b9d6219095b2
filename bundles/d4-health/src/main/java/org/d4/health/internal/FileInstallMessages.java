// SPDX-License-Identifier: Apache-2.0
package org.d4.health.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.d4.api.health.Problem;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;

/**
 * Keeps the recent warnings and errors of the file-install bundle (bounded), which name the
 * deploy or configuration file they are about.
 */
final class FileInstallMessages implements LogListener {
    static final String FILEINSTALL = "org.apache.felix.fileinstall";
    static final int MAX_KEPT = 200;

    record Message(Instant at, String text) {}

    private final Deque<Message> recent = new ArrayDeque<>();

    @Override
    @SuppressWarnings("deprecation") // getLevel(): every log service implements it, not all fill getLogLevel()
    public void logged(LogEntry entry) {
        String bundle = entry.getBundle() == null ? null : entry.getBundle().getSymbolicName();
        String logger = entry.getLoggerName();
        if (!FILEINSTALL.equals(bundle) && (logger == null || !logger.startsWith(FILEINSTALL))) {
            return;
        }
        if (entry.getLevel() > org.osgi.service.log.LogService.LOG_WARNING) {
            return;
        }
        String text = entry.getMessage();
        Throwable cause = entry.getException();
        if (cause != null && cause.getMessage() != null && !text.contains(cause.getMessage())) {
            text = text + ": " + cause.getMessage();
        }
        add(new Message(Instant.ofEpochMilli(entry.getTime()), text));
    }

    synchronized void add(Message message) {
        recent.addLast(message);
        while (recent.size() > MAX_KEPT) {
            recent.removeFirst();
        }
    }

    synchronized Optional<String> lastMessageAbout(String fileName) {
        for (Iterator<Message> it = recent.descendingIterator(); it.hasNext();) {
            Message m = it.next();
            if (m.text().contains(fileName)) {
                return Optional.of(m.text());
            }
        }
        return Optional.empty();
    }

    /** Messages about configuration files that still exist in their last reported, failing state. */
    synchronized List<Problem> configurationProblems() {
        List<Problem> problems = new ArrayList<>();
        java.util.Map<String, Message> latestPerFile = new java.util.LinkedHashMap<>();
        for (Message m : recent) {
            String file = configFileIn(m.text());
            if (file != null) {
                latestPerFile.put(file, m);
            }
        }
        latestPerFile.forEach((file, m) -> {
            java.nio.file.Path path = java.nio.file.Path.of(file);
            if (java.nio.file.Files.exists(path) && !modifiedAfter(path, m.at())) {
                problems.add(new Problem(Problem.Kind.CONFIGURATION, path.getFileName().toString(), m.text(), m.at()));
            }
        });
        return problems;
    }

    synchronized void clear() {
        recent.clear();
    }

    /**
     * The absolute path of a .cfg/.config file named in a message, if any. A path must start the
     * message or follow a blank, a colon or a quote, so that a name is never cut out of the middle
     * of another; a path may contain blanks (an image installed under "/opt/my d4").
     */
    static String configFileIn(String text) {
        for (int start = text.indexOf('/'); start >= 0; start = text.indexOf('/', start + 1)) {
            if (start > 0 && " \t:'\"(=[".indexOf(text.charAt(start - 1)) < 0) {
                continue;
            }
            for (String ending : new String[] {".cfg", ".config"}) {
                int end = text.indexOf(ending, start);
                while (end >= 0) {
                    int after = end + ending.length();
                    if (after == text.length() || " \t:'\",;)]".indexOf(text.charAt(after)) >= 0) {
                        return text.substring(start, after);
                    }
                    end = text.indexOf(ending, after);
                }
            }
        }
        return null;
    }

    private static boolean modifiedAfter(java.nio.file.Path path, Instant at) {
        try {
            // a later edit may have fixed it; file-install would have logged again if not
            return java.nio.file.Files.getLastModifiedTime(path).toInstant().isAfter(at.plusSeconds(1));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
