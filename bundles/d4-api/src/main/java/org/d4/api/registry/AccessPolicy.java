// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The server-wide rules: mode and default key, blacklists, accepted types. Durable when a method
 * returns; thread-safe; INVALID input throws {@link RegistryException}.
 */
@ProviderType
public interface AccessPolicy {

    ServerMode mode();

    /** Sets the mode; the default key is required for shared-secret mode (the current one is kept when null). */
    void setMode(ServerMode mode, String defaultKey);

    /** The default key of shared-secret mode, as raw bytes. */
    Optional<byte[]> defaultKey();

    boolean isBlacklisted(UUID uuid);

    boolean isBlacklisted(InetAddress address);

    /** Whether connections of this UUID also blacklist the address they come from. */
    boolean isIpBlacklistedByUuid(UUID uuid);

    SortedSet<UUID> blacklistedUuids();

    /** Addresses in the text form of {@link InetAddress#getHostAddress()}. */
    SortedSet<String> blacklistedIps();

    SortedSet<UUID> ipBlacklistingUuids();

    /** Returns false if it was already blacklisted. */
    boolean blacklist(UUID uuid);

    boolean unblacklist(UUID uuid);

    boolean blacklist(InetAddress address);

    boolean unblacklist(InetAddress address);

    boolean blacklistIpOf(UUID uuid);

    boolean unblacklistIpOf(UUID uuid);

    /** Accepted frame types (1, 2, 3, 4, 8, 254 by default). */
    SortedSet<Integer> acceptedTypes();

    boolean acceptType(int type);

    boolean refuseType(int type);

    /** Accepted extended types of type 254 frames ({@code ja3-jl} by default). */
    Set<String> acceptedExtendedTypes();

    boolean acceptExtendedType(String name);

    boolean refuseExtendedType(String name);
}
