// SPDX-License-Identifier: Apache-2.0
package org.d4.api.security;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The appliance's users: the web console, the REST API and the remote shell all authenticate here.
 *
 * <p>Implementations are thread-safe. Passwords are only ever stored as slow hashes; a failed
 * check reveals nothing about which part was wrong.
 */
@ProviderType
public interface UserDirectory {

    /** The user if {@code password} is theirs, empty otherwise (unknown user included). */
    Optional<AppUser> authenticate(String name, char[] password);

    /**
     * As {@link #authenticate(String, char[])}, for a login from {@code remoteAddress}, so that
     * repeated failures lock out the user and the address for a while. A locked-out login fails
     * even with the right password.
     */
    default Optional<AppUser> authenticate(String name, char[] password, String remoteAddress) {
        return authenticate(name, password);
    }

    /**
     * The user if {@code publicKey} (an OpenSSH public key line, {@code type base64 [comment]}) is
     * one of their authorized keys, for a login from {@code remoteAddress}; empty otherwise. A
     * locked-out user or address fails here too; a key that does not match is not counted as a
     * failed login (clients offer each of their keys in turn).
     */
    default Optional<AppUser> authenticatePublicKey(String name, String publicKey, String remoteAddress) {
        return Optional.empty();
    }

    /** The owner of an API token, empty if the token is unknown or revoked. */
    Optional<AppUser> authenticateToken(String token);
}
