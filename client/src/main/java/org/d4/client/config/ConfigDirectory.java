// SPDX-License-Identifier: Apache-2.0
package org.d4.client.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.d4.protocol.D4Type;
import org.d4.protocol.FrameException;
import org.d4.protocol.FrameHeader;
import org.d4.protocol.MetaHeader;

/**
 * Reads a configuration directory laid out as the reference C client and d4-goclient have it: one
 * value per file ({@code uuid key snaplen version type source destination}, optional
 * {@code rootCA.crt metaheader.json redis_d4 redis_queue}), plus {@code rest_url rest_queue rest_token}
 * for forwarding over the REST API and {@code filter} for a capture's BPF filter. An empty {@code uuid}
 * file gets a new version-4 UUID written into it. Every error names the file at fault.
 */
public final class ConfigDirectory {
    private static final int MAX_FILE_BYTES = 1 << 20;

    /** Where the values come from: files of a directory, or the properties of an OSGi configuration. */
    public interface Values {
        /** The raw value, or null when absent. @throws ConfigException when it exists but cannot be read */
        byte[] get(String name) throws ConfigException;

        /** How an error names the value: the file's path, or the property. */
        String describe(String name);

        /** Stores a generated UUID; false when it cannot be kept. */
        boolean storeUuid(UUID uuid) throws ConfigException;
    }

    private final Values values;

    private ConfigDirectory(Values values) {
        this.values = values;
    }

