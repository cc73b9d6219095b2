// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import java.util.List;
import java.util.Optional;

/**
 * The payload types of PROTOCOL.md. Which of them a server accepts is configuration, not part of
 * this table.
 */
public enum D4Type {
    RESERVED(0, "reserved", false),
    PCAP(1, "pcap", false),
    META_HEADER(2, "meta header", false),
    GENERIC_LOG(3, "generic log lines", true),
    DNSCAP(4, "dnscap", true),
    PCAPNG(5, "pcapng", false),
    NDJSON(6, "NDJSON", true),
    YAF(7, "YAF flow records", false),
    PASSIVEDNS(8, "passivedns CSV", true),
    /** Described by the preceding type-2 {@link MetaHeader}; whether it is line-based depends on that type. */
    EXTENDED(254, "extended", false);

    private static final List<D4Type> ALL = List.of(values());   // values() would copy its array on each call

    private final int number;
    private final String label;
    private final boolean lineBased;

    D4Type(int number, String label, boolean lineBased) {
        this.number = number;
        this.label = label;
        this.lineBased = lineBased;
    }

    /** The type for a header's type field; empty for numbers not in the table (including outside 0-255). */
    public static Optional<D4Type> of(int number) {
        for (D4Type t : ALL) {
            if (t.number == number) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The value of the header's type field. */
    public int number() {
        return number;
    }

    /** A short human-readable name, e.g. "passivedns CSV". */
    public String label() {
        return label;
    }

    /** True if the payload is a stream of newline-terminated lines (analyzer queue items are lines). */
    public boolean lineBased() {
        return lineBased;
    }

    /** A description of any type number for messages, e.g. "3 (generic log lines)" or "9 (unknown)". */
    public static String describe(int number) {
        return number + " (" + of(number).map(D4Type::label).orElse("unknown") + ")";
    }
}
