// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

/** An answer other than success: the HTTP status and a readable reason for {"status":"error","reason":...}. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ApiError(int status, String reason) {
        super(reason);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiError badRequest(String reason) {
        return new ApiError(400, reason);
    }

    static ApiError notFound(String reason) {
        return new ApiError(404, reason);
    }
}
