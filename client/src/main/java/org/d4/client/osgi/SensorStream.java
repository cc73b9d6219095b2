// SPDX-License-Identifier: Apache-2.0
package org.d4.client.osgi;

import org.d4.client.stream.ClientCounters;

/** A running stream as the shell command and the console page see it. */
public interface SensorStream {
    /** The configuration's name (its PID). */
    String name();

    /** {@code uuid type source -> destination}. */
    String describe();

    ClientCounters counters();
}
