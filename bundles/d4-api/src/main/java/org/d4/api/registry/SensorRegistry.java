// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Registered sensors, their keys and settings, and the decision whether a connection may proceed.
 * Every change is durable when the method returns. Thread-safe. Methods throw
 * {@link RegistryException} for unknown sensors and invalid input.
 */
@ProviderType
public interface SensorRegistry {

    /** Event Admin topic posted when a sensor is kicked, blacklisted or deleted; property {@code uuid}. */
    String TOPIC_DISCONNECT = "org/d4/registry/DISCONNECT";

    /**
     * Event Admin topic posted for each error recorded against a registered sensor, by
     * {@link #recordError} and, for a registered UUID, {@link #recordUnverifiedError} (a wrong key);
     * properties {@code uuid}, {@code peer}, {@code type} (Integer), {@code reason}, {@code verified} (Boolean).
     */
    String TOPIC_SENSOR_ERROR = "org/d4/registry/SENSOR_ERROR";

    /**
     * Registers a sensor as pending. A deleted sensor may register again; a pending or approved one
     * is a CONFLICT. The UUID must be version 4 and the key non-empty (INVALID otherwise).
     */
    Sensor register(UUID uuid, String hmacKey, String description, String mail);

    Optional<Sensor> sensor(UUID uuid);

    /** Every sensor the registry knows, deleted ones included, in UUID order. */
    List<Sensor> sensors();

    Sensor approve(UUID uuid);

    /** Marks the sensor deleted (its history stays) and disconnects it. */
    Sensor delete(UUID uuid);

    Sensor update(UUID uuid, SensorChange change);

    /** The sensor's own HMAC key as raw bytes, if it has one. */
    Optional<byte[]> key(UUID uuid);

    /** Disconnects the sensor and refuses it for the kick period (30 s by default). */
    void kick(UUID uuid);

    /** Until when a kicked sensor is refused, if it is. */
    Optional<Instant> kickedUntil(UUID uuid);

    /**
     * Whether a new connection from {@code peer} announcing {@code uuid} and {@code type} may proceed,
     * and with which key: the rules of blacklists, UUID version, accepted types, server mode,
     * registration status and kicks, in that order.
     */
    Admission admit(UUID uuid, InetAddress peer, int type);

    /**
     * Records why a connection of the sensor was closed after it proved the sensor's key (at least
     * one frame verified); kept as the sensor's last error in the store, shown to administrators.
     */
    void recordError(UUID uuid, InetAddress peer, int type, String reason);

    /**
     * Records why a connection claiming {@code uuid} was closed before it proved a key (refused
     * admission, bad HMAC on its first frame, ...). Anyone can cause these, so they are kept in
     * memory only, for a bounded number of UUIDs, and never replace the sensor's recorded last error.
     */
    void recordUnverifiedError(UUID uuid, InetAddress peer, int type, String reason);

    /** The latest error of a connection that claimed {@code uuid} without proving a key, if still kept. */
    Optional<SensorError> lastUnverifiedError(UUID uuid);

    /**
     * Sensors with a recorded last error or a kept unverified one (unregistered UUIDs included, with
     * status {@link SensorStatus#UNREGISTERED}), most recent error first.
     */
    List<Sensor> sensorsWithErrors();
}
