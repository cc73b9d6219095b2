// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.d4.api.queue.QueueChange;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueService;
import org.d4.api.queue.QueueSpec;
import org.d4.api.registry.AccessPolicy;
import org.d4.api.registry.Sensor;
import org.d4.api.registry.SensorRegistry;
import org.d4.api.registry.SensorStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code d4-queues}: the analyzer queues with their counters; create, edit, empty, delete, sample, dead letters. */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + QueuesPage.LABEL, "felix.webconsole.title=Analyzer queues", "felix.webconsole.category=" + D4Page.CATEGORY })
public final class QueuesPage extends D4Page {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "d4-queues";
    static final int DEFAULT_MAX = 10_000;
    static final int SAMPLE = 10;

    private final transient QueueService queues;
    private final transient SensorRegistry registry;
    private final transient AccessPolicy policy;

    @Activate
    public QueuesPage(@Reference QueueService queues, @Reference SensorRegistry registry, @Reference AccessPolicy policy,
            @Reference ConsoleAudit audit) {
        super(LABEL, "queue", audit);
        this.queues = queues;
        this.registry = registry;
        this.policy = policy;
    }

    @Override
    void render(HttpServletRequest request, ConsoleUser user, StringBuilder out) {
        String id = request.getParameter("queue");
        if (id != null) {
            try {
                detail(Form.parseUuid("queue", id.strip()), user, out);
            } catch (IllegalArgumentException e) {
                out.append("<div class='d4-flash d4-flash-error'>").append(Fmt.esc(e.getMessage())).append("</div>");
            }
            return;
        }
        section(out, "d4-queue-list", "Queues");
        List<QueueInfo> all = queues.queues();
        if (all.isEmpty()) {
            out.append("<p class='d4-muted'>No queue yet.</p>");
        } else {
            out.append("<table class='d4-table' id='d4-queue-table'><thead><tr><th>Queue</th><th>Type</th><th>Sensors</th><th>Description</th>"
                    + "<th class='num'>Length</th><th class='num'>Max</th><th class='num'>In</th><th class='num'>Out</th><th class='num'>Dropped</th>"
                    + "<th class='num'>Dead letters</th><th>Last update</th><th></th></tr></thead><tbody>");
            for (QueueInfo q : all) {
                String qid = q.uuid().toString();
                int fill = (int) Math.min(100, q.length() * 100 / Math.max(1, q.maxSize()));
                out.append("<tr data-queue='").append(qid).append("'><td><a class='d4-uuid' href='").append(LABEL).append("?queue=").append(qid)
                        .append("'>").append(Fmt.esc(q.listName())).append("</a>").append(q.owner().map(o -> " " + Fmt.badge("type", o)).orElse(""))
                        .append("</td><td>").append(Fmt.esc(selector(q.selector()))).append("</td><td>")
                        .append(q.selector().sensors().isEmpty() ? "all" : q.selector().sensors().size() + " sensors").append("</td><td>")
                        .append(Fmt.esc(q.description())).append("</td><td class='num'>").append(Fmt.number(q.length()))
                        .append("<div class='d4-fill'><span style='width:").append(fill).append("%'></span></div></td><td class='num'>")
                        .append(Fmt.number(q.maxSize())).append("</td><td class='num'>").append(Fmt.number(q.in())).append("</td><td class='num'>")
                        .append(Fmt.number(q.out())).append("</td><td class='num'>").append(Fmt.number(q.dropped())).append("</td><td class='num'>")
                        .append(Fmt.number(q.deadLetters())).append("</td><td>").append(Fmt.time(q.lastUpdate())).append("</td><td class='d4-actions'>");
                if (user.isAdmin()) {
                    out.append(Fmt.button(LABEL, user, "empty", "Empty", "d4-small", "Drop every item of " + q.listName() + "?", "queue", qid, "back", "list"))
                            .append(Fmt.button(LABEL, user, "delete", "Delete", "d4-danger d4-small", "Delete queue " + q.listName() + " with its items?",
                                    "queue", qid, "back", "list"));
                }
                out.append("</td></tr>");
            }
            out.append("</tbody></table>");
        }
        endSection(out);
        if (user.isAdmin()) {
            createForm(user, out);
        }
    }

