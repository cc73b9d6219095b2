// SPDX-License-Identifier: Apache-2.0
package org.d4.client.net;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Several servers of one sensor network, any of which takes the sensor: a connection goes to the
 * server that took the last one, and when that server does not answer, to the next in the order
 * written, each tried once per {@link #open}. When none answers, the caller waits and tries again,
 * as it does with one server.
 */
public final class FailoverDestination implements Destination {
    private final List<Destination> servers;
    private int current;

    public FailoverDestination(List<Destination> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server");
        }
        this.servers = List.copyOf(servers);
    }

    /** One server is itself; several fail over. */
    public static Destination of(List<Destination> servers) {
        return servers.size() == 1 ? servers.get(0) : new FailoverDestination(servers);
    }

    @Override
    public synchronized Link open() throws IOException {
        List<String> reasons = new java.util.ArrayList<>();
        IOException last = null;
        for (int tried = 0; tried < servers.size(); tried++) {
            int index = (current + tried) % servers.size();
            try {
                Link link = servers.get(index).open();
                current = index;
                return link;
            } catch (IOException e) {
                last = e;
                reasons.add(servers.get(index).describe() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        throw new IOException("no server answered (" + String.join("; ", reasons) + ")", last);
    }

    /** The server in use (or tried next), and the others. */
    @Override
    public synchronized String describe() {
        Destination now = servers.get(current);
        return now.describe() + " (failing over to " + servers.stream().filter(s -> s != now).map(Destination::describe)
                .collect(Collectors.joining(", ")) + ")";
    }
}
