// SPDX-License-Identifier: Apache-2.0
package org.d4.client.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * What a sensor sends, as a reference client's configuration directory describes it.
 *
 * @param uuid the sensor's version-4 UUID
 * @param key the raw HMAC key bytes (never empty)
 * @param snaplen the largest payload of one frame
 * @param version the protocol version (1)
 * @param type the frame type of the data
 * @param source {@code stdin}, {@code d4server}, {@code rest}, {@code pcap:<interface>}, {@code pcapfile:<file>}, {@code tlsf:<interface>}, {@code tlsfile:<file>} or a file or named pipe
 * @param destination {@code stdout} or {@code host:port} ({@code [v6-address]:port})
 * @param rootCa the {@code rootCA.crt} file the server is checked against with {@code -cc}, or null
 * @param metaHeader the {@code metaheader.json} bytes sent as type 2 before type-254 data, or null
 * @param queue where a forwarding source pops from ({@code d4server} or {@code rest}), or null
 * @param captureFilter the BPF filter of a capture source, or null
 */
public record SensorConfig(UUID uuid, byte[] key, int snaplen, int version, int type, String source, String destination,
        Path rootCa, byte[] metaHeader, QueueAddress queue, String captureFilter) {

    public static final int MAX_SNAPLEN = 1_000_000;

    public SensorConfig {
        Objects.requireNonNull(uuid, "uuid");
        key = key.clone();
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        metaHeader = metaHeader == null ? null : metaHeader.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] metaHeader() {
        return metaHeader == null ? null : metaHeader.clone();
    }

    /** The {@code key} file's bytes without the meaning of text: for logs, only the length. */
    @Override
    public String toString() {
        return "SensorConfig[uuid=" + uuid + ", key=<" + key.length + " bytes>, snaplen=" + snaplen + ", version=" + version + ", type=" + type
                + ", source=" + source + ", destination=" + destination + ", rootCa=" + rootCa + ", metaHeader="
                + (metaHeader == null ? "none" : metaHeader.length + " bytes") + ", queue=" + queue + ", captureFilter=" + captureFilter + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SensorConfig c && uuid.equals(c.uuid) && Arrays.equals(key, c.key) && snaplen == c.snaplen && version == c.version
                && type == c.type && source.equals(c.source) && destination.equals(c.destination) && Objects.equals(rootCa, c.rootCa)
                && Arrays.equals(metaHeader, c.metaHeader) && Objects.equals(queue, c.queue) && Objects.equals(captureFilter, c.captureFilter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uuid, Arrays.hashCode(key), snaplen, type, source, destination);
    }
}
