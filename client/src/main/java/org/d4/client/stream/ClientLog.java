// SPDX-License-Identifier: Apache-2.0
package org.d4.client.stream;

/** Where a client reports what happens: stderr for the command line, the log service in OSGi. */
public interface ClientLog {
    /** Connection events (shown with {@code -v}). */
    void info(String message);

    /** Failures and reconnects. */
    void warn(String message);
}