    static String selector(QueueSelector s) {
        return s.extendedType().map(e -> "254 " + e).orElse(ChartData.typeName(s.type()));
    }

    private void createForm(ConsoleUser user, StringBuilder out) {
        section(out, "d4-queue-create", "Create a queue");
        out.append(Fmt.formStart(LABEL, user, "create", "d4-form")).append("<label>Type <select name='type' id='d4-queue-type'>");
        for (Integer t : policy.acceptedTypes()) {
            if (t != 254 && t != 2) {
                out.append("<option value='").append(t).append("'>").append(Fmt.esc(ChartData.typeName(t))).append("</option>");
            }
        }
        for (String e : policy.acceptedExtendedTypes().stream().sorted().toList()) {
            out.append("<option value='254:").append(Fmt.esc(e)).append("'>254 ").append(Fmt.esc(e)).append("</option>");
        }
        out.append("</select></label><label>or another type <input name='type_other' placeholder='number, or an extended type name'></label>");
        sensorPicker(out, Set.of());
        out.append("<label>Description <input name='description' id='d4-queue-description' maxlength='1024'></label>")
                .append("<label>Max length <input type='number' name='max_size' min='1' max='").append(QueueSpec.MAX_SIZE_LIMIT)
                .append("' value='").append(DEFAULT_MAX).append("'></label><button class='d4-btn d4-primary' id='d4-queue-create-submit'>Create</button></form>");
        endSection(out);
    }

    private void sensorPicker(StringBuilder out, Set<UUID> selected) {
        out.append("<label>Sensor group (none selected: every sensor) <select name='sensors' multiple size='6' class='d4-multi'>");
        for (Sensor s : registry.sensors()) {
            if (s.status() == SensorStatus.DELETED) {
                continue;
            }
            out.append("<option value='").append(s.uuid()).append("'").append(selected.contains(s.uuid()) ? " selected" : "").append('>')
                    .append(s.uuid()).append(s.description().isEmpty() ? "" : " · " + Fmt.esc(s.description())).append("</option>");
        }
        out.append("</select></label>");
    }

    private void detail(UUID id, ConsoleUser user, StringBuilder out) {
        out.append("<p><a href='").append(LABEL).append("'>&larr; all queues</a></p>");
        Optional<QueueInfo> found = queues.queue(id);
        if (found.isEmpty()) {
            out.append("<div class='d4-flash d4-flash-error'>No queue ").append(id).append(".</div>");
            return;
        }
        QueueInfo q = found.get();
        out.append("<h1 class='d4-title'>Queue <span class='d4-uuid'>").append(Fmt.esc(q.listName())).append("</span></h1><div class='d4-grid'>");
        section(out, "d4-queue-info", "Counters");
        out.append("<table class='d4-kv'><tr><th>Type</th><td>").append(Fmt.esc(selector(q.selector()))).append("</td></tr><tr><th>Description</th><td>")
                .append(Fmt.esc(q.description())).append("</td></tr><tr><th>Owner</th><td>").append(Fmt.esc(q.owner().orElse("none")))
                .append("</td></tr><tr><th>Length / max</th><td>").append(Fmt.number(q.length())).append(" / ").append(Fmt.number(q.maxSize()))
                .append("</td></tr><tr><th>In / out / dropped</th><td>").append(Fmt.number(q.in())).append(" / ").append(Fmt.number(q.out()))
                .append(" / ").append(Fmt.number(q.dropped())).append("</td></tr><tr><th>Dead letters</th><td>").append(Fmt.number(q.deadLetters()))
                .append("</td></tr><tr><th>Last update</th><td>").append(Fmt.time(q.lastUpdate())).append("</td></tr></table>");
        endSection(out);
        if (user.isAdmin()) {
            section(out, "d4-queue-edit", "Edit");
            out.append(Fmt.formStart(LABEL, user, "edit", "d4-form")).append("<input type='hidden' name='queue' value='").append(id).append("'>")
                    .append("<label>Description <input name='description' maxlength='1024' value='").append(Fmt.esc(q.description())).append("'></label>")
                    .append("<label>Max length <input type='number' name='max_size' min='1' value='").append(q.maxSize()).append("'></label>");
            sensorPicker(out, q.selector().sensors());
            out.append("<button class='d4-btn d4-primary'>Save</button></form><div class='d4-buttons'>")
                    .append(Fmt.button(LABEL, user, "empty", "Empty", "", "Drop every item?", "queue", id.toString()))
                    .append(Fmt.button(LABEL, user, "delete", "Delete", "d4-danger", "Delete this queue with its items?", "queue", id.toString(), "back", "list"))
                    .append("</div>");
            endSection(out);
        }
        out.append("</div>");
        section(out, "d4-queue-sample", "Oldest " + SAMPLE + " items (left in the queue)");
        List<QueueItem> items = queues.items(id, 0, SAMPLE);
        if (items.isEmpty()) {
            out.append("<p class='d4-muted'>The queue is empty.</p>");
        } else {
            out.append("<table class='d4-table'><thead><tr><th>#</th><th>Sensor</th><th>Queued</th><th>Data</th></tr></thead><tbody>");
            for (QueueItem item : items) {
                itemRow(out, item);
            }
            out.append("</tbody></table>");
        }
        endSection(out);
        DeadLetterSection.render(out, user, queues.deadLetters(id, 100), LABEL, "queue", id.toString());
    }

