// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Dictionary;
import java.util.List;
import java.util.UUID;
import org.d4.api.ingest.IngestStatus;
import org.d4.api.registry.AccessPolicy;
import org.d4.api.registry.Sensor;
import org.d4.api.registry.SensorRegistry;
import org.d4.api.registry.SensorStatus;
import org.d4.api.registry.ServerMode;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code d4-server}: the server mode and default key, accepted types, pending and registered
 * sensors, blacklists, and the connection limits of the sensor port (its {@code d4.server}
 * configuration, edited on the console's Configuration page).
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + ServerPage.LABEL, "felix.webconsole.title=Server", "felix.webconsole.category=" + D4Page.CATEGORY })
public final class ServerPage extends D4Page {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "d4-server";
    static final String SERVER_PID = "d4.server";
    static final List<String> LIMITS = List.of("max.connections", "max.connections.per.ip", "max.frame.size", "idle.timeout.s",
            "handshake.timeout.s", "max.pending.bytes", "max.meta.header.bytes", "timestamp.window.s", "max.unverified.bytes", "unverified.wait.s");
    private static final int LISTED = 200;

    private final transient SensorRegistry registry;
    private final transient AccessPolicy policy;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile ConfigurationAdmin configAdmin;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile IngestStatus ingest;

    @Activate
    public ServerPage(@Reference SensorRegistry registry, @Reference AccessPolicy policy, @Reference ConsoleAudit audit) {
        super(LABEL, "server", audit);
        this.registry = registry;
        this.policy = policy;
    }

    @Override
    void render(HttpServletRequest request, ConsoleUser user, StringBuilder out) {
        boolean admin = user.isAdmin();
        List<Sensor> sensors = registry.sensors();
        out.append("<div class='d4-grid'>");
        section(out, "d4-mode", "Server mode");
        ServerMode mode = policy.mode();
        out.append("<p>Mode: <b id='d4-mode-value'>").append(mode.id()).append("</b>")
                .append(mode == ServerMode.SHARED_SECRET ? " (any v4 UUID, with the default key unless it has its own)"
                        : " (only registered, approved sensors)").append(". Default key ")
                .append(policy.defaultKey().isPresent() ? "set" : "not set").append(".</p>");
        if (admin) {
            out.append(Fmt.formStart(LABEL, user, "mode", "d4-form")).append("<label>Mode <select name='mode'>");
            for (ServerMode m : ServerMode.values()) {
                out.append("<option").append(m == mode ? " selected" : "").append('>').append(m.id()).append("</option>");
            }
            out.append("</select></label><label>Default key <input type='password' name='default_key' autocomplete='new-password' "
                    + "placeholder='unchanged'></label><button class='d4-btn d4-primary'>Apply</button></form>");
        }
        endSection(out);
        section(out, "d4-limits", "Connection limits");
        limits(out);
        endSection(out);
        out.append("</div><div class='d4-grid'>");
        section(out, "d4-types", "Accepted types");
        out.append("<ul class='d4-chips' id='d4-types-list'>");
        for (Integer t : policy.acceptedTypes()) {
            out.append("<li>").append(Fmt.esc(ChartData.typeName(t)));
            if (admin) {
                out.append(Fmt.button(LABEL, user, "type-remove", "×", "d4-chip-x", "Refuse type " + t + "?", "type", t.toString()));
            }
            out.append("</li>");
        }
        out.append("</ul>");
        if (admin) {
            out.append(Fmt.formStart(LABEL, user, "type-add", "d4-form d4-row"))
                    .append("<input type='number' name='type' min='1' max='255' placeholder='type' required><button class='d4-btn'>Add</button></form>");
        }
        out.append("<h3>Extended types (type 254)</h3><ul class='d4-chips' id='d4-extended-list'>");
        for (String e : policy.acceptedExtendedTypes().stream().sorted().toList()) {
            out.append("<li>").append(Fmt.esc(e));
            if (admin) {
                out.append(Fmt.button(LABEL, user, "extended-remove", "×", "d4-chip-x", "Refuse extended type " + e + "?", "name", e));
            }
            out.append("</li>");
        }
        out.append("</ul>");
        if (admin) {
            out.append(Fmt.formStart(LABEL, user, "extended-add", "d4-form d4-row"))
                    .append("<input name='name' placeholder='e.g. ja3-jl' required><button class='d4-btn'>Add</button></form>");
        }
        endSection(out);
        blacklists(out, user);
        out.append("</div>");
        sensorLists(out, user, sensors);
    }

