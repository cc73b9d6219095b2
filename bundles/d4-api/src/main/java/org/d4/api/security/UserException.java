// SPDX-License-Identifier: Apache-2.0
package org.d4.api.security;

/** A user-management request that cannot be done; {@link #problem()} maps to 400, 404 and 409. */
public final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Problem { INVALID, NOT_FOUND, CONFLICT }

    private final Problem problem;

    public UserException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
