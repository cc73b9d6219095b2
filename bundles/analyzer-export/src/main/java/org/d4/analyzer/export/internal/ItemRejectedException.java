// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

/** An item the sink can never carry (a datagram too large): retried, then set aside as a dead letter, never dropped. */
final class ItemRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    ItemRejectedException(String message) {
        super(message);
    }
}
