// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import com.fasterxml.jackson.core.JsonFactory;

/** Which complete lines a line session queues; the others are counted, logged once, and kept in the archive only. */
interface LineFilter {

    /** Every line. */
    LineFilter ANY = new LineFilter() {
        @Override
        public boolean accepts(byte[] line) {
            return true;
        }

        @Override
        public String expected() {
            return "lines";
        }

        @Override
        public String name() {
            return ArchivePosition.ANY_LINE;
        }
    };

    boolean accepts(byte[] line);

    /** True when the filter acts on the lines itself, so they are cut out even when no queue takes them. */
    default boolean seesEveryLine() {
        return false;
    }

    /** What a line should be, for the log: "JSON objects". */
    String expected();

    /** Its name in an archive position, by which the crash recovery finds it again ({@link #named}). */
    String name();

    /** The filter of a name recorded in an archive position. */
    static LineFilter named(String name) {
        return switch (name) {
            case ArchivePosition.ANY_LINE -> ANY;
            case ArchivePosition.JSON_OBJECT_LINE -> new JsonObjectLineFilter(new JsonFactory());
            default -> throw new IllegalArgumentException("unknown line filter " + name);
        };
    }
}
