// SPDX-License-Identifier: Apache-2.0
package org.d4.api.security;

import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Managing the appliance's users and their API tokens. Changes are durable when a method returns.
 * Throws {@link UserException} for invalid input, unknown users and conflicts; the last
 * administrator can be neither deleted nor demoted, so the appliance never locks its operators out.
 */
@ProviderType
public interface UserAdmin {

    /** A user as listed: never any secret. */
    record UserInfo(String name, Set<Role> roles, boolean passwordChangeRequired, List<String> tokenIds) {
        public UserInfo {
            roles = Set.copyOf(roles);
            tokenIds = List.copyOf(tokenIds);
        }
    }

    List<UserInfo> users();

    /**
     * A user's authorized SSH public key, as given: {@code fingerprint} is OpenSSH's
     * {@code SHA256:...} of the key, the id to remove it by.
     */
    record AuthorizedKey(String fingerprint, String type, String comment, String line) {}

    /** Passwords must meet the configured policy (length, character classes) and differ from the user name. */
    UserInfo createUser(String name, char[] password, Set<Role> roles);

    void deleteUser(String name);

    UserInfo setRoles(String name, Set<Role> roles);

    /** Sets a password; {@code mustChange} marks it as one the user has to replace (a reset). */
    void setPassword(String name, char[] password, boolean mustChange);

    /**
     * A user's own password change: {@code current} must be their password; {@code replacement}
     * must meet the policy and differ from it. Clears {@link UserInfo#passwordChangeRequired()}.
     */
    void changeOwnPassword(String name, char[] current, char[] replacement, String remoteAddress);

    /** The SSH public keys that log the user in, in the order they were added. */
    List<AuthorizedKey> authorizedKeys(String name);

    /** Adds an OpenSSH public key line ({@code ssh-ed25519 AAAA... comment}); INVALID if it is not one. */
    AuthorizedKey addAuthorizedKey(String name, String publicKeyLine);

    /** Removes a key by fingerprint; false if the user has no such key. */
    boolean removeAuthorizedKey(String name, String fingerprint);

    /** A new API token for the user; the only time the token itself is shown. */
    String createToken(String name);

    /** Revokes a token by the id shown in {@link UserInfo#tokenIds()}; false if the user has no such token. */
    boolean revokeToken(String name, String tokenId);
}
