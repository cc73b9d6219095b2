// SPDX-License-Identifier: Apache-2.0
package org.d4.common;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Open connections in total and per client address, against their limits: what is admitted is
 * counted until released; what would pass a limit is refused and not counted. The table holds
 * only addresses with open connections, so it is bounded by the total limit. Used by the sensor
 * port and the HTTPS endpoint.
 */
public final class ConnectionCounter {
    private final int total;
    private final int perAddress;
    private final Map<String, Integer> byAddress = new HashMap<>();
    private int open;

    public ConnectionCounter(int total, int perAddress) {
        this.total = total;
        this.perAddress = perAddress;
    }

    /** Counts a new connection from {@code address}, or says why it is refused. */
    public synchronized Optional<String> admit(String address) {
        int fromAddress = byAddress.getOrDefault(address, 0);
        if (fromAddress >= perAddress) {
            return Optional.of("more than " + perAddress + " connections from this address");
        }
        if (open >= total) {
            return Optional.of("more than " + total + " connections");
        }
        byAddress.put(address, fromAddress + 1);
        open++;
        return Optional.empty();
    }

    /** Forgets an admitted connection. */
    public synchronized void release(String address) {
        Integer fromAddress = byAddress.get(address);
        if (fromAddress == null) {
            return;
        }
        if (fromAddress <= 1) {
            byAddress.remove(address);
        } else {
            byAddress.put(address, fromAddress - 1);
        }
        open--;
    }

    public synchronized int open() {
        return open;
    }

    public synchronized int addresses() {
        return byAddress.size();
    }
}
