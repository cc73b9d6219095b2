// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the server counts per sensor: frames per day (per sensor, address and type), first and last
 * seen, the addresses a sensor connected from. The recording methods are on the ingest hot path:
 * they only touch memory, and the counts reach the store within its commit interval.
 */
@ProviderType
public interface SensorStatistics {

    /** First and last time something was seen. */
    record Seen(Instant first, Instant last) {}

    /**
     * Counts the accepted frames of one connection and type. Made once per connection, it spares
     * each frame the look-ups of its counters: the ingest threads call it for every frame.
     * Not thread-safe: a connection's frames are counted on its own thread.
     */
    interface FrameCounter {
        void accepted(int payloadBytes, Instant at);
    }

    /** A counter for the frames of one sensor's connection from {@code peer} with frames of {@code type}. */
    FrameCounter frameCounter(UUID uuid, InetAddress peer, int type);

    /** Counts one accepted frame. */
    default void frameAccepted(UUID uuid, InetAddress peer, int type, int payloadBytes, Instant at) {
        frameCounter(uuid, peer, type).accepted(payloadBytes, at);
    }

    /** Notes an admitted connection: the address joins the sensor's last addresses (at most 16, newest first). */
    void connected(UUID uuid, InetAddress peer, Instant at);

    List<String> lastAddresses(UUID uuid);

    Optional<Seen> seen(UUID uuid);

    /** Per type the sensor sent. */
    SortedMap<Integer, Seen> seenTypes(UUID uuid);

    /** Frames of that UTC day per sensor UUID. */
    SortedMap<String, Long> framesPerSensor(LocalDate day);

    /** Frames of that UTC day per peer address. */
    SortedMap<String, Long> framesPerAddress(LocalDate day);

    /** Frames of that UTC day per type. */
    SortedMap<Integer, Long> framesPerType(LocalDate day);

    /** Frames of that UTC day per type, of one sensor. */
    SortedMap<Integer, Long> framesPerType(LocalDate day, UUID uuid);

    /** Payload bytes of that UTC day per sensor UUID. */
    SortedMap<String, Long> bytesPerSensor(LocalDate day);
}
