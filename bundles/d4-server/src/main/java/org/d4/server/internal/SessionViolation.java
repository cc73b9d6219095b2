// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import java.util.Objects;

/**
 * A rule of the sensor server broken by a connection: the connection is closed and the message,
 * written for the administrator, is recorded against the sensor it claimed to be.
 */
final class SessionViolation extends Exception {
    private static final long serialVersionUID = 1L;

    /** Which rule; one per distinct thing that can go wrong, so counters and tests can tell them apart. */
    enum Rule {
        /** Blacklisted address or UUID, UUID not version 4, type not accepted, kicked, unregistered, pending. */
        ADMISSION,
        /** A protocol version other than 1. */
        VERSION,
        /** The UUID changed within the connection. */
        UUID_CHANGE,
        /** A type that may not follow: 254 without a meta header, or 254 no longer accepted. */
        TYPE,
        /** The type changed within the connection (only 2 to 254 may). */
        TYPE_CHANGE,
        /** A missing, oversized, malformed or not accepted type-2 meta header. */
        META_HEADER,
        /** A frame announcing more than the maximum frame size. */
        SIZE,
        /** A timestamp further from the server clock than the configured window. */
        TIMESTAMP,
        /** A verified frame older than the one before it on the same connection (monotonic timestamps). */
        REPLAY,
        /** The HMAC does not match the frame: wrong key, or the frame was changed. */
        HMAC,
        /** The sensor already has a live connection of this type. */
        DUPLICATE
    }

    private final Rule rule;

    SessionViolation(Rule rule, String message) {
        super(message, null, false, false);       // routine on an open port: no stack trace
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    Rule rule() {
        return rule;
    }
}
