// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import org.slf4j.LoggerFactory;

/**
 * A component's loop on a daemon thread of its own (it never holds up a framework stop): made in
 * the component's constructor, started by its activate method (never in the constructor: the loop
 * may call back into the component), asked to end and awaited at deactivation.
 */
final class LoopThread {
    private static final long JOIN_MS = 15_000;

    private final Thread thread;
    private final Runnable ending;
    private final boolean interrupt;

    /**
     * @param ending    asks the loop to end (sets its flag, wakes its consumer up)
     * @param interrupt whether the thread is also interrupted: a loop waiting for the brokers' acknowledgement
     */
    LoopThread(String name, Runnable loop, Runnable ending, boolean interrupt) {
        this.thread = new Thread(loop, name);
        this.ending = ending;
        this.interrupt = interrupt;
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Asks the loop to end and waits for it (15 s at most); nothing to wait for if it never started. */
    void stop() {
        ending.run();
        if (interrupt) {
            thread.interrupt();
        }
        try {
            thread.join(JOIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LoggerFactory.getLogger(LoopThread.class).warn("{} did not end within {} s; it ends on its own", thread.getName(), JOIN_MS / 1000);
        }
    }
}
