// SPDX-License-Identifier: Apache-2.0
package org.d4.client.stream;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** What a client has done so far; read from any thread. */
public final class ClientCounters {
    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong connections = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile String state = "starting";

    /** Frames sent, including meta headers and the zero-size frame at the end. */
    public long frames() {
        return frames.get();
    }

    /** Payload bytes sent. */
    public long bytes() {
        return bytes.get();
    }

    /** Connections opened. */
    public long connections() {
        return connections.get();
    }

    /** Connections lost and opened again. */
    public long reconnects() {
        return reconnects.get();
    }

    /** The last failure, or null. */
    public String lastError() {
        return lastError;
    }

    public Instant lastErrorAt() {
        return lastErrorAt;
    }

    /** {@code starting}, {@code connecting}, {@code streaming}, {@code waiting to reconnect}, {@code ended}, {@code gave up}, {@code stopped}. */
    public String state() {
        return state;
    }

    void error(String message) {
        lastError = message;
        lastErrorAt = Instant.now();
    }

    void state(String s) {
        state = s;
    }
}
