// SPDX-License-Identifier: Apache-2.0
package org.d4.client.config;

/**
 * An analyzer queue of a D4 server that a forwarding client pops from: over the Redis protocol
 * ({@code redis_d4} {@code host:port[/db]}, {@code redis_queue} {@code analyzer:<type>:<uuid>}, as d4-goclient
 * has them), or over the REST API ({@code rest_url} {@code https://host:port}, the queue UUID, {@code rest_token}).
 *
 * @param server {@code host:port} (RESP) or the base URL (REST)
 * @param database the Redis database (2 for D4 analyzer queues)
 * @param name the list name ({@code analyzer:<type>:<uuid>}) or, for REST, the queue UUID
 * @param token the REST API token or RESP password, or null
 */
public record QueueAddress(String server, int database, String name, String token) {
    @Override
    public String toString() {
        return "QueueAddress[" + server + "/" + database + " " + name + (token == null ? "" : ", token set") + "]";
    }
}