    private void limits(StringBuilder out) {
        Dictionary<String, Object> props = null;
        ConfigurationAdmin cm = configAdmin;
        if (cm != null) {
            try {
                Configuration[] found = cm.listConfigurations("(service.pid=" + SERVER_PID + ")");
                props = found == null || found.length == 0 ? null : found[0].getProperties();
            } catch (IOException | InvalidSyntaxException e) {
                props = null;
            }
        }
        out.append("<table class='d4-kv' id='d4-limits-table'>");
        for (String key : LIMITS) {
            Object value = props == null ? null : props.get(key);
            out.append("<tr><th>").append(key).append("</th><td>")
                    .append(value == null ? "<span class='d4-muted'>default</span>" : Fmt.esc(value)).append("</td></tr>");
        }
        out.append("</table>");
        IngestStatus port = ingest;
        if (port != null) {
            IngestStatus.UnverifiedMemory u = port.unverifiedBytes();
            out.append("<p id='d4-unverified'>Held before verification now: ").append(Fmt.bytes(u.held())).append(" of ")
                    .append(Fmt.bytes(u.limit())).append(" (peak ").append(Fmt.bytes(u.peak())).append("); ")
                    .append(Fmt.number(u.waiting())).append(" connections waiting for room; ").append(Fmt.number(u.closedForMemory()))
                    .append(" connections that proved no key closed to make room.</p>");
        }
        out.append("<p><a href='configMgr/").append(SERVER_PID).append("'>Edit the sensor port configuration</a></p>");
    }

    private void blacklists(StringBuilder out, ConsoleUser user) {
        section(out, "d4-blacklists", "Blacklists");
        chips(out, user, "UUIDs", "d4-blacklist-uuids", policy.blacklistedUuids().stream().map(UUID::toString).toList(), "unblacklist-uuid", "uuid");
        addForm(out, user, "blacklist-uuid", "uuid", "UUID");
        chips(out, user, "Addresses", "d4-blacklist-ips", List.copyOf(policy.blacklistedIps()), "unblacklist-ip", "ip");
        addForm(out, user, "blacklist-ip", "ip", "IP address");
        chips(out, user, "UUIDs whose addresses are blacklisted", "d4-blacklist-ip-of",
                policy.ipBlacklistingUuids().stream().map(UUID::toString).toList(), "unblacklist-ip-of", "uuid");
        endSection(out);
    }

    /** A list of values, each with a remove button for administrators. */
    private static void chips(StringBuilder out, ConsoleUser user, String title, String id, List<String> values, String removeAction, String field) {
        out.append("<h3>").append(Fmt.esc(title)).append("</h3><ul class='d4-chips' id='").append(id).append("'>");
        for (String v : values) {
            out.append("<li>").append(Fmt.esc(v));
            if (user.isAdmin()) {
                out.append(Fmt.button(LABEL, user, removeAction, "×", "d4-chip-x", null, field, v));
            }
            out.append("</li>");
        }
        out.append("</ul>");
    }

    private static void addForm(StringBuilder out, ConsoleUser user, String action, String field, String placeholder) {
        if (user.isAdmin()) {
            out.append(Fmt.formStart(LABEL, user, action, "d4-form d4-row")).append("<input name='").append(field).append("' placeholder='")
                    .append(placeholder).append("' required><button class='d4-btn d4-danger'>Blacklist</button></form>");
        }
    }

    private void sensorLists(StringBuilder out, ConsoleUser user, List<Sensor> sensors) {
        List<Sensor> pending = sensors.stream().filter(s -> s.status() == SensorStatus.PENDING).toList();
        List<Sensor> registered = sensors.stream().filter(s -> s.status() == SensorStatus.APPROVED).toList();
        section(out, "d4-pending", "Pending sensors (" + pending.size() + ")");
        sensorTable(out, user, pending, true);
        endSection(out);
        section(out, "d4-registered", "Registered sensors (" + registered.size() + ")");
        sensorTable(out, user, registered, false);
        endSection(out);
    }

