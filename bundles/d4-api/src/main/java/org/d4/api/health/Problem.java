// SPDX-License-Identifier: Apache-2.0
package org.d4.api.health;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing an operator should look at.
 *
 * @param kind    what sort of problem
 * @param subject what it is about: a file name, a bundle symbolic name, a component name
 * @param message a readable explanation
 * @param since   when it was first seen
 */
public record Problem(Kind kind, String subject, String message, Instant since) {
    public Problem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(since, "since");
    }

    public enum Kind {
        /** A file in the deploy folder that could not be installed or started. */
        DEPLOYMENT,
        /** A configuration file that could not be read or applied. */
        CONFIGURATION,
        /** An installed bundle that is not active. */
        BUNDLE,
        /** A Declarative Services component that failed or is missing what it needs. */
        COMPONENT
    }
}
