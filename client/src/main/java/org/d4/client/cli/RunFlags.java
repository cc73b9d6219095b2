// SPDX-License-Identifier: Apache-2.0
package org.d4.client.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.d4.client.config.RunOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The flags of {@code d4-client -c conf/}: d4-goclient's, which Go's flag package reads with one dash or two
 * ({@code -cc} and {@code --cc} alike) and with an optional {@code =true}/{@code =false} on boolean flags; then ours.
 * A boolean flag falls back to true when given without a value (picocli would otherwise flip its default).
 */
final class RunFlags {
    @Option(names = {"-c", "--c"}, paramLabel = "DIR", description = "configuration directory (required)")
    Path configDir;

    @Option(names = {"-cc", "--cc"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true", converter = GoValues.GoBoolean.class,
            description = "check the server's certificate against rootCA.crt and its host name (default: no verification, as sensors do)")
    boolean checkCertificate;

    @Option(names = {"-ce", "--ce"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            converter = GoValues.GoBoolean.class, description = "TLS (default ${DEFAULT-VALUE}); -ce=false sends plain TCP")
    boolean tls;

    @Option(names = {"-cka", "--cka"}, paramLabel = "DURATION", defaultValue = "30s", converter = GoValues.GoDuration.class,
            description = "TCP keep-alive idle time, 0 to disable (default ${DEFAULT-VALUE})")
    Duration keepAlive;

    @Option(names = {"-ct", "--ct"}, paramLabel = "DURATION", defaultValue = "1m", converter = GoValues.GoDuration.class,
            description = "connect and TLS handshake timeout, more than 0 (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = {"-rl", "--rl"}, paramLabel = "DURATION", defaultValue = "200ms", converter = GoValues.GoDuration.class,
            description = "pause before polling a source again when it had nothing, or reopening a named pipe (default ${DEFAULT-VALUE})")
    Duration pollDelay;

    @Option(names = {"-rt", "--rt"}, paramLabel = "DURATION", defaultValue = "30s", converter = GoValues.GoDuration.class,
            description = "pause before reconnecting after a failure or a server close, 0 to exit at the first failure (default ${DEFAULT-VALUE})")
    Duration retryDelay;

    @Option(names = {"-v", "--v"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true", converter = GoValues.GoBoolean.class,
            description = "verbose: log connection events on stderr")
    boolean verbose;

    @Option(names = {"-json", "--json"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true", converter = GoValues.GoBoolean.class,
            description = "folder source: the files are JSON documents, each sent as one compact line (meta type filewatcherjson)")
    boolean json;

    @Option(names = {"-daily", "--daily"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true", converter = GoValues.GoBoolean.class,
            description = "folder source: watch the YYYYMMDD sub-folder of the local date, switching at midnight")
    boolean daily;

    @Option(names = {"-tor", "--tor"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true", converter = GoValues.GoBoolean.class,
            description = "connect through Tor's SOCKS5 proxy on 127.0.0.1:9050 (the proxy resolves the server's name)")
    boolean tor;

    @Option(names = {"--tor-proxy", "-tor-proxy"}, paramLabel = "HOST:PORT", converter = GoValues.ProxyAddress.class,
            description = "another SOCKS5 proxy for -tor (implies -tor)")
    InetSocketAddress torProxy;

    @Option(names = {"--retries", "-retries"}, paramLabel = "N", defaultValue = "0",
            description = "give up after N failed connection attempts in a row (default ${DEFAULT-VALUE}: never)")
    int retries;

    @Option(names = {"--timestamp", "-timestamp"}, paramLabel = "S",
            description = "stamp every frame with S seconds since the epoch instead of the clock (reproducible output)")
    Long timestamp;

    /** @throws ParameterException naming the flag at fault */
    RunOptions toRunOptions(CommandLine command) {
        if (configDir == null) {
            throw new ParameterException(command, "-c CONFIG_DIR is required");
        }
        if (timeout.isZero()) {
            throw new ParameterException(command, "-ct must be more than 0");
        }
        if (retries < 0) {
            throw new ParameterException(command, "--retries: '" + retries + "' is not a number from 0");
        }
        if (timestamp != null && timestamp < 0) {
            throw new ParameterException(command, "--timestamp: '" + timestamp + "' is not a number from 0");
        }
        InetSocketAddress proxy = torProxy != null ? torProxy : tor ? RunOptions.TOR_PROXY : null;
        return new RunOptions(configDir, checkCertificate, tls, keepAlive, timeout, pollDelay, retryDelay, retries, verbose,
                timestamp == null ? -1 : timestamp, json, daily, proxy);
    }
}
