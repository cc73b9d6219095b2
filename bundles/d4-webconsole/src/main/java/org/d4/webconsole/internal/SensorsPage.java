// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import org.d4.api.ingest.IngestStatus;
import org.d4.api.registry.AccessPolicy;
import org.d4.api.registry.Sensor;
import org.d4.api.registry.SensorChange;
import org.d4.api.registry.SensorRegistry;
import org.d4.api.registry.SensorStatistics;
import org.d4.api.registry.SensorStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code d4-sensors}: every sensor with its status, and one sensor's page with its history and actions. */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + SensorsPage.LABEL, "felix.webconsole.title=Sensors", "felix.webconsole.category=" + D4Page.CATEGORY })
public final class SensorsPage extends D4Page {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "d4-sensors";
    static final int PAGE_SIZE = 100;

    private final transient SensorRegistry registry;
    private final transient SensorStatistics statistics;
    private final transient AccessPolicy policy;
    private final transient FinishedDays finished = new FinishedDays(java.time.Clock.systemUTC());
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile IngestStatus ingest;

    @Activate
    public SensorsPage(@Reference SensorRegistry registry, @Reference SensorStatistics statistics, @Reference AccessPolicy policy,
            @Reference ConsoleAudit audit) {
        super(LABEL, "sensor", audit);
        this.registry = registry;
        this.statistics = statistics;
        this.policy = policy;
    }

    private Set<UUID> connected() {
        IngestStatus port = ingest;
        return port == null ? Set.of() : port.connectedSensors();
    }

    @Override
    void render(HttpServletRequest request, ConsoleUser user, StringBuilder out) {
        String uuid = request.getParameter("uuid");
        if (uuid != null) {
            UUID id;
            try {
                id = Form.parseUuid("uuid", uuid.strip());
            } catch (IllegalArgumentException e) {
                out.append("<div class='d4-flash d4-flash-error'>").append(Fmt.esc(e.getMessage())).append("</div>");
                return;
            }
            detail(id, user, out);
        } else {
            list(request, user, out);
        }
    }

