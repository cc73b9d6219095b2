// SPDX-License-Identifier: Apache-2.0
package org.d4.client.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import org.d4.client.config.ConfigDirectory;
import org.d4.client.config.ConfigException;
import org.d4.client.config.Endpoints;
import org.d4.client.config.RunOptions;
import org.d4.client.config.SensorConfig;
import org.d4.client.net.Destination;
import org.d4.client.net.FailoverDestination;
import org.d4.client.net.SocketDestination;
import org.d4.client.net.StdoutDestination;
import org.d4.client.net.TlsContexts;
import org.d4.client.source.Source;
import org.d4.client.source.Sources;
import org.d4.client.stream.ClientCounters;
import org.d4.client.stream.ClientLog;
import org.d4.client.stream.SensorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code d4-client -c conf/ [flags]}: one sensor stream, as the reference clients run it. Logs go to stderr. */
@Command(name = "d4-client", sortOptions = false, usageHelpWidth = 100, synopsisHeading = "Usage: ",
        customSynopsis = {
            "java -jar d4-client.jar -c CONFIG_DIR [flags]",
            "       java -jar d4-client.jar bench --key KEY [options]      (load generator, see bench --help)",
            "       java -jar d4-client.jar tlsf [-r FILE ... | -i INTERFACE] [options] [BPF filter]"},
        description = {
            "Reads the configured source and sends it as D4 frames to the configured destination.",
            "Files in CONFIG_DIR (as the reference d4 and d4-goclient clients have them):",
            "  uuid key snaplen version type source destination  one value each; an empty uuid gets a new one",
            "  rootCA.crt        the CA the server is checked against with -cc",
            "  metaheader.json   the meta header (type 2) sent on every connection before type-254 data",
            "  source:      stdin | FILE | NAMED_PIPE | d4server (redis_d4 host:port/db, redis_queue type:uuid)",
            "               | rest (rest_url, rest_queue, rest_token) | pcap:INTERFACE (filter: BPF)",
            "               | pcapfile:FILE | tlsf:INTERFACE | tlsfile:FILE",
            "               | folder (folder: the folder whose new files are sent, type 254 filewatcher",
            "                 or, with -json, filewatcherjson)",
            "  destination: stdout | HOST:PORT | [IPV6]:PORT"},
        optionListHeading = "Flags (one dash or two; booleans also as -flag=false):%n",
        commandListHeading = "Commands:%n",
        footer = {"Durations: 200ms, 30s, 1m30s, 1h.",
            "Exit status: 0 end of input, 1 gave up or failed, 2 bad configuration or flags."})
final class ClientCommand implements Callable<Integer> {
    static final int ENDED = 0;
    static final int FAILED = 1;
    static final int BAD_CONFIG = 2;

    private final PrintStream err;
    @Spec
    private CommandSpec spec;
    @Mixin
    private RunFlags flags = new RunFlags();
    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "this text")
    private boolean help;

    ClientCommand(PrintStream err) {
        this.err = err;
    }

    /** @throws picocli.CommandLine.ParameterException naming the flag at fault */
    RunOptions runOptions() {
        return flags.toRunOptions(spec.commandLine());
    }

    @Override
    public Integer call() {
        RunOptions options = runOptions();
        SensorConfig config;
        Source source;
        Destination destination;
        try {
            config = ConfigDirectory.load(options.configDir());
            destination = destination(config, options);
            source = Sources.open(config, options.configDir(), options.pollDelay(), options.json(), options.daily());
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("d4-client: " + e.getMessage());
            return BAD_CONFIG;
        }
        ClientLog log = new ClientLog() {
            @Override
            public void info(String message) {
                if (options.verbose()) {
                    err.println("d4-client: " + message);
                }
            }

            @Override
            public void warn(String message) {
                err.println("d4-client: " + message);
            }
        };
        long fixed = options.fixedTimestamp();
        SensorClient client = new SensorClient(config, source, destination, options.retryDelay(), options.maxAttempts(),
                fixed >= 0 ? () -> fixed : () -> Instant.now().getEpochSecond(), log, new ClientCounters());
        log.info("sensor " + config.uuid() + ", type " + config.type() + ", snaplen " + config.snaplen() + ": "
                + source.describe() + " -> " + destination.describe());
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // bounded: a source that does not let go (a native read) must not keep the process alive
            Thread stopper = new Thread(client::stop, "d4-client stop");
            stopper.setDaemon(true);
            stopper.start();
            try {
                finished.await(5, java.util.concurrent.TimeUnit.SECONDS);   // the stream flushed and closed its connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "d4-client shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        SensorClient.Outcome outcome = client.run();
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running
        }
        return outcome == SensorClient.Outcome.ENDED ? ENDED : FAILED;
    }

    private static Destination destination(SensorConfig config, RunOptions options) throws ConfigException {
        if (config.destination().equals("stdout")) {
            return new StdoutDestination(new FileOutputStream(FileDescriptor.out));
        }
        SSLContext tls = null;
        if (options.tls()) {
            if (options.checkCertificate()) {
                if (config.rootCa() == null) {
                    throw new ConfigException(options.configDir().resolve("rootCA.crt") + " is missing: -cc checks the server against it");
                }
                try {
                    tls = TlsContexts.trusting(config.rootCa());
                } catch (IOException e) {
                    throw new ConfigException(e.getMessage(), e);
                }
            } else {
                tls = TlsContexts.trustingAnyServer();
            }
        }
        List<Destination> servers = new ArrayList<>();
        for (Endpoints.Endpoint server : Endpoints.parseAll(config.destination())) {
            servers.add(new SocketDestination(server, tls, options.checkCertificate(), options.timeout(), options.keepAlive(), options.socksProxy()));
        }
        return FailoverDestination.of(servers);
    }
}