    static void itemRow(StringBuilder out, QueueItem item) {
        out.append("<tr><td>").append(item.sequence()).append("</td><td class='d4-uuid'>").append(item.sensor()).append("</td><td>")
                .append(Fmt.time(Instant.ofEpochSecond(item.epochSecond()))).append("</td><td><code>").append(Fmt.esc(DeadLetterSection.preview(item)))
                .append("</code></td></tr>");
    }

    @Override
    String act(String action, Form form, ConsoleUser user, Change change) {
        if (action.equals("create")) {
            QueueSelector selector = selector(form);
            Set<UUID> group = sensors(form);
            int max = form.optionalInteger("max_size", 1, QueueSpec.MAX_SIZE_LIMIT).orElse(DEFAULT_MAX);
            QueueInfo q = queues.create(new QueueSpec(selector.withSensors(group), form.optional("description").orElse(""), max, Optional.empty()));
            change.target = q.uuid().toString();
            change.detail = q.listName();
            change.back = "?queue=" + q.uuid();
            return "Queue " + q.listName() + " created.";
        }
        UUID id = form.uuid("queue");
        change.target = id.toString();
        change.back = form.optional("back").filter("list"::equals).isPresent() ? null : "?queue=" + id;
        return switch (action) {
            case "edit" -> {
                QueueInfo q = queues.update(id, new QueueChange(Optional.of(form.optional("description").orElse("")),
                        form.optionalInteger("max_size", 1, QueueSpec.MAX_SIZE_LIMIT), Optional.of(sensors(form))));
                yield "Queue " + q.listName() + " saved.";
            }
            case "empty" -> "Queue emptied: " + Fmt.number(queues.empty(id)) + " items dropped.";
            case "delete" -> {
                queues.delete(id);
                change.back = null;
                yield "Queue " + id + " deleted.";
            }
            case "replay" -> Fmt.number(queues.replayDeadLetters(id, form.ids("ids"))) + " dead letters queued again.";
            case "discard" -> Fmt.number(queues.discardDeadLetters(id, form.ids("ids"))) + " dead letters discarded.";
            default -> throw new IllegalArgumentException("unknown action: " + action);
        };
    }

    private static QueueSelector selector(Form form) {
        String choice = form.optional("type_other").or(() -> form.optional("type"))
                .orElseThrow(() -> new IllegalArgumentException("missing field: type"));
        if (choice.startsWith("254:")) {
            return QueueSelector.extended(choice.substring(4));
        }
        if (choice.chars().allMatch(Character::isDigit)) {
            int type;
            try {
                type = Integer.parseInt(choice);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("type must be 1 to 254, not " + choice);
            }
            return QueueSelector.of(type);
        }
        return QueueSelector.extended(choice);
    }

    private static Set<UUID> sensors(Form form) {
        Set<UUID> group = new LinkedHashSet<>();
        for (String s : form.all("sensors")) {
            group.add(Form.parseUuid("sensors", s));
        }
        return group;
    }
}
