// SPDX-License-Identifier: Apache-2.0
package org.d4.alerts.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per subject, the times of its recent events within a window (sensor errors, queue drops, analyzer
 * failures), bounded: at most {@code keep} times per subject and {@code maxSubjects} subjects
 * (the least recently touched forgotten first), so hostile input cannot grow it.
 */
final class RecentEvents {
    private final Duration window;
    private final int keep;
    private final int maxSubjects;
    private final Map<String, Deque<Instant>> times = new LinkedHashMap<>(16, 0.75f, true);

    RecentEvents(Duration window, int keep, int maxSubjects) {
        this.window = window;
        this.keep = Math.max(1, keep);
        this.maxSubjects = maxSubjects;
    }

    synchronized void add(String subject, Instant at, long count) {
        Deque<Instant> list = times.computeIfAbsent(subject, s -> new ArrayDeque<>());
        for (long i = 0; i < Math.min(count, keep); i++) {
            list.addLast(at);
            if (list.size() > keep) {
                list.removeFirst();
            }
        }
        if (times.size() > maxSubjects) {
            times.remove(times.keySet().iterator().next());
        }
    }

    /** Events of the subject within the window ending now (at most {@code keep}). */
    synchronized int count(String subject, Instant now) {
        Deque<Instant> list = times.get(subject);
        if (list == null) {
            return 0;
        }
        Instant from = now.minus(window);
        while (!list.isEmpty() && list.peekFirst().isBefore(from)) {
            list.removeFirst();
        }
        if (list.isEmpty()) {
            times.remove(subject);
            return 0;
        }
        return list.size();
    }

    synchronized java.util.List<String> subjects() {
        return java.util.List.copyOf(times.keySet());
    }
}
