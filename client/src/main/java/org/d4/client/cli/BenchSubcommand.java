// SPDX-License-Identifier: Apache-2.0
package org.d4.client.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.d4.client.bench.BenchOptions;
import org.d4.client.bench.LoadGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code d4-client bench}: the load generator's options, checked, then {@link LoadGenerator}. */
@Command(name = "bench", sortOptions = false, usageHelpWidth = 100,
        customSynopsis = "java -jar d4-client.jar bench --key KEY [options]",
        description = {
            "Streams D4 frames over TLS from N concurrent sensors (distinct v4 UUIDs) and reports throughput.",
            "The server must accept the UUIDs: shared-secret mode with KEY as default key, or --uuids with",
            "registered sensors."},
        footer = "Exit status: 0 done, 1 a connection failed, 2 bad options.")
final class BenchSubcommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    @Spec
    private CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "server (default ${DEFAULT-VALUE}; IPv6 as ::1)")
    private String host;
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "4443", description = "sensor port (default ${DEFAULT-VALUE})")
    private int port;
    @Option(names = "--key", paramLabel = "KEY", required = true, description = "HMAC key (the text of the key file)")
    private String key;
    @Option(names = "--sensors", paramLabel = "N", defaultValue = "1", description = "concurrent sensors, 1 to 100000 (default ${DEFAULT-VALUE})")
    private int sensors;
    @Option(names = "--frame-size", paramLabel = "BYTES", defaultValue = "65536", description = "payload bytes per frame (default ${DEFAULT-VALUE})")
    private int frameSize;
    @Option(names = "--type", paramLabel = "T", defaultValue = "3", description = "frame type, 0 to 255 (default ${DEFAULT-VALUE})")
    private int type;
    @Option(names = "--seconds", paramLabel = "T", defaultValue = "10", description = "stop after T seconds, 1 to 86400 (default ${DEFAULT-VALUE})")
    private int seconds;
    @Option(names = "--bytes", paramLabel = "B", description = "stop after B payload bytes in total (default: no limit)")
    private Long bytes;
    @Option(names = "--rate", paramLabel = "R", defaultValue = "0", showDefaultValue = Visibility.NEVER,
            description = "frames per second per sensor, a decimal number (default: as fast as possible)")
    private double rate;
    @Option(names = "--latency", description = "report percentiles of the time to hand each frame to the connection")
    private boolean latency;
    @Option(names = "--probe", description = "each frame carries one line 'probe <epoch microseconds>' instead of random bytes, "
            + "for measuring the time from sensor to analyzer (use with --type 8 or 3 and --rate)")
    private boolean probe;
    @Option(names = "--ca", paramLabel = "FILE", description = "verify the server against this PEM certificate (default: no verification, as sensors do)")
    private Path ca;
    @Option(names = "--uuids", paramLabel = "FILE", description = "one registered sensor UUID per line, used in order instead of random ones")
    private Path uuids;
    @Option(names = "--patience", paramLabel = "S", defaultValue = "10", description = "a refused or failed connect is tried again after up to 2 s, for S seconds "
            + "(default ${DEFAULT-VALUE}), as sensors do when thousands start at once")
    private int patience;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    private boolean help;

    BenchSubcommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        return LoadGenerator.run(options(), out, err);
    }

    /** @throws ParameterException naming the option at fault */
    BenchOptions options() {
        range("--port", port, 1, 65535);
        range("--sensors", sensors, 1, 100_000);
        range("--frame-size", frameSize, 0, 100_000_000);
        range("--type", type, 0, 255);
        range("--seconds", seconds, 1, 86_400);
        range("--patience", patience, 0, 86_400);
        if (key.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--key must not be empty");
        }
        if (bytes != null && bytes <= 0) {
            throw new ParameterException(spec.commandLine(), "--bytes must be positive");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new ParameterException(spec.commandLine(), "--rate must be a positive number or 0");
        }
        return new BenchOptions(host, port, key, sensors, frameSize, type, seconds, bytes == null ? Long.MAX_VALUE : bytes, rate, latency,
                probe, ca, uuids, patience);
    }

    private void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), name + " must be between " + min + " and " + max);
        }
    }
}
