// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import java.util.Objects;

/**
 * A protocol violation by the peer: the stream cannot be trusted any further and the connection
 * should be closed. The message is meant for the administrator and never contains payload bytes
 * beyond a short, sanitised excerpt.
 */
public final class FrameException extends Exception {

    /** What was wrong, for counters and for callers that react per kind of error. */
    public enum Reason {
        /** The input ended inside a header or a payload. */
        TRUNCATED,
        /** A header announced more payload bytes than the configured limit. */
        SIZE_TOO_LARGE,
        /** The protocol version is not one we speak (checked by callers, see {@link FrameChecks}). */
        BAD_VERSION,
        /** The sensor UUID is not an RFC 4122 version-4 UUID (checked by callers). */
        BAD_UUID,
        /** The payload type is reserved, unknown or not accepted (checked by callers). */
        BAD_TYPE,
        /** The HMAC does not match the frame (checked by callers with {@link FrameAuthenticator}). */
        BAD_HMAC,
        /** A type-2 meta header payload is not acceptable, see {@link MetaHeader#parse}. */
        BAD_META_HEADER
    }

    private final Reason reason;

    public FrameException(Reason reason, String message) {
        this(reason, message, null);
    }

    public FrameException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Never null. */
    public Reason reason() {
        return reason;
    }
}
