// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import java.util.List;
import org.d4.protocol.D4Type;

/**
 * The data of one chart, written as JSON into the page for {@code d4.js} to draw (the charts are
 * drawn in the browser from the bundle's own script: the appliance is often offline).
 */
final class ChartData {
    /** Days of history the charts of the dashboard and of a sensor show. */
    static final int HISTORY_DAYS = 30;

    private ChartData() {
    }

    /** One named series of values, one per label. */
    record Series(String name, long[] values) {}

    /** {@code <script type='application/json'>} with labels and series, and the element the chart goes into. */
    static void embed(StringBuilder out, String id, String kind, String unit, List<String> labels, List<Series> series) {
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
        out.append("],\"series\":[");
        for (int s = 0; s < series.size(); s++) {
            if (s > 0) {
                out.append(',');
            }
            out.append("{\"name\":");
            string(out, series.get(s).name());
            out.append(",\"values\":[");
            long[] values = series.get(s).values();
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(values[i]);
            }
            out.append("]}");
        }
        out.append("]}</script>");
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
