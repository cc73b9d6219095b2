// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.tls;

/** A TLS record or handshake message that contradicts its own lengths or the protocol. */
public final class TlsFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public TlsFormatException(String message) {
        super(message, null, false, false);   // thrown on hostile input: no stack trace to fill
    }
}
