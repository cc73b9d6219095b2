// SPDX-License-Identifier: Apache-2.0
package org.d4.shell.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.felix.service.command.Descriptor;
import org.d4.api.analyzer.AnalyzerCatalog;
import org.d4.api.analyzer.AnalyzerStatus;
import org.d4.api.queue.DeadLetter;
import org.d4.api.queue.FeedSource;
import org.d4.api.queue.FeedStatus;
import org.d4.api.queue.QueueFeed;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Commands in scope {@code d4} about the analyzers: their state and their dead letters. */
@Component(service = AnalyzerCommands.class, property = {"osgi.command.scope=d4", "osgi.command.function=analyzers",
        "osgi.command.function=deadletters"})
public final class AnalyzerCommands {
    // optional: the commands answer, with a clear refusal, while the analyzer host is down
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AnalyzerCatalog analyzers;
    // what fills the queues from outside (the Kafka intake of an analysis appliance), if anything
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<QueueFeed> feeds = List.of();

    @Descriptor("list the analyzers: deployed or away, queue, lag, rate, failures; then what feeds their queues from Kafka")
    public String analyzers() {
        return CommandAnswers.run(() -> {
            Table t = new Table("NAME", "DEPLOYED", "BUNDLE", "QUEUE", "LAG", "ITEMS/S", "DELIVERED", "FAILURES", "DEAD", "LAST ERROR");
            for (AnalyzerStatus a : catalog().analyzers()) {
                t.row(a.name(), a.deployed() ? "yes" : "no", a.deployed() ? a.bundle() + " [" + a.bundleId() + "]" : "-", a.queue(), a.lag(),
                        String.format(Locale.ROOT, "%.1f", a.itemsPerSecond()), a.delivered(), a.failures(), a.deadLetters(),
                        a.lastError().orElse("-"));
                // the analyzer's own counters (an exporter's connection, say) below the table
                t.note(a.details().isEmpty() ? null : a.name() + ": " + String.join(" ", a.details().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
            return t.toString() + feeds();
        });
    }

    /** The feeds' topics, their lag and rate, below the analyzers. */
    private String feeds() {
        StringBuilder out = new StringBuilder();
        for (QueueFeed feed : feeds) {
            FeedStatus f = feed.status();
            out.append('\n').append(f.name()).append(", ").append(f.origin()).append(f.problem().map(p -> " (failing: " + p + ")").orElse("")).append('\n');
            Table t = new Table("TOPIC", "DATA", "PARTITIONS", "LAG", "UNITS/S", "TAKEN");
            for (FeedSource s : f.sources()) {
                t.row(s.name(), s.data().key(), s.partitions(), s.lag() < 0 ? "?" : s.lag(), String.format(Locale.ROOT, "%.1f", s.unitsPerSecond()), s.taken());
            }
            t.note(f.details().isEmpty() ? null : String.join(" ", f.details().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            out.append(t);
        }
        return out.toString();
    }

    @Descriptor("an analyzer's dead letters: deadletters <analyzer> [list|replay|discard] [ids, all when none]")
    public String deadletters(@Descriptor("the analyzer's name") String analyzer,
            @Descriptor("list (default), replay or discard, then dead letter ids") String... args) {
        return CommandAnswers.run(() -> {
            String action = args.length == 0 ? "list" : args[0];
            List<Long> ids = Arrays.stream(args).skip(1).map(CommandArguments::number).toList();
            return switch (action) {
                case "list" -> {
                    Table t = new Table("ID", "ATTEMPTS", "AT", "ERROR", "DATA");
                    for (DeadLetter d : catalog().deadLetters(analyzer, 1000)) {
                        t.row(d.id(), d.attempts(), d.at(), d.error(), d.item().text());
                    }
                    yield t.toString();
                }
                case "replay" -> "replayed " + catalog().replay(analyzer, ids) + "\n";
                case "discard" -> "discarded " + catalog().discard(analyzer, ids) + "\n";
                default -> throw new IllegalArgumentException("deadletters action: list, replay or discard, not " + action);
            };
        });
    }

    private AnalyzerCatalog catalog() {
        AnalyzerCatalog catalog = analyzers;
        if (catalog == null) {
            throw new IllegalStateException("the analyzer host is not running");
        }
        return catalog;
    }
}
