// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.d4.protocol.D4Type;

/**
 * The data of one chart, written as JSON into the page for {@code d4.js} to draw with the charting
 * library the bundle ships (the appliance is often offline), and the same figures as a table for a
 * browser without scripts.
 */
final class ChartData {
    /** Days of history the charts of the dashboard and of a sensor show. */
    static final int HISTORY_DAYS = 30;

    private ChartData() {
    }

    /** One named series of values, one per label. */
    record Series(String name, long[] values) {}

    /**
     * A chart over UTC days ({@code line}, {@code stack} or {@code bar}): the JSON carries each day's
     * start in epoch seconds, so the chart has a real time axis.
     */
    static void embedDays(StringBuilder out, String id, String kind, String unit, List<LocalDate> days, List<Series> series) {
        long[] times = days.stream().mapToLong(d -> d.atStartOfDay(ZoneOffset.UTC).toEpochSecond()).toArray();
        write(out, id, kind, unit, days.stream().map(LocalDate::toString).toList(), times, series);
    }

    /** A chart of named categories ({@code hbar}: one bar per label). */
    static void embed(StringBuilder out, String id, String kind, String unit, List<String> labels, List<Series> series) {
        write(out, id, kind, unit, labels, null, series);
    }

    /** {@code <script type='application/json'>} with labels, times and series, the element the chart goes into, and the table. */
    private static void write(StringBuilder out, String id, String kind, String unit, List<String> labels, long[] times, List<Series> series) {
        out.append("<div class='d4-chart' data-d4-chart='").append(id).append("' data-kind='").append(kind).append("' id='").append(id)
                .append("'></div><script type='application/json' id='").append(id).append("-data'>{\"unit\":");
        string(out, unit);
        out.append(",\"labels\":[");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, labels.get(i));
        }
        out.append(']');
        if (times != null) {
            out.append(",\"times\":");
            numbers(out, times);
        }
        out.append(",\"series\":[");
        for (int s = 0; s < series.size(); s++) {
            if (s > 0) {
                out.append(',');
            }
            out.append("{\"name\":");
            string(out, series.get(s).name());
            out.append(",\"values\":");
            numbers(out, series.get(s).values());
            out.append('}');
        }
        out.append("]}</script>");
        table(out, id, unit, labels, series);
    }

    /** The figures for a browser that runs no script: one row per label, one column per series. */
    private static void table(StringBuilder out, String id, String unit, List<String> labels, List<Series> series) {
        out.append("<noscript><table class='d4-table d4-chart-table' id='").append(id).append("-table'><thead><tr><th></th>");
        for (Series s : series) {
            out.append("<th class='num'>").append(Fmt.esc(series.size() == 1 ? unit : s.name())).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (int i = 0; i < labels.size(); i++) {
            out.append("<tr><td>").append(Fmt.esc(labels.get(i))).append("</td>");
            for (Series s : series) {
                out.append("<td class='num'>").append(i < s.values().length ? Fmt.number(s.values()[i]) : "").append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</tbody></table></noscript>");
    }

    private static void numbers(StringBuilder out, long[] values) {
        out.append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(values[i]);
        }
        out.append(']');
    }

    /** A JSON string safe inside a script element (no {@code <}, so no {@code </script>}). */
    static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\'' -> out.append("\\u0027");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The D4 type's name for labels: {@code 8 passivedns CSV}. */
    static String typeName(int type) {
        return D4Type.of(type).map(t -> type + " " + t.label()).orElse("type " + type);
    }
}
