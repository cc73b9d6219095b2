// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

/** A request refused with an HTTP status and a reason for its client; no stack trace (it is an answer, not a fault). */
public final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public HttpError(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
