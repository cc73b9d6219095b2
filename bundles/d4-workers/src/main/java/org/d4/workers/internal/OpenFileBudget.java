// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Semaphore;

/**
 * How many archive files may be held open at once, shared by every session. Sockets and archive
 * files count against the same descriptor limit: when ten thousand sensors send their first frame
 * in the same second, a file beyond the budget is written and closed at once ({@link ArchiveFile})
 * instead of failing every open in the process with "Too many open files".
 */
final class OpenFileBudget {
    private static final int LEAST = 64;
    private final Semaphore permits;
    private final int limit;

    OpenFileBudget(int limit) {
        this.limit = Math.max(1, limit);
        this.permits = new Semaphore(this.limit);
    }

    /** A quarter of this process's descriptor limit: the rest stays for sockets, the stores and the bundles. */
    static OpenFileBudget fromDescriptorLimit() {
        long max = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 4096;
        return new OpenFileBudget((int) Math.max(LEAST, Math.min(Integer.MAX_VALUE, max / 4)));
    }

    boolean tryTake() {
        return permits.tryAcquire();
    }

    void giveBack() {
        permits.release();
    }

    int limit() {
        return limit;
    }

    int available() {
        return permits.availablePermits();
    }
}
