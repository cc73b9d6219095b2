// SPDX-License-Identifier: Apache-2.0
package org.d4.shell.internal;

import java.util.EnumSet;
import java.util.Set;
import org.apache.felix.service.command.Descriptor;
import org.d4.api.security.Role;
import org.d4.api.security.UserAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Commands in scope {@code d4} about users: list, create and delete them, create and revoke API
 * tokens. {@code user-add} and {@code user-del} are these methods without the dash, given their
 * dashed names by the shell profile.
 */
@Component(service = UserCommands.class, property = {"osgi.command.scope=d4", "osgi.command.function=users",
        "osgi.command.function=useradd", "osgi.command.function=userdel", "osgi.command.function=token"})
public final class UserCommands {
    private final UserAdmin users;

    @Activate
    public UserCommands(@Reference UserAdmin users) {
        this.users = users;
    }

    @Descriptor("list the users with their roles and API token ids")
    public String users() {
        return CommandAnswers.run(() -> {
            Table t = new Table("NAME", "ROLES", "TOKENS", "PASSWORD");
            for (UserAdmin.UserInfo u : users.users()) {
                t.row(u.name(), String.join(",", u.roles().stream().map(Role::id).sorted().toList()), String.join(",", u.tokenIds()),
                        u.passwordChangeRequired() ? "must change" : "set");
            }
            return t.toString();
        });
    }

    @Descriptor("create a user (user-add)")
    public String useradd(@Descriptor("login name") String name, @Descriptor("password") String password,
            @Descriptor("roles: admin, user, sensor-register") String... roles) {
        return CommandAnswers.run(() -> {
            if (roles.length == 0) {
                throw new IllegalArgumentException("give at least one role: admin, user, sensor-register");
            }
            Set<Role> set = EnumSet.noneOf(Role.class);
            for (String r : roles) {
                set.add(Role.fromId(r));
            }
            return "created user " + users.createUser(name, password.toCharArray(), set).name() + "\n";
        });
    }

    @Descriptor("delete a user (user-del)")
    public String userdel(@Descriptor("login name") String name) {
        return CommandAnswers.run(() -> {
            users.deleteUser(name);
            return "deleted user " + name + "\n";
        });
    }

    @Descriptor("API tokens: token <user> create, token <user> revoke <token id>")
    public String token(@Descriptor("login name") String user, @Descriptor("create or revoke") String action,
            @Descriptor("for revoke: the token id") String... id) {
        return CommandAnswers.run(() -> switch (action) {
            case "create" -> "token for " + user + " (shown once): " + users.createToken(user) + "\n";
            case "revoke" -> {
                if (id.length != 1) {
                    throw new IllegalArgumentException("token " + user + " revoke needs one token id");
                }
                if (!users.revokeToken(user, id[0])) {
                    throw new IllegalArgumentException("user " + user + " has no token " + id[0]);
                }
                yield "revoked token " + id[0] + " of " + user + "\n";
            }
            default -> throw new IllegalArgumentException("token action: create or revoke, not " + action);
        });
    }
}