    public static SensorConfig load(Path dir) throws ConfigException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("configuration directory " + dir + " does not exist or is not a directory");
        }
        return new ConfigDirectory(new FileValues(dir)).read();
    }

    /** The same rules over other values (an OSGi configuration). */
    public static SensorConfig load(Values values) throws ConfigException {
        return new ConfigDirectory(values).read();
    }

    private SensorConfig read() throws ConfigException {
        UUID uuid = uuid();
        byte[] key = bytes("key");
        if (key.length > 0 && key[key.length - 1] == '\n') {   // the key is the file's text without its trailing newline
            key = Arrays.copyOf(key, key.length - (key.length > 1 && key[key.length - 2] == '\r' ? 2 : 1));
        }
        if (key.length == 0) {
            throw new ConfigException(file("key") + " is empty: the sensor needs its HMAC key");
        }
        int snaplen = number("snaplen", 1, SensorConfig.MAX_SNAPLEN);
        int version = number("version", 0, 255);
        if (version != FrameHeader.CURRENT_VERSION) {
            throw new ConfigException(file("version") + ": protocol version " + version + " is not supported, only " + FrameHeader.CURRENT_VERSION);
        }
        int type = number("type", 0, 255);
        if (type == 0 || type == 2 || D4Type.of(type).isEmpty()) {
            throw new ConfigException(file("type") + ": " + (type == 2
                    ? "type 2 is the meta header; send type 254 with a metaheader.json instead"
                    : "type " + type + " is not a D4 data type (1, 3-8 or 254)"));
        }
        byte[] meta = type == D4Type.EXTENDED.number() ? metaHeader() : null;
        String source = text("source");
        String destination = text("destination");
        if (destination.isEmpty() || source.isEmpty()) {
            throw new ConfigException(file(destination.isEmpty() ? "destination" : "source") + " is empty");
        }
        if (!destination.equals("stdout")) {
            try {
                Endpoints.parseAll(destination);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file("destination") + ": " + e.getMessage());
            }
        }
        String rootCaName = values instanceof FileValues ? "rootCA.crt" : null;
        Path rootCa = rootCaName != null && values.get(rootCaName) != null ? Path.of(values.describe(rootCaName))
                : optionalPath("root.ca");
        return new SensorConfig(uuid, key, snaplen, version, type, source, destination, rootCa, meta, queue(source),
                optional("filter"));
    }

    private UUID uuid() throws ConfigException {
        String text = text("uuid");
        if (text.isEmpty()) {
            UUID fresh = UUID.randomUUID();
            if (!values.storeUuid(fresh)) {
                throw new ConfigException(file("uuid") + " is empty: set the sensor's version-4 UUID");
            }
            return fresh;
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file("uuid") + ": '" + text + "' is not a UUID");
        }
        if (!FrameHeader.isVersion4(uuid) || !uuid.toString().equalsIgnoreCase(text)) {
            throw new ConfigException(file("uuid") + ": " + text + " is not a version-4 UUID (empty the file to get a new one)");
        }
        return uuid;
    }

    private byte[] metaHeader() throws ConfigException {
        String path = file("metaheader.json");
        byte[] json = values.get("metaheader.json");
        if (json == null || json.length == 0) {
            throw new ConfigException(path + " is missing: type 254 needs a meta header describing the extended type");
        }
        try {
            MetaHeader.parse(json, MetaHeader.DEFAULT_MAX_BYTES);
        } catch (FrameException e) {
            throw new ConfigException(path + ": " + e.getMessage());
        }
        return json;
    }

    private QueueAddress queue(String source) throws ConfigException {
        if (source.equals("d4server")) {
            String server = text("redis_d4");
            int slash = server.lastIndexOf('/');
            int db = 2;
            if (slash >= 0) {
                try {
                    db = Integer.parseInt(server.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new ConfigException(file("redis_d4") + ": '" + server + "' is not host:port/database");
                }
                server = server.substring(0, slash);
            }
            try {
                Endpoints.parse(server);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file("redis_d4") + ": " + e.getMessage());
            }
            String name = text("redis_queue");
            if (!name.matches("(analyzer:)?[A-Za-z0-9._-]+:[0-9a-fA-F-]{36}")) {
                throw new ConfigException(file("redis_queue") + ": '" + name + "' is not <type>:<queue uuid> or analyzer:<type>:<queue uuid>");
            }
            return new QueueAddress(server, db, name.startsWith("analyzer:") ? name : "analyzer:" + name, optional("redis_password"));
        }
        if (source.equals("rest")) {
            String url = text("rest_url");
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw new ConfigException(file("rest_url") + ": '" + url + "' is not an http(s) URL of a D4 server");
            }
            String queue = text("rest_queue");
            try {
                UUID.fromString(queue);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file("rest_queue") + ": '" + queue + "' is not a queue UUID");
            }
            String token = text("rest_token");
            if (token.isEmpty()) {
                throw new ConfigException(file("rest_token") + " is empty: the REST API needs a token");
            }
            return new QueueAddress(url.replaceAll("/+$", ""), 0, queue, token);
        }
        return null;
    }

    private int number(String name, int min, int max) throws ConfigException {
        String text = text(name);
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(file(name) + ": '" + text + "' is not a number");
        }
        if (value < min || value > max) {
            throw new ConfigException(file(name) + ": " + value + " is out of range (" + min + " to " + max + ")");
        }
        return value;
    }

    private String optional(String name) throws ConfigException {
        byte[] b = values.get(name);
        return b == null ? null : new String(b, StandardCharsets.UTF_8).strip();
    }

    private Path optionalPath(String name) throws ConfigException {
        String p = optional(name);
        return p == null || p.isEmpty() ? null : Path.of(p);
    }

    private String text(String name) throws ConfigException {
        return new String(bytes(name), StandardCharsets.UTF_8).strip();
    }

    private byte[] bytes(String name) throws ConfigException {
        byte[] b = values.get(name);
        if (b == null) {
            throw new ConfigException(file(name) + " is missing");
        }
        return b;
    }

    private String file(String name) {
        return values.describe(name);
    }

    /** The files of a reference client's configuration directory. */
    private static final class FileValues implements Values {
        private final Path dir;

        FileValues(Path dir) {
            this.dir = dir;
        }

        @Override
        public byte[] get(String name) throws ConfigException {
            Path path = dir.resolve(name);
            try {
                if (Files.size(path) > MAX_FILE_BYTES) {
                    throw new ConfigException(path + " is larger than " + MAX_FILE_BYTES + " bytes");
                }
                return Files.readAllBytes(path);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new ConfigException(path + " cannot be read: " + e.getMessage(), e);
            }
        }

        @Override
        public String describe(String name) {
            return dir.resolve(name).toString();
        }

        @Override
        public boolean storeUuid(UUID uuid) throws ConfigException {
            try {
                Files.writeString(dir.resolve("uuid"), uuid + "\n", StandardCharsets.US_ASCII);
                return true;
            } catch (IOException e) {
                throw new ConfigException(dir.resolve("uuid") + " is empty and a new UUID cannot be written into it: " + e.getMessage(), e);
            }
        }
    }
}
