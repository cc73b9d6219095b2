// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

/** A line or request part that cannot be read; the message says why, for the log and the counters. */
final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String reason) {
        super(reason, null, false, false);
    }
}
