// SPDX-License-Identifier: Apache-2.0
package org.d4.alerts.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.d4.api.alert.Alert.Kind;
import org.d4.api.alert.Alert.Severity;
import org.d4.api.analyzer.AnalyzerStatus;
import org.d4.api.queue.QueueInfo;

/**
 * Analyzer queues and analyzers: a queue fuller than the ratio (resolved only below 90 % of it,
 * so a queue hovering at the line does not flap), a queue that dropped items or an analyzer that
 * failed within the window (counters compared with the previous check; what was counted before
 * the first check is not news), an analyzer with dead letters.
 */
final class QueueChecks {
    private final double fillRatio;
    private final RecentEvents drops;
    private final RecentEvents failures;
    private final Map<String, Long> lastDropped = new HashMap<>();
    private final Map<String, Long> lastFailures = new HashMap<>();

    QueueChecks(double fillRatio, RecentEvents drops, RecentEvents failures) {
        this.fillRatio = fillRatio;
        this.drops = drops;
        this.failures = failures;
    }

    /** @param active whether an alert with that key is active */
    List<Condition> checkQueues(List<QueueInfo> queues, Predicate<String> active, Instant now) {
        List<Condition> found = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        for (QueueInfo q : queues) {
            String id = q.uuid().toString();
            String name = q.listName() + (q.description().isBlank() ? "" : " (" + q.description() + ")");
            double fill = q.maxSize() <= 0 ? 0 : (double) q.length() / q.maxSize();
            Condition filling = new Condition(Kind.QUEUE_FILLING, id, fill >= 1 ? Severity.CRITICAL : Severity.WARNING,
                    "queue " + name + " holds " + q.length() + " of " + q.maxSize() + " items (" + Math.round(fill * 100) + " %)");
            if (fill > fillRatio || (fill > fillRatio * 0.9 && active.test(filling.key()))) {
                found.add(filling);
            }
            Long before = lastDropped.get(id);
            if (before != null && q.dropped() > before) {
                drops.add(id, now, q.dropped() - before);
            }
            seen.put(id, q.dropped());
            int recent = drops.count(id, now);
            if (recent > 0) {
                found.add(new Condition(Kind.QUEUE_DROPPING, id, Severity.CRITICAL,
                        "queue " + name + " is full and dropped items (" + q.dropped() + " in all)"));
            }
        }
        lastDropped.clear();
        lastDropped.putAll(seen);
        return found;
    }

    List<Condition> checkAnalyzers(List<AnalyzerStatus> analyzers, Instant now) {
        List<Condition> found = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        for (AnalyzerStatus a : analyzers) {
            Long before = lastFailures.get(a.name());
            if (before != null && a.failures() > before) {
                failures.add(a.name(), now, a.failures() - before);
            }
            seen.put(a.name(), a.failures());
            if (failures.count(a.name(), now) > 0) {
                found.add(new Condition(Kind.ANALYZER_FAILING, a.name(), Severity.WARNING, "analyzer " + a.name() + " fails on its items ("
                        + a.failures() + " failures in all" + a.lastError().map(e -> "; last: " + e).orElse("") + ")"));
            }
            if (a.deadLetters() > 0) {
                found.add(new Condition(Kind.ANALYZER_DEAD_LETTERS, a.name(), Severity.WARNING,
                        "analyzer " + a.name() + " has " + a.deadLetters() + " dead letters to replay or discard"));
            }
        }
        lastFailures.clear();
        lastFailures.putAll(seen);
        return found;
    }
}
