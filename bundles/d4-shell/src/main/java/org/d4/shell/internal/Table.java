// SPDX-License-Identifier: Apache-2.0
package org.d4.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Rows under a header, each column as wide as its widest cell; long cells are cut so a row stays readable. */
final class Table {
    private static final int MAX_CELL = 60;

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells under " + header.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(Table::cell).toList());
        return this;
    }

    /** A line printed in full after the rows; null adds nothing. */
    Table note(String line) {
        if (line != null) {
            notes.add(line);
        }
        return this;
    }

    int size() {
        return rows.size();
    }

    @Override
    public String toString() {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        for (List<String> r : rows) {
            line(out, r, width);
        }
        if (rows.isEmpty()) {
            out.append("(none)\n");
        }
        notes.forEach(n -> out.append(n).append('\n'));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                l.append("  ");
            }
            l.append(cells.get(i));
            if (i < cells.size() - 1) {
                l.append(" ".repeat(width[i] - cells.get(i).length()));
            }
        }
        out.append(l.toString().stripTrailing()).append('\n');
    }

    private static String cell(Object value) {
        String text = value == null ? "-" : value.toString();
        text = text.replaceAll("[\\p{Cntrl}]", " ");
        return text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 3) + "..." : text;
    }
}
