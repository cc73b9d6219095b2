// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

/** A request the API refuses with 400 and this reason. */
final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String reason) {
        super(reason);
    }
}
