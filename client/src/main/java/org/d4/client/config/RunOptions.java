// SPDX-License-Identifier: Apache-2.0
package org.d4.client.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the client runs, from the command line (parsed by {@code org.d4.client.cli.RunFlags}). The flags are
 * d4-goclient's (single or double dash, Go syntax: {@code -cc}, {@code -ce=false}, {@code -rt 10s}) plus a few of ours.
 *
 * @param configDir {@code -c}: the configuration directory
 * @param checkCertificate {@code -cc}: verify the server against {@code rootCA.crt} (chain and host name)
 * @param tls {@code -ce}: TLS on (default); {@code -ce=false} sends plain TCP
 * @param keepAlive {@code -cka}: TCP keep-alive idle time, 0 to disable (default 30s)
 * @param timeout {@code -ct}: connect and TLS handshake timeout (default 1m)
 * @param pollDelay {@code -rl}: wait before polling a source again after it had nothing (default 200ms)
 * @param retryDelay {@code -rt}: wait before reconnecting after a failure or a server close; 0 exits on
 *     the first failure (default 30s)
 * @param maxAttempts {@code --retries}: consecutive failed connection attempts before giving up, 0 never (default 0)
 * @param verbose {@code -v}: log every connection event on stderr
 * @param fixedTimestamp {@code --timestamp}: stamp every frame with this time (seconds) instead of the clock, or -1
 * @param json {@code -json}: the {@code folder} source sends JSON files (meta type {@code filewatcherjson})
 * @param daily {@code -daily}: the {@code folder} source follows the {@code YYYYMMDD} sub-folder of the day
 * @param socksProxy {@code -tor}: connect through this SOCKS5 proxy (127.0.0.1:9050, or {@code --tor-proxy}), or null
 */
public record RunOptions(Path configDir, boolean checkCertificate, boolean tls, Duration keepAlive, Duration timeout,
        Duration pollDelay, Duration retryDelay, int maxAttempts, boolean verbose, long fixedTimestamp, boolean json, boolean daily,
        InetSocketAddress socksProxy) {
    /** Tor's SOCKS port on the sensor itself. */
    public static final InetSocketAddress TOR_PROXY = InetSocketAddress.createUnresolved("127.0.0.1", 9050);

    public static RunOptions defaults(Path configDir) {
        return new RunOptions(configDir, false, true, Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMillis(200),
                Duration.ofSeconds(30), 0, false, -1, false, false, null);
    }
}