    private void list(HttpServletRequest request, ConsoleUser user, StringBuilder out) {
        String state = Optional.ofNullable(request.getParameter("state")).orElse("all");
        String q = Optional.ofNullable(request.getParameter("q")).map(s -> s.strip().toLowerCase(Locale.ROOT)).orElse("");
        int page = parsePage(request.getParameter("page"));
        Set<UUID> connected = connected();
        Instant now = Instant.now();
        List<Sensor> matching = new ArrayList<>();
        for (Sensor s : registry.sensors()) {
            if (matches(s, state, q, connected, now)) {
                matching.add(s);
            }
        }
        out.append("<form class='d4-filter' method='get' action='").append(LABEL).append("'><input name='q' placeholder='UUID or description' value='")
                .append(Fmt.esc(q)).append("'><select name='state'>");
        for (String s : List.of("all", "connected", "pending", "approved", "deleted", "errors", "silent")) {
            out.append("<option").append(s.equals(state) ? " selected" : "").append('>').append(s).append("</option>");
        }
        out.append("</select><button class='d4-btn'>Filter</button><span class='d4-muted'>").append(Fmt.number(matching.size()))
                .append(" sensors</span></form>");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        SortedMap<String, Long> framesToday = statistics.framesPerSensor(today);
        int from = Math.min(page * PAGE_SIZE, matching.size());
        int to = Math.min(from + PAGE_SIZE, matching.size());
        out.append("<table class='d4-table' id='d4-sensor-table'><thead><tr><th>Sensor</th><th>Status</th><th>Description</th><th>Types</th>"
                + "<th>First seen</th><th>Last seen</th><th>Last addresses</th><th class='num'>Frames today</th><th>Last error</th>"
                + "<th>Monitoring</th><th></th></tr></thead><tbody>");
        for (Sensor s : matching.subList(from, to)) {
            Optional<SensorStatistics.Seen> seen = statistics.seen(s.uuid());
            List<String> addresses = statistics.lastAddresses(s.uuid());
            out.append("<tr data-uuid='").append(s.uuid()).append("'><td><a class='d4-uuid' href='").append(LABEL).append("?uuid=")
                    .append(s.uuid()).append("'>").append(s.uuid()).append("</a></td><td>").append(status(s, connected)).append("</td><td>")
                    .append(Fmt.esc(s.description())).append("</td><td>");
            statistics.seenTypes(s.uuid()).keySet().forEach(t -> out.append(Fmt.badge("type", Integer.toString(t))).append(' '));
            out.append("</td><td>").append(Fmt.time(seen.map(SensorStatistics.Seen::first))).append("</td><td>")
                    .append(Fmt.time(seen.map(SensorStatistics.Seen::last))).append("</td><td>")
                    .append(Fmt.esc(String.join(", ", addresses.subList(0, Math.min(2, addresses.size()))))).append("</td><td class='num'>")
                    .append(Fmt.number(framesToday.getOrDefault(s.uuid().toString(), 0L))).append("</td><td>")
                    .append(s.lastError().map(e -> "<span class='d4-error' title='" + Fmt.esc(e.at()) + "'>" + Fmt.esc(e.reason()) + "</span>")
                            .orElse("")).append(registry.lastUnverifiedError(s.uuid()).map(e -> " <span class='d4-error d4-unverified' title='"
                                    + Fmt.esc(e.at()) + ", before the key was proven'>unverified: " + Fmt.esc(e.reason()) + "</span>").orElse(""))
                    .append("</td><td>").append(monitoring(s, seen, now)).append("</td><td class='d4-actions'>");
            if (user.isAdmin() && s.status() == SensorStatus.PENDING) {
                out.append(Fmt.button(LABEL, user, "approve", "Approve", "d4-primary d4-small", null, "uuid", s.uuid().toString(), "back", "list"))
                        .append(Fmt.button(LABEL, user, "delete", "Reject", "d4-danger d4-small", "Reject sensor " + s.uuid() + "?",
                                "uuid", s.uuid().toString(), "back", "list"));
            }
            out.append("</td></tr>");
        }
        out.append("</tbody></table>");
        pager(out, LABEL + "?state=" + Fmt.esc(state) + "&amp;q=" + Fmt.esc(java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8)),
                page, matching.size());
    }

    static int parsePage(String value) {
        try {
            return value == null ? 0 : Math.max(0, Math.min(1_000_000, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static void pager(StringBuilder out, String base, int page, int total) {
        int pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
        if (pages <= 1) {
            return;
        }
        out.append("<nav class='d4-pager'>");
        if (page > 0) {
            out.append("<a href='").append(base).append("&amp;page=").append(page - 1).append("'>&larr; previous</a>");
        }
        out.append("<span>page ").append(page + 1).append(" of ").append(pages).append("</span>");
        if (page + 1 < pages) {
            out.append("<a id='d4-next' href='").append(base).append("&amp;page=").append(page + 1).append("'>next &rarr;</a>");
        }
        out.append("</nav>");
    }

    private boolean matches(Sensor s, String state, String q, Set<UUID> connected, Instant now) {
        if (!q.isEmpty() && !s.uuid().toString().contains(q) && !s.description().toLowerCase(Locale.ROOT).contains(q)) {
            return false;
        }
        return switch (state) {
            case "connected" -> connected.contains(s.uuid());
            case "pending" -> s.status() == SensorStatus.PENDING;
            case "approved" -> s.status() == SensorStatus.APPROVED;
            case "deleted" -> s.status() == SensorStatus.DELETED;
            case "errors" -> s.lastError().isPresent();
            case "silent" -> isSilent(s, statistics.seen(s.uuid()), now);
            default -> true;
        };
    }

    static boolean isSilent(Sensor s, Optional<SensorStatistics.Seen> seen, Instant now) {
        return s.monitoringIntervalS() > 0 && s.status() == SensorStatus.APPROVED
                && seen.map(x -> x.last().plusSeconds(s.monitoringIntervalS()).isBefore(now)).orElse(true);
    }

    private static String status(Sensor s, Set<UUID> connected) {
        String kind = switch (s.status()) {
            case APPROVED -> "ok";
            case PENDING -> "warn";
            default -> "off";
        };
        String badge = Fmt.badge(kind, s.status().name().toLowerCase(Locale.ROOT));
        return connected.contains(s.uuid()) ? badge + " " + Fmt.badge("live", "connected") : badge;
    }

    private static String monitoring(Sensor s, Optional<SensorStatistics.Seen> seen, Instant now) {
        if (s.monitoringIntervalS() <= 0) {
            return "<span class='d4-muted'>off</span>";
        }
        String every = "every " + s.monitoringIntervalS() + " s";
        return isSilent(s, seen, now) ? Fmt.badge("warn", "silent") + " <span class='d4-muted'>" + every + "</span>"
                : Fmt.badge("ok", "ok") + " <span class='d4-muted'>" + every + "</span>";
    }

    private void detail(UUID uuid, ConsoleUser user, StringBuilder out) {
        Optional<Sensor> found = registry.sensor(uuid);
        out.append("<p><a href='").append(LABEL).append("'>&larr; all sensors</a></p>");
        if (found.isEmpty()) {
            out.append("<div class='d4-flash d4-flash-error'>No sensor ").append(uuid).append(".</div>");
            return;
        }
        Sensor s = found.get();
        Set<UUID> connected = connected();
        Optional<SensorStatistics.Seen> seen = statistics.seen(uuid);
        List<String> addresses = statistics.lastAddresses(uuid);
        Instant now = Instant.now();
        out.append("<h1 class='d4-title'>Sensor <span class='d4-uuid' id='d4-sensor-uuid'>").append(uuid).append("</span> ")
                .append(status(s, connected)).append("</h1><div class='d4-grid'>");
        section(out, "d4-sensor-info", "Status");
        out.append("<table class='d4-kv'>");
        kv(out, "Description", Fmt.esc(s.description()));
        kv(out, "Mail", Fmt.esc(s.mail()));
        kv(out, "Own HMAC key", s.hasKey() ? "yes" : "no (server default)");
        kv(out, "Registered", Fmt.time(s.registeredAt()));
        kv(out, "First seen", Fmt.time(seen.map(SensorStatistics.Seen::first)));
        kv(out, "Last seen", Fmt.time(seen.map(SensorStatistics.Seen::last)));
        kv(out, "Monitoring", monitoring(s, seen, now));
        kv(out, "Max buffered entries", s.maxBufferedEntries() == 0 ? "server default" : Fmt.number(s.maxBufferedEntries()));
        kv(out, "Last addresses", Fmt.esc(String.join(", ", addresses)));
        kv(out, "Last error", s.lastError().map(e -> "<span class='d4-error'>" + Fmt.esc(e.reason()) + "</span> from " + Fmt.esc(e.peer())
                + (e.type() >= 0 ? ", type " + e.type() : "") + ", " + Fmt.time(e.at())).orElse("none"));
        // anyone can cause these (a wrong key, a refused admission): kept in memory, never the sensor's last error
        kv(out, "Last unverified error", registry.lastUnverifiedError(uuid).map(e -> "<span class='d4-error'>" + Fmt.esc(e.reason())
                + "</span> from " + Fmt.esc(e.peer()) + (e.type() >= 0 ? ", type " + e.type() : "") + ", " + Fmt.time(e.at())
                + " (before the connection proved the key)").orElse("none"));
        registry.kickedUntil(uuid).ifPresent(until -> kv(out, "Kicked until", Fmt.esc(until)));
        kv(out, "Blacklisted", (policy.isBlacklisted(uuid) ? "UUID " : "") + (policy.isIpBlacklistedByUuid(uuid) ? "its addresses" : "")
                + (!policy.isBlacklisted(uuid) && !policy.isIpBlacklistedByUuid(uuid) ? "no" : ""));
        out.append("</table>");
        endSection(out);
        section(out, "d4-sensor-types", "Types");
        out.append("<table class='d4-table'><thead><tr><th>Type</th><th>First seen</th><th>Last seen</th></tr></thead><tbody>");
        statistics.seenTypes(uuid).forEach((type, when) -> out.append("<tr><td>").append(Fmt.esc(ChartData.typeName(type))).append("</td><td>")
                .append(Fmt.time(when.first())).append("</td><td>").append(Fmt.time(when.last())).append("</td></tr>"));
        out.append("</tbody></table>");
        endSection(out);
        out.append("</div>");
        history(uuid, out);
        if (user.isAdmin()) {
            actions(s, addresses, user, out);
        }
    }

    private void history(UUID uuid, StringBuilder out) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        int days = ChartData.HISTORY_DAYS;
        List<LocalDate> dates = new ArrayList<>();
        List<SortedMap<Integer, Long>> perDay = new ArrayList<>();
        java.util.SortedSet<Integer> types = new java.util.TreeSet<>();
        long[] payload = new long[days];
        for (int d = 0; d < days; d++) {
            LocalDate day = today.minusDays(days - 1 - d);
            dates.add(day);
            SortedMap<Integer, Long> counts = finished.get(day, "types|" + uuid, () -> statistics.framesPerType(day, uuid));
            perDay.add(counts);
            types.addAll(counts.keySet());
            SortedMap<String, Long> bytes = finished.get(day, "bytes", () -> statistics.bytesPerSensor(day));
            payload[d] = bytes.getOrDefault(uuid.toString(), 0L);
        }
        List<ChartData.Series> series = new ArrayList<>();
        for (Integer type : types) {
            long[] values = new long[days];
            for (int d = 0; d < days; d++) {
                values[d] = perDay.get(d).getOrDefault(type, 0L);
            }
            series.add(new ChartData.Series(ChartData.typeName(type), values));
        }
        section(out, "d4-sensor-history", "Last " + days + " days");
        out.append("<div class='d4-grid'><div><h3>Frames per type</h3>");
        ChartData.embedDays(out, "d4-chart-sensor-types", "stack", "frames", dates, series);
        out.append("</div><div><h3>Payload bytes</h3>");
        ChartData.embedDays(out, "d4-chart-sensor-bytes", "bar", "bytes", dates, List.of(new ChartData.Series("bytes", payload)));
        out.append("</div></div>");
        endSection(out);
    }

    private void actions(Sensor s, List<String> addresses, ConsoleUser user, StringBuilder out) {
        String id = s.uuid().toString();
        section(out, "d4-sensor-actions", "Settings and actions");
        out.append(Fmt.formStart(LABEL, user, "update", "d4-form")).append("<input type='hidden' name='uuid' value='").append(id).append("'>")
                .append("<label>HMAC key <input type='password' name='hmac_key' autocomplete='new-password' placeholder='unchanged'></label>")
                .append("<label>Description <input name='description' value='").append(Fmt.esc(s.description())).append("'></label>")
                .append("<label>Mail <input name='mail' value='").append(Fmt.esc(s.mail())).append("'></label>")
                .append("<label>Max buffered entries <input type='number' min='0' name='max_buffered_entries' value='")
                .append(s.maxBufferedEntries()).append("'></label>")
                .append("<label>Monitoring interval (s, 0 = off) <input type='number' min='0' name='monitoring_interval_s' value='")
                .append(s.monitoringIntervalS()).append("'></label><button class='d4-btn d4-primary' id='d4-sensor-save'>Save</button></form>");
        out.append("<div class='d4-buttons'>");
        if (s.status() == SensorStatus.PENDING) {
            out.append(Fmt.button(LABEL, user, "approve", "Approve", "d4-primary", null, "uuid", id));
        }
        out.append(Fmt.button(LABEL, user, "kick", "Kick", "", "Disconnect " + id + " and refuse it for a while?", "uuid", id));
        out.append(policy.isBlacklisted(s.uuid())
                ? Fmt.button(LABEL, user, "unblacklist", "Remove UUID from blacklist", "", null, "uuid", id)
                : Fmt.button(LABEL, user, "blacklist", "Blacklist UUID", "d4-danger", "Blacklist " + id + "?", "uuid", id));
        out.append(policy.isIpBlacklistedByUuid(s.uuid())
                ? Fmt.button(LABEL, user, "unblacklist-ip-of", "Stop blacklisting its addresses", "", null, "uuid", id)
                : Fmt.button(LABEL, user, "blacklist-ip-of", "Blacklist its addresses", "d4-danger",
                        "Blacklist every address " + id + " connects from?", "uuid", id));
        if (!addresses.isEmpty()) {
            out.append(Fmt.button(LABEL, user, "blacklist-ip", "Blacklist " + addresses.get(0), "d4-danger", "Blacklist " + addresses.get(0) + "?",
                    "uuid", id, "ip", addresses.get(0)));
        }
        if (s.status() != SensorStatus.DELETED) {
            out.append(Fmt.button(LABEL, user, "delete", s.status() == SensorStatus.PENDING ? "Reject" : "Delete", "d4-danger",
                    "Delete sensor " + id + "? Its history stays.", "uuid", id));
        }
        out.append("</div>");
        endSection(out);
    }

    private static void kv(StringBuilder out, String key, String valueHtml) {
        out.append("<tr><th>").append(Fmt.esc(key)).append("</th><td>").append(valueHtml).append("</td></tr>");
    }

    @Override
    String act(String action, Form form, ConsoleUser user, Change change) {
        UUID uuid = form.uuid("uuid");
        change.target = uuid.toString();
        change.back = form.optional("back").filter("list"::equals).isPresent() ? null : "?uuid=" + uuid;
        return switch (action) {
            case "approve" -> {
                registry.approve(uuid);
                yield "Sensor " + uuid + " approved.";
            }
            case "delete" -> {
                Sensor before = registry.sensor(uuid).orElse(null);
                registry.delete(uuid);
                yield "Sensor " + uuid + (before != null && before.status() == SensorStatus.PENDING ? " rejected." : " deleted.");
            }
            case "kick" -> {
                registry.sensor(uuid).orElseThrow(() -> new IllegalArgumentException("no sensor " + uuid));
                registry.kick(uuid);
                yield "Sensor " + uuid + " kicked" + registry.kickedUntil(uuid).map(u -> " until " + u).orElse("") + ".";
            }
            case "blacklist" -> policy.blacklist(uuid) ? "UUID " + uuid + " blacklisted." : "UUID " + uuid + " was already blacklisted.";
            case "unblacklist" -> policy.unblacklist(uuid) ? "UUID " + uuid + " removed from the blacklist." : "UUID " + uuid + " was not blacklisted.";
            case "blacklist-ip-of" -> policy.blacklistIpOf(uuid) ? "The addresses of " + uuid + " are blacklisted when it connects."
                    : "Already so.";
            case "unblacklist-ip-of" -> policy.unblacklistIpOf(uuid) ? "The addresses of " + uuid + " are no longer blacklisted." : "It was not so.";
            case "blacklist-ip" -> {
                InetAddress address = form.address("ip");
                change.detail = address.getHostAddress();
                yield policy.blacklist(address) ? address.getHostAddress() + " blacklisted." : address.getHostAddress() + " was already blacklisted.";
            }
            case "update" -> {
                SensorChange c = SensorChange.none();
                Optional<String> key = form.optional("hmac_key");
                if (key.isPresent()) {
                    c = c.withHmacKey(key.get());
                }
                c = c.withDescription(form.optional("description").orElse("")).withMail(form.optional("mail").orElse(""));
                Optional<Integer> max = form.optionalInteger("max_buffered_entries", 0, Integer.MAX_VALUE);
                if (max.isPresent()) {
                    c = c.withMaxBufferedEntries(max.get());
                }
                Optional<Integer> interval = form.optionalInteger("monitoring_interval_s", 0, Integer.MAX_VALUE);
                if (interval.isPresent()) {
                    c = c.withMonitoringIntervalS(interval.get());
                }
                registry.update(uuid, c);
                change.detail = key.isPresent() ? "settings and HMAC key" : "settings";
                yield "Sensor " + uuid + " saved.";
            }
            default -> throw new IllegalArgumentException("unknown action: " + action);
        };
    }
}
