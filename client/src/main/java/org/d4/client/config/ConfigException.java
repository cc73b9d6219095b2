// SPDX-License-Identifier: Apache-2.0
package org.d4.client.config;

/** A configuration the client cannot run with; the message names the file or flag at fault. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
