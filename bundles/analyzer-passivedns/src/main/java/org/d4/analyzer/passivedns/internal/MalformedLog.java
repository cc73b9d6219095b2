// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import org.d4.common.Samples;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs malformed lines with a sample, at most once per {@code intervalSeconds}, so a sensor sending
 * garbage cannot flood the log; the store counts every one of them. Thread-safe.
 */
final class MalformedLog {
    private static final Logger LOG = LoggerFactory.getLogger(MalformedLog.class);

    private final long intervalSeconds;
    private final LongSupplier clock;
    private boolean loggedOnce;
    private long lastLogged;
    private long unlogged;
    private String latest = "";

    MalformedLog(long intervalSeconds, LongSupplier clock) {
        this.intervalSeconds = intervalSeconds;
        this.clock = clock;
    }

    synchronized void note(UUID sensor, String reason, String line) {
        latest = reason + ": " + Samples.cut(line);
        long now = clock.getAsLong();
        if (loggedOnce && now - lastLogged < intervalSeconds) {
            unlogged++;
            return;
        }
        if (unlogged > 0) {
            LOG.warn("Malformed passivedns line from sensor {} ({} more since the last one logged): {}: {}", sensor, unlogged, reason, Samples.cut(line));
        } else {
            LOG.warn("Malformed passivedns line from sensor {}: {}: {}", sensor, reason, Samples.cut(line));
        }
        loggedOnce = true;
        lastLogged = now;
        unlogged = 0;
    }

    /** The latest malformed line with its reason (empty when none so far). */
    synchronized String latest() {
        return latest;
    }
}
