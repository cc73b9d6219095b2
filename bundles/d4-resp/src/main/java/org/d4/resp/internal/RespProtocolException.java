// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

/** Input that is not a well-formed, bounded RESP request; the connection cannot be resynchronised and is closed. */
final class RespProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    RespProtocolException(String message) {
        super(message);
    }
}
