// SPDX-License-Identifier: Apache-2.0
package org.d4.common;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Named daemon threads for a component's housekeeping, so they never hold up a framework stop. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** A single-threaded scheduler whose thread carries {@code name} (shown in thread dumps and logs). */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
