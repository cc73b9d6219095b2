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

    /** {@code folder}: the folder named by the file {@code folder}, as d4-goclient has it; what was sent is kept in {@code folder.sent}. */
    private static Source folder(SensorConfig config, Path configDir, Duration pollDelay, boolean json, boolean daily) throws ConfigException {
        String wanted = json ? "filewatcherjson" : "filewatcher";
        String declared = config.type() == 254 ? extendedType(config) : null;
        if (!wanted.equals(declared)) {
            throw new ConfigException((config.type() == 254 ? configDir.resolve("metaheader.json") : configDir.resolve("type"))
                    + ": the folder source" + (json ? " with -json" : "") + " sends type 254 with the meta header {\"type\":\"" + wanted
                    + "\"}" + (declared == null ? ", not type " + config.type() : ", not \"" + declared + "\""));
        }
        Path named = configDir.resolve("folder");
        String text;
        try {
            text = Files.readString(named).strip();
        } catch (IOException e) {
            throw new ConfigException(named + " is missing: the folder source needs the folder to watch");
        }
        Path folder = configDir.resolve(text);
        try {
            return FolderSource.open(folder, json, daily, configDir.resolve("folder.sent"), pollDelay, java.time.Clock.systemDefaultZone());
        } catch (IOException e) {
            throw new ConfigException(named + ": " + e.getMessage(), e);
        }
    }

    private static String extendedType(SensorConfig config) {
        try {
            return org.d4.protocol.MetaHeader.parse(config.metaHeader(), org.d4.protocol.MetaHeader.DEFAULT_MAX_BYTES).type();
        } catch (org.d4.protocol.FrameException e) {
            return null;    // checked when the configuration was read
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

    /** As {@link #open(SensorConfig, Path, Duration, boolean, boolean)}, without the {@code folder} flags. */
    public static Source open(SensorConfig config, Path configDir, Duration pollDelay) throws ConfigException {
        return open(config, configDir, pollDelay, false, false);
    }

    /**
     * @param pollDelay pause before asking an empty queue again, or reopening a named pipe
     * @param json      {@code -json}: a {@code folder} source sends JSON files ({@code filewatcherjson})
     * @param daily     {@code -daily}: a {@code folder} source follows the {@code YYYYMMDD} sub-folder of the day
     * @throws ConfigException naming the {@code source} file's value when it cannot be opened
     */
    public static Source open(SensorConfig config, Path configDir, Duration pollDelay, boolean json, boolean daily) throws ConfigException {
        String source = config.source();
        switch (source) {
            case "folder" -> {
                return folder(config, configDir, pollDelay, json, daily);
            }
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
