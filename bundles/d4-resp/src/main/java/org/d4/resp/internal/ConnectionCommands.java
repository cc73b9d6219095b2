// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import static org.d4.resp.internal.Args.clip;
import static org.d4.resp.internal.Args.integer;
import static org.d4.resp.internal.Args.text;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.d4.api.security.AppUser;
import org.d4.api.security.Role;
import org.d4.api.security.UserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands about the connection rather than the data: AUTH, HELLO, SELECT, CLIENT, INFO.
 * HELLO 3 is honoured because newer redis-py versions open every connection with it and give up
 * when it fails; for the replies served here RESP3 differs only in its null and its map.
 */
final class ConnectionCommands {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCommands.class);
    static final String VERSION = "7.0.0-d4";
    /** Failed AUTHs in a row before the connection is closed: guessing tokens then costs a reconnect each time. */
    static final int MAX_FAILED_LOGINS = 5;
    static final Reply WRONGPASS = Reply.error("WRONGPASS invalid username-password pair or user is disabled.");

    private final UserDirectory users;
    private final boolean requireAuth;
    private final QueueKeyspace keyspace;
    private final Instant started = Instant.now();

    ConnectionCommands(UserDirectory users, boolean requireAuth, QueueKeyspace keyspace) {
        this.users = users;
        this.requireAuth = requireAuth;
        this.keyspace = keyspace;
    }

    /**
     * AUTH [user] token-or-password, also HELLO's AUTH option. An API token alone identifies its
     * owner; with a user name, the user's password works too (counted for the lockout against the
     * client's address), unless it is a generated one still to be changed.
     */
    Reply login(Session session, String claimed, String token) {
        // reading (and emptying) analyzer queues is for operators and analysts, not for sensor registration tokens
        Optional<AppUser> user = users.authenticateToken(token);
        if (user.isEmpty() && !claimed.isEmpty()) {
            user = users.authenticate(claimed, token.toCharArray(), session.address()).filter(u -> !u.passwordChangeRequired());
        }
        user = user.filter(u -> u.hasRole(Role.ADMIN) || u.hasRole(Role.USER));
        String as = claimed.isEmpty() ? "" : " as '" + clip(claimed, 64) + "'";
        if (user.isEmpty()) {
            int failures = session.loginFailed();
            LOG.warn("RESP client {} failed AUTH{} ({} in a row)", session.describe(), as, failures);
            if (failures >= MAX_FAILED_LOGINS) {
                session.closeAfterReply(true);
            }
            return WRONGPASS;
        }
        session.authenticated(user.get().name());
        LOG.debug("RESP client {} authenticated{}", session.describe(), as);
        return Reply.OK;
    }

    /** HELLO [2|3 [AUTH user token] [SETNAME name]]: picks the protocol and tells who we are. */
    Reply hello(Session session, List<byte[]> args) {
        int protocol = session.protocol();
        if (args.size() > 1) {
            Optional<Long> version = integer(args.get(1));
            if (version.isEmpty()) {
                return Reply.error("ERR Protocol version is not an integer or out of range");
            }
            if (version.get() != 2 && version.get() != 3) {
                return Reply.error("NOPROTO unsupported protocol version");
            }
            protocol = version.get().intValue();
        }
        String[] login = null;
        String name = null;
        for (int i = 2; i < args.size(); i++) {
            String option = text(args.get(i)).toUpperCase(Locale.ROOT);
            if (option.equals("AUTH") && i + 2 < args.size()) {
                login = new String[] {text(args.get(i + 1)), text(args.get(i + 2))};
                i += 2;
            } else if (option.equals("SETNAME") && i + 1 < args.size()) {
                name = clip(text(args.get(++i)), 64);
            } else {
                return Reply.error("ERR Syntax error in HELLO option '" + clip(option, 64) + "'");
            }
        }
        if (login != null) {
            Reply result = login(session, login[0], login[1]);
            if (result != Reply.OK) {
                return result;
            }
        } else if (requireAuth && !session.authenticated()) {
            return Reply.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH "
                    + "<user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time");
        }
        if (name != null) {
            session.clientName(name);
        }
        session.protocol(protocol);
        return Reply.map(List.of(Reply.bulk("server"), Reply.bulk("redis"), Reply.bulk("version"), Reply.bulk(VERSION),
                Reply.bulk("proto"), Reply.integer(protocol), Reply.bulk("id"), Reply.integer(session.id()),
                Reply.bulk("mode"), Reply.bulk("standalone"), Reply.bulk("role"), Reply.bulk("master"),
                Reply.bulk("modules"), Reply.EMPTY_ARRAY));
    }

    static Reply select(Session session, byte[] arg) {
        Optional<Long> db = integer(arg);
        if (db.isEmpty()) {
            return Commands.NOT_AN_INTEGER;
        }
        if (db.get() < 0 || db.get() > 15) {
            return Reply.error("ERR DB index is out of range");
        }
        session.select(db.get().intValue());
        return Reply.OK;
    }

    /** CLIENT SETNAME, GETNAME, ID and SETINFO (which redis-py sends on connecting). */
    static Reply client(Session session, List<byte[]> args) {
        String sub = text(args.get(1)).toUpperCase(Locale.ROOT);
        int expected = switch (sub) {
            case "SETNAME" -> 3;
            case "SETINFO" -> 4;
            case "GETNAME", "ID" -> 2;
            default -> -1;
        };
        if (expected < 0) {
            return Reply.error("ERR unknown subcommand '" + clip(text(args.get(1)), 128) + "'. Try CLIENT HELP.");
        }
        if (args.size() != expected) {
            return Commands.wrongArity("client|" + sub.toLowerCase(Locale.ROOT));
        }
        return switch (sub) {
            case "SETNAME" -> {
                session.clientName(clip(text(args.get(2)), 64));
                yield Reply.OK;
            }
            case "GETNAME" -> session.clientName().isEmpty() ? Reply.NIL : Reply.bulk(session.clientName());
            case "ID" -> Reply.integer(session.id());
            default -> Reply.OK;            // SETINFO: library name and version, nothing to keep
        };
    }

    /** INFO [section ...]: the server and keyspace sections, enough for clients that check the version. */
    Reply info(List<byte[]> args) {
        boolean server = args.size() == 1;
        boolean keys = args.size() == 1;
        for (byte[] a : args.subList(1, args.size())) {
            String section = text(a).toLowerCase(Locale.ROOT);
            boolean every = section.equals("all") || section.equals("default") || section.equals("everything");
            server |= every || section.equals("server");
            keys |= every || section.equals("keyspace");
        }
        StringBuilder b = new StringBuilder();
        if (server) {
            b.append("# Server\r\nredis_version:").append(VERSION).append("\r\nredis_mode:standalone\r\n")
                    .append("uptime_in_seconds:").append(Duration.between(started, Instant.now()).toSeconds()).append("\r\n");
        }
        if (keys) {
            int size = keyspace.size(QueueKeyspace.DATABASE);
            b.append(server ? "\r\n" : "").append("# Keyspace\r\n");
            if (size > 0) {
                b.append("db").append(QueueKeyspace.DATABASE).append(":keys=").append(size).append(",expires=0,avg_ttl=0\r\n");
            }
        }
        return Reply.bulk(b.toString());
    }
}