    private void sensorTable(StringBuilder out, ConsoleUser user, List<Sensor> list, boolean pending) {
        if (list.isEmpty()) {
            out.append("<p class='d4-muted'>None.</p>");
            return;
        }
        out.append("<table class='d4-table' id='").append(pending ? "d4-pending-table" : "d4-registered-table")
                .append("'><thead><tr><th>Sensor</th><th>Description</th><th>Mail</th><th>Registered</th><th></th></tr></thead><tbody>");
        for (Sensor s : list.subList(0, Math.min(LISTED, list.size()))) {
            String id = s.uuid().toString();
            out.append("<tr data-uuid='").append(id).append("'><td><a class='d4-uuid' href='d4-sensors?uuid=").append(id).append("'>").append(id)
                    .append("</a></td><td>").append(Fmt.esc(s.description())).append("</td><td>").append(Fmt.esc(s.mail())).append("</td><td>")
                    .append(Fmt.time(s.registeredAt())).append("</td><td class='d4-actions'>");
            if (pending && user.isAdmin()) {
                out.append(Fmt.button(LABEL, user, "approve", "Approve", "d4-primary d4-small", null, "uuid", id))
                        .append(Fmt.button(LABEL, user, "reject", "Reject", "d4-danger d4-small", "Reject sensor " + id + "?", "uuid", id));
            }
            out.append("</td></tr>");
        }
        out.append("</tbody></table>");
        if (list.size() > LISTED) {
            out.append("<p class='d4-muted'>").append(LISTED).append(" of ").append(Fmt.number(list.size())).append(" shown; all on the <a href='d4-sensors?state=")
                    .append(pending ? "pending" : "approved").append("'>Sensors</a> page.</p>");
        }
    }

    @Override
    String act(String action, Form form, ConsoleUser user, Change change) {
        return switch (action) {
            case "mode" -> {
                ServerMode mode = ServerMode.fromId(form.text("mode"));
                change.target = mode.id();
                policy.setMode(mode, form.optional("default_key").orElse(null));
                yield "Server mode is now " + mode.id() + ".";
            }
            case "type-add", "type-remove" -> {
                int type = form.integer("type", 1, 255);
                change.target = Integer.toString(type);
                boolean add = action.equals("type-add");
                boolean changed = add ? policy.acceptType(type) : policy.refuseType(type);
                yield "Type " + type + (changed ? add ? " accepted." : " refused." : add ? " was already accepted." : " was not accepted.");
            }
            case "extended-add", "extended-remove" -> {
                String name = form.text("name");
                change.target = name;
                boolean add = action.equals("extended-add");
                boolean changed = add ? policy.acceptExtendedType(name) : policy.refuseExtendedType(name);
                yield "Extended type " + name + (changed ? add ? " accepted." : " refused." : add ? " was already accepted." : " was not accepted.");
            }
            case "approve", "reject" -> {
                UUID uuid = form.uuid("uuid");
                change.target = uuid.toString();
                if (action.equals("approve")) {
                    registry.approve(uuid);
                    yield "Sensor " + uuid + " approved.";
                }
                registry.delete(uuid);
                yield "Sensor " + uuid + " rejected.";
            }
            case "blacklist-uuid", "unblacklist-uuid" -> {
                UUID uuid = form.uuid("uuid");
                change.target = uuid.toString();
                boolean add = action.equals("blacklist-uuid");
                boolean changed = add ? policy.blacklist(uuid) : policy.unblacklist(uuid);
                yield "UUID " + uuid + (changed ? add ? " blacklisted." : " removed from the blacklist." : " unchanged.");
            }
            case "blacklist-ip", "unblacklist-ip" -> {
                InetAddress address = form.address("ip");
                change.target = address.getHostAddress();
                boolean add = action.equals("blacklist-ip");
                boolean changed = add ? policy.blacklist(address) : policy.unblacklist(address);
                yield address.getHostAddress() + (changed ? add ? " blacklisted." : " removed from the blacklist." : " unchanged.");
            }
            case "unblacklist-ip-of" -> {
                UUID uuid = form.uuid("uuid");
                change.target = uuid.toString();
                yield policy.unblacklistIpOf(uuid) ? "The addresses of " + uuid + " are no longer blacklisted." : "Unchanged.";
            }
            default -> throw new IllegalArgumentException("unknown action: " + action);
        };
    }
}
