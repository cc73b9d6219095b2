// SPDX-License-Identifier: Apache-2.0
package org.d4.client.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import org.d4.client.config.ConfigDirectory;
import org.d4.client.config.ConfigException;
import org.d4.client.config.Endpoints;
import org.d4.client.config.RunOptions;
import org.d4.client.config.SensorConfig;
import org.d4.client.net.Destination;
import org.d4.client.net.SocketDestination;
import org.d4.client.net.StdoutDestination;
import org.d4.client.net.TlsContexts;
import org.d4.client.source.Source;
import org.d4.client.source.Sources;
import org.d4.client.stream.ClientCounters;
import org.d4.client.stream.ClientLog;
import org.d4.client.stream.SensorClient;

/** {@code d4-client -c conf/ [flags]}: one sensor stream, as the reference clients run it. Logs go to stderr. */
final class ClientCommand {
    static final int ENDED = 0;
    static final int FAILED = 1;
    static final int BAD_CONFIG = 2;

    private ClientCommand() {
    }

    static int run(String[] args, PrintStream err) {
        RunOptions options;
        SensorConfig config;
        Source source;
        Destination destination;
        try {
            options = RunOptions.parse(args);
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
        return new SocketDestination(Endpoints.parse(config.destination()), tls, options.checkCertificate(), options.timeout(),
                options.keepAlive(), options.socksProxy());
    }
}
