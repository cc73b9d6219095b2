// SPDX-License-Identifier: Apache-2.0
package org.d4.client.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the client runs, from the command line. The flags are d4-goclient's (single or double dash,
 * Go syntax: {@code -cc}, {@code -ce=false}, {@code -rt 10s}) plus three of ours.
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

    public static String usage() {
        return String.join("\n",
                "usage: java -jar d4-client.jar -c CONFIG_DIR [flags]",
                "       java -jar d4-client.jar bench --help",
                "Reads the configured source and sends it as D4 frames to the configured destination.",
                "Files in CONFIG_DIR (as the reference d4 and d4-goclient clients have them):",
                "  uuid  key  snaplen  version  type  source  destination   one value each; an empty uuid gets a new one",
                "  rootCA.crt        the CA the server is checked against with -cc",
                "  metaheader.json   the meta header (type 2) sent on every connection before type-254 data",
                "  source:      stdin | FILE | NAMED_PIPE | d4server (redis_d4 host:port/db, redis_queue type:uuid)",
                "               | rest (rest_url, rest_queue, rest_token) | pcap:INTERFACE (filter: BPF) | pcapfile:FILE | tlsf:INTERFACE | tlsfile:FILE",
                "               | folder (folder: the folder whose new files are sent, type 254 filewatcher or, with -json, filewatcherjson)",
                "  destination: stdout | HOST:PORT | [IPV6]:PORT",
                "Flags:",
                "  -c DIR        configuration directory",
                "  -cc           check the server's certificate against rootCA.crt (default: no verification, as sensors do)",
                "  -ce=BOOL      TLS (default true); -ce=false sends plain TCP",
                "  -cka DURATION TCP keep-alive time, 0 to disable (default 30s)",
                "  -ct DURATION  connect and handshake timeout (default 1m)",
                "  -rl DURATION  pause before polling a source again when it had nothing (default 200ms)",
                "  -rt DURATION  pause before reconnecting after a failure or a server close, 0 to exit on failure (default 30s)",
                "  -v            verbose: log connection events on stderr",
                "  -json         folder source: the files are JSON, sent compact (meta type filewatcherjson)",
                "  -daily        folder source: watch the YYYYMMDD sub-folder of the day, switching at midnight",
                "  -tor          connect through Tor's SOCKS5 proxy on 127.0.0.1:9050 (the proxy resolves the server's name)",
                "  --tor-proxy HOST:PORT  the SOCKS5 proxy of -tor (implies -tor)",
                "  --retries N   give up after N failed connection attempts in a row (default 0: never)",
                "  --timestamp S stamp every frame with S seconds since the epoch (reproducible output)",
                "  --help        this text",
                "Durations: 200ms, 30s, 1m30s, 1h. Exit status: 0 end of input, 1 gave up or failed, 2 bad configuration.");
    }

    /** @throws IllegalArgumentException naming the flag at fault */
    public static RunOptions parse(String[] args) {
        Path dir = null;
        boolean cc = false;
        boolean ce = true;
        Duration cka = Duration.ofSeconds(30);
        Duration ct = Duration.ofMinutes(1);
        Duration rl = Duration.ofMillis(200);
        Duration rt = Duration.ofSeconds(30);
        int retries = 0;
        boolean verbose = false;
        long timestamp = -1;
        boolean json = false;
        boolean daily = false;
        boolean tor = false;
        InetSocketAddress proxy = TOR_PROXY;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            if (!arg.startsWith("-")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.replaceFirst("^--?", "");
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            switch (name) {
                case "cc" -> cc = bool(arg, inline);
                case "ce" -> ce = bool(arg, inline);
                case "v" -> verbose = bool(arg, inline);
                case "json" -> json = bool(arg, inline);
                case "daily" -> daily = bool(arg, inline);
                case "tor" -> tor = bool(arg, inline);
                case "tor-proxy" -> {
                    proxy = proxy(value(arg, inline, rest));
                    tor = true;
                }
                case "c" -> dir = Path.of(value(arg, inline, rest));
                case "cka" -> cka = Durations.parse("-cka", value(arg, inline, rest));
                case "ct" -> ct = Durations.parse("-ct", value(arg, inline, rest));
                case "rl" -> rl = Durations.parse("-rl", value(arg, inline, rest));
                case "rt" -> rt = Durations.parse("-rt", value(arg, inline, rest));
                case "retries" -> retries = (int) number("--retries", value(arg, inline, rest), 0, Integer.MAX_VALUE);
                case "timestamp" -> timestamp = number("--timestamp", value(arg, inline, rest), 0, Long.MAX_VALUE);
                default -> throw new IllegalArgumentException("unknown flag " + arg + " (try --help)");
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("-c CONFIG_DIR is required (try --help)");
        }
        if (ct.isZero()) {
            throw new IllegalArgumentException("-ct must be more than 0");
        }
        return new RunOptions(dir, cc, ce, cka, ct, rl, rt, retries, verbose, timestamp, json, daily, tor ? proxy : null);
    }

    private static InetSocketAddress proxy(String text) {
        try {
            Endpoints.Endpoint e = Endpoints.parse(text);
            return InetSocketAddress.createUnresolved(e.host(), e.port());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--tor-proxy: " + e.getMessage());
        }
    }

    private static String value(String flag, String inline, List<String> rest) {
        if (inline != null) {
            return inline;
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return rest.remove(0);
    }

    private static boolean bool(String flag, String inline) {
        if (inline == null) {
            return true;
        }
        return switch (inline.toLowerCase(Locale.ROOT)) {
            case "1", "t", "true" -> true;
            case "0", "f", "false" -> false;
            default -> throw new IllegalArgumentException(flag + ": '" + inline + "' is not true or false");
        };
    }

    private static long number(String flag, String text, long min, long max) {
        try {
            long v = Long.parseLong(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + ": '" + text + "' is not a number from " + min);
    }
}
