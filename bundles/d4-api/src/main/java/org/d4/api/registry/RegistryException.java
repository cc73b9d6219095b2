// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

/** A registry request that cannot be done; {@link #problem()} tells callers (REST, shell) how to answer. */
public final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, in terms a REST API maps to 400, 404 and 409. */
    public enum Problem { INVALID, NOT_FOUND, CONFLICT }

    private final Problem problem;

    public RegistryException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
