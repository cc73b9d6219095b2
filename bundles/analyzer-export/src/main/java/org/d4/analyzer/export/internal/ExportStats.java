// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One export's counters since it was configured: what the console, REST and shell show. */
final class ExportStats {
    private long written;
    private long failures;
    private long reconnects;
    private long rejected;
    private String lastError;
    private Instant lastErrorAt;
    private Instant lastWrittenAt;

    synchronized void written(Instant at) {
        written++;
        lastWrittenAt = at;
    }

    synchronized void failed(String reason, Instant at) {
        failures++;
        lastError = reason;
        lastErrorAt = at;
    }

    synchronized void rejected(String reason, Instant at) {
        rejected++;
        failed(reason, at);
    }

    synchronized void reconnected() {
        reconnects++;
    }

    synchronized long written() {
        return written;
    }

    synchronized long failures() {
        return failures;
    }

    synchronized long reconnects() {
        return reconnects;
    }

    synchronized Map<String, Object> view(String target, boolean connected) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sink", target);
        v.put("connected", connected);
        v.put("written", written);
        v.put("failures", failures);
        v.put("reconnects", reconnects);
        v.put("rejected", rejected);
        if (lastWrittenAt != null) {
            v.put("last_written", lastWrittenAt.toString());
        }
        if (lastError != null) {
            v.put("last_error", lastError);
            v.put("last_error_at", lastErrorAt.toString());
        }
        return v;
    }
}
