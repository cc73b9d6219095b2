// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.d4.client.config.ConfigException;
import org.d4.client.config.SensorConfig;
import org.d4.client.tlsf.FingerprintSource;

/** The source a configuration names. */
public final class Sources {
    private Sources() {
    }

    private static Source capture(SensorConfig config, Path configDir) throws ConfigException {
        String source = config.source();
        if (config.type() != 1) {
            throw new ConfigException(configDir.resolve("type") + ": a capture source ('" + source + "') sends pcap, type 1, not type " + config.type());
        }
        try {
            return source.startsWith("pcap:")
                    ? CaptureSource.live(source.substring("pcap:".length()), config.captureFilter())
                    : CaptureSource.file(configDir.resolve(source.substring("pcapfile:".length())), config.captureFilter());
        } catch (IOException e) {
            throw new ConfigException(configDir.resolve("source") + ": " + e.getMessage(), e);
        }
    }

    /** {@code tlsf:<interface>} and {@code tlsfile:<file>}: TLS handshakes as JSON lines, type 254 ({@code ja3-jl}). */
    private static Source fingerprints(SensorConfig config, Path configDir) throws ConfigException {
        String source = config.source();
        if (config.type() != 254) {
            throw new ConfigException(configDir.resolve("type") + ": a fingerprinting source ('" + source
                    + "') sends JSON lines, type 254 with the meta header {\"type\":\"ja3-jl\"}, not type " + config.type());
        }
        try {
            if (source.startsWith("tlsf:")) {
                return FingerprintSource.live(source.substring("tlsf:".length()), config.captureFilter());
            }
            Path file = configDir.resolve(source.substring("tlsfile:".length()));
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(configDir.resolve("source") + ": cannot read capture file " + file);
            }
            return FingerprintSource.file(file);
        } catch (IOException e) {
            throw new ConfigException(configDir.resolve("source") + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param pollDelay pause before asking an empty queue again, or reopening a named pipe
     * @throws ConfigException naming the {@code source} file's value when it cannot be opened
     */
    public static Source open(SensorConfig config, Path configDir, Duration pollDelay) throws ConfigException {
        String source = config.source();
        switch (source) {
            case "stdin" -> {
                return new StreamSource(new FileInputStream(FileDescriptor.in), "stdin");
            }
            case "d4server" -> {
                return new QueueSource(new RespQueue(config.queue()), config.type(), pollDelay, "RESP queue " + config.queue().name());
            }
            case "rest" -> {
                return new QueueSource(new RestQueue(config.queue(), configDir.resolve("rest_ca.crt")), config.type(), pollDelay,
                        "REST queue " + config.queue().name());
            }
            default -> {
                if (source.startsWith("pcap:") || source.startsWith("pcapfile:")) {
                    return capture(config, configDir);
                }
                if (source.startsWith("tlsf:") || source.startsWith("tlsfile:")) {
                    return fingerprints(config, configDir);
                }
                // a path; relative ones are relative to the configuration directory, as the reference clients run there
                Path path = configDir.resolve(source);
                if (NamedPipeSource.isNamedPipe(path)) {
                    return new NamedPipeSource(path, pollDelay);
                }
                if (!Files.isRegularFile(path)) {
                    throw new ConfigException(configDir.resolve("source") + ": '" + source
                            + "' is neither stdin, d4server, rest nor a readable file or named pipe");
                }
                try {
                    return new StreamSource(Files.newInputStream(path), "file " + path);
                } catch (IOException e) {
                    throw new ConfigException(configDir.resolve("source") + ": cannot read " + path + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
