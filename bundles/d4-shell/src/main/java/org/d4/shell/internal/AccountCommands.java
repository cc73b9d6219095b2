// SPDX-License-Identifier: Apache-2.0
package org.d4.shell.internal;

import java.util.Arrays;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.d4.api.audit.AuditEntry;
import org.d4.api.audit.AuditLog;
import org.d4.api.security.UserAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Commands in scope {@code d4} about accounts and what was done: the logged-in user's own
 * password ({@code passwd}, in an SSH session), users' SSH keys ({@code keys}) and the audit log
 * ({@code audit}).
 */
@Component(service = AccountCommands.class, property = {"osgi.command.scope=d4", "osgi.command.function=passwd",
        "osgi.command.function=keys", "osgi.command.function=audit"})
public final class AccountCommands {
    private final UserAdmin users;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AuditLog auditLog;

    @Activate
    public AccountCommands(@Reference UserAdmin users) {
        this.users = users;
    }

    @Descriptor("change your own password (the user logged in over SSH)")
    public String passwd(CommandSession session, @Descriptor("your current password") String current,
            @Descriptor("the new password") String replacement) {
        return CommandAnswers.run(() -> {
            Object user = session.get("d4.user");
            if (!(user instanceof String name)) {
                throw new IllegalArgumentException("passwd changes the password of the user logged in over SSH; this console has none");
            }
            Object remote = session.get("d4.remote");
            users.changeOwnPassword(name, current.toCharArray(), replacement.toCharArray(), remote == null ? "" : remote.toString());
            return "password of " + name + " changed\n";
        });
    }

    @Descriptor("a user's authorized SSH keys: keys <user> [list|add|remove] [key line | fingerprint]")
    public String keys(@Descriptor("login name") String user,
            @Descriptor("list (default), add with the public key line (quoted), or remove with a fingerprint") String... args) {
        return CommandAnswers.run(() -> {
            String action = args.length == 0 ? "list" : args[0];
            String value = String.join(" ", Arrays.asList(args).subList(Math.min(1, args.length), args.length));
            return switch (action) {
                case "list" -> {
                    Table t = new Table("FINGERPRINT", "TYPE", "COMMENT");
                    users.authorizedKeys(user).forEach(k -> t.row(k.fingerprint(), k.type(), k.comment()));
                    yield t.toString();
                }
                case "add" -> {
                    if (value.isEmpty()) {
                        throw new IllegalArgumentException("keys " + user + " add needs the public key line, e.g. 'ssh-ed25519 AAAA... comment'");
                    }
                    yield "added " + users.addAuthorizedKey(user, value).fingerprint() + " to " + user + "\n";
                }
                case "remove" -> {
                    if (value.isEmpty()) {
                        throw new IllegalArgumentException("keys " + user + " remove needs a fingerprint (SHA256:...)");
                    }
                    if (!users.removeAuthorizedKey(user, value)) {
                        throw new IllegalArgumentException("user " + user + " has no key " + value);
                    }
                    yield "removed " + value + " from " + user + "\n";
                }
                default -> throw new IllegalArgumentException("keys action: list, add or remove, not " + action);
            };
        });
    }

    @Descriptor("the audit log, newest first: who did what, when, from where")
    public String audit(@Descriptor("how many entries") @Parameter(names = {"-n", "--count"}, absentValue = "20") int count,
            @Descriptor("only entries numbered below this (to page back)") @Parameter(names = {"-b", "--before"}, absentValue = "0") long before) {
        return CommandAnswers.run(() -> {
            if (count < 1 || count > 1000) {
                throw new IllegalArgumentException("-n must be 1 to 1000");
            }
            if (before < 0) {
                throw new IllegalArgumentException("-b must be a positive entry number");
            }
            AuditLog log = auditLog;
            if (log == null) {
                throw new IllegalStateException("the audit log is not running");
            }
            Table t = new Table("#", "TIME", "ACTOR", "CHANNEL", "FROM", "ACTION", "TARGET", "OK", "DETAIL");
            for (AuditEntry e : log.entries(before == 0 ? Long.MAX_VALUE : before, count)) {
                t.row(e.sequence(), e.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), e.actor(), e.channel(), e.remote().isEmpty() ? "-" : e.remote(),
                        e.action(), e.target().isEmpty() ? "-" : e.target(), e.success() ? "yes" : "no", e.detail().isEmpty() ? "-" : e.detail());
            }
            return t.toString();
        });
    }
}
