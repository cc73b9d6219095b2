// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.d4.api.ingest.IngestStatus;
import org.d4.api.registry.ClusterDay;
import org.d4.api.registry.ClusterStatistics;
import org.d4.api.registry.Sensor;
import org.d4.api.registry.SensorRegistry;
import org.d4.api.registry.SensorStatistics;
import org.d4.api.registry.SensorStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code d4-dashboard}: who is connected now, today's frames per sensor and type, the last 30 days as charts. */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + DashboardPage.LABEL, "felix.webconsole.title=Dashboard", "felix.webconsole.category=" + D4Page.CATEGORY })
public final class DashboardPage extends D4Page {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "d4-dashboard";
    static final int CHART_SENSORS = 8;
    static final int TABLE_ROWS = 100;

    private final transient SensorRegistry registry;
    private final transient SensorStatistics statistics;
    private final transient FinishedDays finished = new FinishedDays(java.time.Clock.systemUTC());
    // registered only while the sensor port listens
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile IngestStatus ingest;
    // only an appliance in a cluster has the cluster's statistics
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile ClusterStatistics cluster;

    @Activate
    public DashboardPage(@Reference SensorRegistry registry, @Reference SensorStatistics statistics, @Reference ConsoleAudit audit) {
        super(LABEL, "dashboard", audit);
        this.registry = registry;
        this.statistics = statistics;
    }

    @Override
    void render(HttpServletRequest request, ConsoleUser user, StringBuilder out) {
        IngestStatus port = ingest;
        Set<UUID> connected = port == null ? Set.of() : port.connectedSensors();
        List<Sensor> sensors = registry.sensors();
        Map<UUID, Sensor> byUuid = new HashMap<>();
        Map<SensorStatus, Integer> byStatus = new EnumMap<>(SensorStatus.class);
        for (Sensor s : sensors) {
            byUuid.put(s.uuid(), s);
            byStatus.merge(s.status(), 1, Integer::sum);
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        SortedMap<String, Long> framesToday = statistics.framesPerSensor(today);
        SortedMap<String, Long> bytesToday = statistics.bytesPerSensor(today);
        SortedMap<Integer, Long> typesToday = statistics.framesPerType(today);
        long frames = framesToday.values().stream().mapToLong(Long::longValue).sum();
        long bytes = bytesToday.values().stream().mapToLong(Long::longValue).sum();

        out.append("<div class='d4-tiles'>");
        tile(out, "d4-connected-count", Fmt.number(connected.size()), "sensors connected now",
                port == null ? "sensor port not listening" : Fmt.number(port.openConnections()) + " open connections");
        tile(out, "d4-approved-count", Fmt.number(byStatus.getOrDefault(SensorStatus.APPROVED, 0)), "approved sensors",
                Fmt.number(byStatus.getOrDefault(SensorStatus.PENDING, 0)) + " pending");
        tile(out, "d4-frames-today", Fmt.number(frames), "frames today (UTC)", Fmt.bytes(bytes));
        tile(out, "d4-types-today", Fmt.number(typesToday.size()), "types seen today", "");
        out.append("</div>");
        ClusterStatistics clusterStatistics = cluster;
        if (clusterStatistics != null) {
            ClusterSection.render(out, ClusterDay.of(today, clusterStatistics.nodes()));
        }

        section(out, "d4-connected", "Connected now");
        if (connected.isEmpty()) {
            out.append("<p class='d4-muted'>No sensor is connected.</p>");
        } else {
            List<UUID> shown = new ArrayList<>(new TreeSet<>(connected));
            shown.sort(Comparator.comparing((UUID u) -> -framesToday.getOrDefault(u.toString(), 0L)));
            out.append("<table class='d4-table' id='d4-connected-table'><thead><tr><th>Sensor</th><th>Description</th>"
                    + "<th>Types</th><th>Last address</th><th class='num'>Frames today</th><th class='num'>Bytes today</th></tr></thead><tbody>");
            for (UUID u : shown.subList(0, Math.min(TABLE_ROWS, shown.size()))) {
                Sensor s = byUuid.get(u);
                List<String> addresses = statistics.lastAddresses(u);
                out.append("<tr><td><a class='d4-uuid' href='d4-sensors?uuid=").append(u).append("'>").append(u).append("</a></td><td>")
                        .append(s == null ? "<span class='d4-muted'>unregistered</span>" : Fmt.esc(s.description())).append("</td><td>");
                statistics.seenTypes(u).keySet().forEach(t -> out.append(Fmt.badge("type", ChartData.typeName(t))).append(' '));
                out.append("</td><td>").append(addresses.isEmpty() ? "" : Fmt.esc(addresses.get(0))).append("</td><td class='num'>")
                        .append(Fmt.number(framesToday.getOrDefault(u.toString(), 0L))).append("</td><td class='num'>")
                        .append(Fmt.bytes(bytesToday.getOrDefault(u.toString(), 0L))).append("</td></tr>");
            }
            out.append("</tbody></table>");
            if (shown.size() > TABLE_ROWS) {
                out.append("<p class='d4-muted'>").append(TABLE_ROWS).append(" of ").append(Fmt.number(shown.size()))
                        .append(" shown, busiest first; all of them on the <a href='d4-sensors?state=connected'>Sensors</a> page.</p>");
            }
        }
        endSection(out);

        out.append("<div class='d4-grid'>");
        section(out, "d4-today-types", "Frames today per type");
        List<String> typeLabels = new ArrayList<>();
        long[] typeValues = new long[typesToday.size()];
        int i = 0;
        for (Map.Entry<Integer, Long> e : typesToday.entrySet()) {
            typeLabels.add(ChartData.typeName(e.getKey()));
            typeValues[i++] = e.getValue();
        }
        ChartData.embed(out, "d4-chart-today-types", "hbar", "frames", typeLabels, List.of(new ChartData.Series("frames", typeValues)));
        endSection(out);
        section(out, "d4-today-sensors", "Frames today per sensor (busiest)");
        List<Map.Entry<String, Long>> busiest = framesToday.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10).toList();
        long[] busyValues = busiest.stream().mapToLong(Map.Entry::getValue).toArray();
        ChartData.embed(out, "d4-chart-today-sensors", "hbar", "frames", busiest.stream().map(e -> shortName(e.getKey(), byUuid)).toList(),
                List.of(new ChartData.Series("frames", busyValues)));
        endSection(out);
        out.append("</div>");

        history(out, today, typesToday, framesToday, byUuid);
    }

