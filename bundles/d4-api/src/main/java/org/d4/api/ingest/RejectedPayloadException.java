// SPDX-License-Identifier: Apache-2.0
package org.d4.api.ingest;

import java.io.IOException;

/** The payload breaks the rules of its type (e.g. "incorrect file format"); the connection is closed. */
public final class RejectedPayloadException extends IOException {
    private static final long serialVersionUID = 1L;

    public RejectedPayloadException(String reason) {
        super(reason);
    }
}
