// SPDX-License-Identifier: Apache-2.0
package org.d4.api.queue;

/** A queue request that cannot be done; {@link #problem()} tells callers (REST, shell, RESP) how to answer. */
public final class QueueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong: a REST API maps these to 400, 404 and 409. */
    public enum Problem { INVALID, NOT_FOUND, CONFLICT }

    private final Problem problem;

    public QueueException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static QueueException notFound(java.util.UUID queue) {
        return new QueueException(Problem.NOT_FOUND, "no such queue: " + queue);
    }
}
