// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

/** An input line (passivedns CSV or COF) that cannot become a record; the message says why. */
final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String reason) {
        super(reason, null, false, false);   // no stack trace: bad lines are counted, not debugged
    }
}
