// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.util.Set;

/**
 * Which records a query keeps: types (empty for all) and time fences, each bound exclusive:
 * {@code time_first_after=T} keeps records first seen after T. As in other passive DNS servers,
 * {@code time_first_after} with {@code time_last_before} keeps what was seen only within a window,
 * {@code time_first_before} with {@code time_last_after} what was seen at some time within it.
 */
record Filters(Set<Integer> types, long firstAfter, long firstBefore, long lastAfter, long lastBefore) {
    static final Filters NONE = new Filters(Set.of(), Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);

    Filters {
        types = Set.copyOf(types);
    }

    boolean acceptsType(int type) {
        return types.isEmpty() || types.contains(type);
    }

    boolean acceptsTimes(RecordValue v) {
        return v.timeFirst() > firstAfter && v.timeFirst() < firstBefore && v.timeLast() > lastAfter && v.timeLast() < lastBefore;
    }
}
