// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

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
    };

    boolean accepts(byte[] line);

    /** What a line should be, for the log: "JSON objects". */
    String expected();
}
