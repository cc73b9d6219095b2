// SPDX-License-Identifier: Apache-2.0
package org.d4.client.config;

/**
 * {@code host:port} and {@code [IPv6 address]:port} as written in a {@code destination} file; a
 * destination may name several servers, separated by commas or white space, tried in turn.
 */
public final class Endpoints {
    /** @param host a name, an IPv4 address or an IPv6 address without brackets */
    public record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** The most servers one destination names. */
    public static final int MAX_SERVERS = 16;

    private Endpoints() {
    }

    /** The servers of a destination, in the order written (at most {@value #MAX_SERVERS}). */
    public static java.util.List<Endpoint> parseAll(String text) {
        java.util.List<Endpoint> all = new java.util.ArrayList<>();
        for (String part : text.strip().split("[,\\s]+")) {
            if (!part.isEmpty()) {
                all.add(parse(part));
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no server named");
        }
        if (all.size() > MAX_SERVERS) {
            throw new IllegalArgumentException(all.size() + " servers named, at most " + MAX_SERVERS);
        }
        if (new java.util.HashSet<>(all).size() < all.size()) {
            throw new IllegalArgumentException("a server is named twice in '" + text.strip() + "'");
        }
        return all;
    }

    /** @throws IllegalArgumentException with a readable reason */
    public static Endpoint parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + text + "' is not [IPv6 address]:port");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + text + "' is not host:port (write IPv6 addresses as [address]:port)");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no valid port");
        }
        if (number < 1 || number > 65535 || host.isBlank()) {
            throw new IllegalArgumentException("'" + text + "' has no valid " + (host.isBlank() ? "host" : "port (1 to 65535)"));
        }
        return new Endpoint(host, number);
    }
}
