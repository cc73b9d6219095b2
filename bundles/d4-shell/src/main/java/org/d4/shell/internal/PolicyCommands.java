// SPDX-License-Identifier: Apache-2.0
package org.d4.shell.internal;

import java.util.Arrays;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.d4.api.registry.AccessPolicy;
import org.d4.api.registry.ServerMode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Commands in scope {@code d4} about the server's access policy: blacklists, accepted types, the mode. */
@Component(service = PolicyCommands.class, property = {"osgi.command.scope=d4", "osgi.command.function=blacklist",
        "osgi.command.function=types", "osgi.command.function=mode"})
public final class PolicyCommands {
    private final AccessPolicy policy;

    @Activate
    public PolicyCommands(@Reference AccessPolicy policy) {
        this.policy = policy;
    }

    @Descriptor("blacklisted UUIDs and addresses: blacklist uuid|ip list|add|remove [value]")
    public String blacklist(@Descriptor("uuid or ip") String kind, @Descriptor("list, add or remove") String action,
            @Descriptor("the UUIDs or addresses to add or remove") String... values) {
        return CommandAnswers.run(() -> {
            boolean uuids = switch (kind) {
                case "uuid" -> true;
                case "ip" -> false;
                default -> throw new IllegalArgumentException("blacklist what: uuid or ip, not " + kind);
            };
            if (action.equals("list")) {
                Table t = new Table(uuids ? "UUID" : "ADDRESS");
                (uuids ? policy.blacklistedUuids().stream().map(Object::toString).toList() : List.copyOf(policy.blacklistedIps()))
                        .forEach(t::row);
                return t.toString();
            }
            if (values.length == 0) {
                throw new IllegalArgumentException("blacklist " + kind + " " + action + " needs at least one " + kind);
            }
            StringBuilder out = new StringBuilder();
            for (String v : values) {
                boolean changed = switch (action) {
                    case "add" -> uuids ? policy.blacklist(CommandArguments.uuid(v)) : policy.blacklist(CommandArguments.address(v));
                    case "remove" -> uuids ? policy.unblacklist(CommandArguments.uuid(v)) : policy.unblacklist(CommandArguments.address(v));
                    default -> throw new IllegalArgumentException("blacklist action: list, add or remove, not " + action);
                };
                out.append(action.equals("add") ? (changed ? "blacklisted " : "already blacklisted ") : (changed ? "removed " : "not blacklisted "))
                        .append(v).append('\n');
            }
            return out.toString();
        });
    }

    @Descriptor("accepted types and extended types: types [list|add|remove] [type number or extended type name]")
    public String types(@Descriptor("list, add or remove (list when absent)") String... args) {
        return CommandAnswers.run(() -> {
            String action = args.length == 0 ? "list" : args[0];
            if (action.equals("list")) {
                Table t = new Table("TYPE", "KIND");
                policy.acceptedTypes().forEach(n -> t.row(n, "type"));
                policy.acceptedExtendedTypes().stream().sorted().forEach(e -> t.row(e, "extended type (254)"));
                return t.toString();
            }
            if (args.length < 2) {
                throw new IllegalArgumentException("types " + action + " needs a type number or an extended type name");
            }
            StringBuilder out = new StringBuilder();
            for (String v : Arrays.asList(args).subList(1, args.length)) {
                boolean numeric = v.matches("[0-9]{1,3}");
                boolean changed = switch (action) {
                    case "add" -> numeric ? policy.acceptType(Integer.parseInt(v)) : policy.acceptExtendedType(v);
                    case "remove" -> numeric ? policy.refuseType(Integer.parseInt(v)) : policy.refuseExtendedType(v);
                    default -> throw new IllegalArgumentException("types action: list, add or remove, not " + action);
                };
                out.append(changed ? (action.equals("add") ? "accepted " : "refused ") : "unchanged ").append(v).append('\n');
            }
            return out.toString();
        });
    }

    @Descriptor("the server mode: mode, mode registration, mode shared-secret <default key>")
    public String mode(@Descriptor("registration or shared-secret, then for shared-secret the default key") String... args) {
        return CommandAnswers.run(() -> {
            if (args.length > 0) {
                ServerMode mode = ServerMode.fromId(args[0]);
                if (args.length > 2) {
                    throw new IllegalArgumentException("mode takes a mode and at most one key");
                }
                policy.setMode(mode, args.length == 2 ? args[1] : null);
            }
            return "mode " + policy.mode().id() + (policy.defaultKey().isPresent() ? " (default key set)" : " (no default key)") + "\n";
        });
    }
}
