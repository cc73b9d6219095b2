// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

/** A query or upload the server cannot answer: 400 with this reason. */
final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String reason) {
        super(reason, null, false, false);
    }
}
