// SPDX-License-Identifier: Apache-2.0
package org.d4.shell.internal;

import java.util.Optional;
import java.util.Set;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.d4.api.queue.QueueChange;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueService;
import org.d4.api.queue.QueueSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Commands in scope {@code d4} about the analyzer queues. Their dashed names ({@code queue-create},
 * ...) are these methods without the dash, given their dashed names by the shell profile.
 */
@Component(service = QueueCommands.class, property = {"osgi.command.scope=d4", "osgi.command.function=queues",
        "osgi.command.function=queuecreate", "osgi.command.function=queueedit", "osgi.command.function=queueempty",
        "osgi.command.function=queuedelete", "osgi.command.function=queuesample"})
public final class QueueCommands {
    private final QueueService queues;

    @Activate
    public QueueCommands(@Reference QueueService queues) {
        this.queues = queues;
    }

    @Descriptor("list the analyzer queues with their counters")
    public String queues() {
        return CommandAnswers.run(() -> {
            Table t = new Table("UUID", "TYPE", "SENSORS", "LENGTH", "MAX", "IN", "OUT", "DROPPED", "DEAD", "OWNER", "DESCRIPTION");
            for (QueueInfo q : queues.queues()) {
                t.row(q.uuid(), q.selector().key(), q.selector().sensors().isEmpty() ? "all" : q.selector().sensors().size(), q.length(),
                        q.maxSize(), q.in(), q.out(), q.dropped(), q.deadLetters(), q.owner().orElse("-"), q.description());
            }
            return t.toString();
        });
    }

    @Descriptor("create an analyzer queue (queue-create)")
    public String queuecreate(
            @Descriptor("its maximum length") @Parameter(names = {"-m", "--max-size"}, absentValue = "10000") int maxSize,
            @Descriptor("what it is for") @Parameter(names = {"-d", "--description"}, absentValue = "") String description,
            @Descriptor("only the data of these sensors, comma-separated UUIDs") @Parameter(names = {"-s", "--sensors"}, absentValue = "") String sensors,
            @Descriptor("the type (a number) or, for type 254, the extended type name") String type) {
        return CommandAnswers.run(() -> {
            QueueSelector selector = CommandArguments.selector(type).withSensors(CommandArguments.sensorSet(sensors));
            QueueInfo q = queues.create(new QueueSpec(selector, description, maxSize, Optional.empty()));
            return "created " + q.uuid() + " (" + q.listName() + ")\n";
        });
    }

    @Descriptor("change a queue's maximum length, description or sensor group (queue-edit)")
    public String queueedit(
            @Descriptor("new maximum length") @Parameter(names = {"-m", "--max-size"}, absentValue = "0") int maxSize,
            @Descriptor("new description") @Parameter(names = {"-d", "--description"}, absentValue = "\u0000") String description,
            @Descriptor("new sensor group, comma-separated UUIDs; 'all' for every sensor") @Parameter(names = {"-s", "--sensors"}, absentValue = "") String sensors,
            @Descriptor("the queue's UUID") String uuid) {
        return CommandAnswers.run(() -> {
            QueueChange change = new QueueChange(description.equals("\u0000") ? Optional.empty() : Optional.of(description),
                    maxSize == 0 ? Optional.empty() : Optional.of(maxSize),
                    sensors.isEmpty() ? Optional.empty() : Optional.of(sensors.equals("all") ? Set.of() : CommandArguments.sensorSet(sensors)));
            if (change.isEmpty()) {
                throw new IllegalArgumentException("nothing to change: give -m, -d and/or -s");
            }
            QueueInfo q = queues.update(CommandArguments.uuid(uuid), change);
            return "changed " + q.uuid() + ": max " + q.maxSize() + ", sensors "
                    + (q.selector().sensors().isEmpty() ? "all" : q.selector().sensors().size()) + ", '" + q.description() + "'\n";
        });
    }

    @Descriptor("drop every item of a queue (queue-empty)")
    public String queueempty(@Descriptor("the queue's UUID") String uuid) {
        return CommandAnswers.run(() -> "removed " + queues.empty(CommandArguments.uuid(uuid)) + " items\n");
    }

    @Descriptor("delete a queue with its items (queue-delete)")
    public String queuedelete(@Descriptor("the queue's UUID") String uuid) {
        return CommandAnswers.run(() -> {
            queues.delete(CommandArguments.uuid(uuid));
            return "deleted " + uuid + "\n";
        });
    }

    @Descriptor("show the oldest items of a queue, leaving them in place (queue-sample)")
    public String queuesample(@Descriptor("how many") @Parameter(names = {"-n", "--count"}, absentValue = "10") int count,
            @Descriptor("the queue's UUID") String uuid) {
        return CommandAnswers.run(() -> {
            if (count < 1 || count > 1000) {
                throw new IllegalArgumentException("-n must be 1 to 1000");
            }
            Table t = new Table("SEQUENCE", "SENSOR", "DATA");
            for (QueueItem i : queues.items(CommandArguments.uuid(uuid), 0, count)) {
                t.row(i.sequence(), i.sensor(), i.text());
            }
            return t.toString();
        });
    }
}
