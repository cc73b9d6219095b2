// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.util.Optional;
import org.slf4j.Logger;

/**
 * The brokers' absence as one loop sees it: logged once when it starts and once when it ends, with a
 * pause before each new try, so a broker down for an hour does not fill the log.
 */
final class Outage {
    private final Logger log;
    private final String what;
    private final String meanwhile;
    private final long pauseMs;
    private volatile String reason;

    /**
     * @param what what fails, for the log ({@code forwarding to d4.3})
     * @param meanwhile what becomes of the units meanwhile, for the log
     */
    Outage(Logger log, String what, String meanwhile, long pauseMs) {
        this.log = log;
        this.what = what;
        this.meanwhile = meanwhile;
        this.pauseMs = pauseMs;
    }

    /** Notes a failure and pauses; false when interrupted during the pause (the loop is stopping). */
    boolean failed(Throwable e) {
        String now = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (reason == null) {
            log.warn("{} fails ({}); {}, trying again every {} ms", what, now, meanwhile, pauseMs);
        }
        reason = now;
        try {
            Thread.sleep(pauseMs);
            return true;
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Notes a wait that goes on (nothing to try again: the client keeps trying itself), logged as a failure is. */
    void waiting(String now) {
        if (reason == null) {
            log.warn("{} waits ({}); {}", what, now, meanwhile);
        }
        reason = now;
    }

    /** What fails now, if anything does. */
    Optional<String> problem() {
        return Optional.ofNullable(reason);
    }

    /** Notes a success: the end of an outage, if there was one. */
    void over() {
        if (reason != null) {
            log.info("{} works again", what);
            reason = null;
        }
    }
}