    /** Today's counts come from the caller, read once per view: with thousands of sensors each read is a scan. */
    private void history(StringBuilder out, LocalDate today, SortedMap<Integer, Long> typesToday, SortedMap<String, Long> framesToday,
            Map<UUID, Sensor> byUuid) {
        List<LocalDate> days = new ArrayList<>(ChartData.HISTORY_DAYS);
        List<SortedMap<Integer, Long>> perType = new ArrayList<>(ChartData.HISTORY_DAYS);
        List<SortedMap<String, Long>> perSensor = new ArrayList<>(ChartData.HISTORY_DAYS);
        Map<Integer, Long> typeTotals = new TreeMap<>();
        Map<String, Long> sensorTotals = new HashMap<>();
        for (int d = ChartData.HISTORY_DAYS - 1; d >= 0; d--) {
            LocalDate day = today.minusDays(d);
            days.add(day);
            SortedMap<Integer, Long> types = d == 0 ? typesToday : finished.get(day, "types", () -> statistics.framesPerType(day));
            SortedMap<String, Long> sensors = d == 0 ? framesToday : finished.get(day, "sensors", () -> statistics.framesPerSensor(day));
            perType.add(types);
            perSensor.add(sensors);
            types.forEach((k, v) -> typeTotals.merge(k, v, Long::sum));
            sensors.forEach((k, v) -> sensorTotals.merge(k, v, Long::sum));
        }
        List<ChartData.Series> typeSeries = new ArrayList<>();
        for (Integer type : typeTotals.keySet()) {
            long[] values = new long[ChartData.HISTORY_DAYS];
            for (int d = 0; d < ChartData.HISTORY_DAYS; d++) {
                values[d] = perType.get(d).getOrDefault(type, 0L);
            }
            typeSeries.add(new ChartData.Series(ChartData.typeName(type), values));
        }
        List<String> top = sensorTotals.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(CHART_SENSORS).map(Map.Entry::getKey).toList();
        List<ChartData.Series> sensorSeries = new ArrayList<>();
        long[] others = new long[ChartData.HISTORY_DAYS];
        for (String uuid : top) {
            long[] values = new long[ChartData.HISTORY_DAYS];
            for (int d = 0; d < ChartData.HISTORY_DAYS; d++) {
                values[d] = perSensor.get(d).getOrDefault(uuid, 0L);
            }
            sensorSeries.add(new ChartData.Series(shortName(uuid, byUuid), values));
        }
        if (sensorTotals.size() > top.size()) {
            for (int d = 0; d < ChartData.HISTORY_DAYS; d++) {
                long sum = perSensor.get(d).values().stream().mapToLong(Long::longValue).sum();
                for (String uuid : top) {
                    sum -= perSensor.get(d).getOrDefault(uuid, 0L);
                }
                others[d] = sum;
            }
            sensorSeries.add(new ChartData.Series((sensorTotals.size() - top.size()) + " other sensors", others));
        }
        section(out, "d4-history-types", "Frames per type, last " + ChartData.HISTORY_DAYS + " days");
        ChartData.embedDays(out, "d4-chart-history-types", "line", "frames", days, typeSeries);
        endSection(out);
        section(out, "d4-history-sensors", "Frames per sensor, last " + ChartData.HISTORY_DAYS + " days");
        ChartData.embedDays(out, "d4-chart-history-sensors", "stack", "frames", days, sensorSeries);
        endSection(out);
    }

    /** The description if any, else the start of the UUID. */
    static String shortName(String uuid, Map<UUID, Sensor> byUuid) {
        Sensor s;
        try {
            s = byUuid.get(UUID.fromString(uuid));
        } catch (IllegalArgumentException e) {
            s = null;
        }
        String head = uuid.length() > 8 ? uuid.substring(0, 8) : uuid;
        return s != null && !s.description().isEmpty() ? s.description() + " (" + head + ")" : head;
    }

    private static void tile(StringBuilder out, String id, String value, String what, String sub) {
        out.append("<div class='d4-tile'><div class='d4-tile-value' id='").append(id).append("'>").append(value)
                .append("</div><div class='d4-tile-label'>").append(Fmt.esc(what)).append("</div><div class='d4-tile-sub'>")
                .append(Fmt.esc(sub)).append("</div></div>");
    }

    @Override
    String act(String action, Form form, ConsoleUser user, Change change) {
        throw new IllegalArgumentException("the dashboard has no actions");
    }
}
