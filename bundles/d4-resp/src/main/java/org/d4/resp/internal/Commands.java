// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import static org.d4.resp.internal.Args.clip;
import static org.d4.resp.internal.Args.integer;
import static org.d4.resp.internal.Args.text;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.d4.api.queue.QueueException;
import org.d4.api.queue.QueueItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands the reference analyzers, redis-py and redis-cli use, answered the way Redis 7
 * answers them (same error codes and wording, so client libraries raise what they expect).
 * Checks happen in Redis's order: unknown command, then arity, then authentication.
 */
final class Commands {
    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

    /** Arguments a command takes, its name included; max -1 for any number. */
    private record Arity(int min, int max) {
        boolean allows(int n) {
            return n >= min && (max < 0 || n <= max);
        }
    }

    private static final Map<String, Arity> ARITY = Map.ofEntries(
            Map.entry("PING", new Arity(1, 2)), Map.entry("ECHO", new Arity(2, 2)), Map.entry("AUTH", new Arity(2, 3)),
            Map.entry("HELLO", new Arity(1, -1)), Map.entry("SELECT", new Arity(2, 2)), Map.entry("QUIT", new Arity(1, -1)),
            Map.entry("COMMAND", new Arity(1, -1)), Map.entry("CLIENT", new Arity(2, -1)), Map.entry("INFO", new Arity(1, -1)),
            Map.entry("DBSIZE", new Arity(1, 1)), Map.entry("RPOP", new Arity(2, 3)), Map.entry("LPOP", new Arity(2, 3)),
            Map.entry("LLEN", new Arity(2, 2)), Map.entry("LRANGE", new Arity(4, 4)), Map.entry("EXISTS", new Arity(2, -1)),
            Map.entry("TYPE", new Arity(2, 2)), Map.entry("KEYS", new Arity(2, 2)), Map.entry("SCAN", new Arity(2, -1)));

    /** What a client may send before AUTH when authentication is required. */
    private static final List<String> BEFORE_AUTH = List.of("PING", "AUTH", "HELLO", "QUIT");

    static final Reply NOT_AN_INTEGER = Reply.error("ERR value is not an integer or out of range");
    static final Reply SYNTAX = Reply.error("ERR syntax error");
    static final Reply NOAUTH = Reply.error("NOAUTH Authentication required.");

    private final QueueKeyspace keyspace;
    private final ConnectionCommands connection;
    private final boolean requireAuth;
    private final AtomicLong sessions = new AtomicLong();

    Commands(QueueKeyspace keyspace, ConnectionCommands connection, boolean requireAuth) {
        this.keyspace = keyspace;
        this.connection = connection;
        this.requireAuth = requireAuth;
    }

    /** The state of a new connection. */
    Session open(String peer) {
        return new Session(sessions.incrementAndGet(), peer);
    }

    /** Runs one request (never empty); may block briefly on the queue store. */
    Reply execute(Session session, List<byte[]> args) {
        String name = text(args.get(0)).toUpperCase(Locale.ROOT);
        Arity arity = ARITY.get(name);
        if (arity == null) {
            return unknownCommand(args);
        }
        if (!arity.allows(args.size())) {
            return wrongArity(name.toLowerCase(Locale.ROOT));
        }
        if (requireAuth && !session.authenticated() && !BEFORE_AUTH.contains(name)) {
            return NOAUTH;
        }
        try {
            return run(name, session, args);
        } catch (QueueException e) {
            return Reply.error("ERR " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("RESP command {} from {} failed", name, session.describe(), e);
            return Reply.error("ERR internal error, see the appliance log: " + e);
        }
    }

    private Reply run(String name, Session session, List<byte[]> args) {
        int db = session.database();
        return switch (name) {
            case "PING" -> args.size() == 1 ? Reply.simple("PONG") : Reply.bulk(args.get(1));
            case "ECHO" -> Reply.bulk(args.get(1));
            case "AUTH" -> connection.login(session, args.size() == 3 ? text(args.get(1)) : "", text(args.get(args.size() - 1)));
            case "HELLO" -> connection.hello(session, args);
            case "SELECT" -> ConnectionCommands.select(session, args.get(1));
            case "CLIENT" -> ConnectionCommands.client(session, args);
            case "INFO" -> connection.info(args);
            case "QUIT" -> {
                session.closeAfterReply(true);
                yield Reply.OK;
            }
            // no command table: redis-cli then simply offers no hints
            case "COMMAND" -> args.size() == 2 && "COUNT".equalsIgnoreCase(text(args.get(1))) ? Reply.integer(0) : Reply.EMPTY_ARRAY;
            case "DBSIZE" -> Reply.integer(keyspace.size(db));
            case "RPOP", "LPOP" -> pop(db, args, name.equals("RPOP"));
            case "LLEN" -> Reply.integer(keyspace.length(db, args.get(1)));
            case "LRANGE" -> {
                Optional<Long> start = integer(args.get(2));
                Optional<Long> stop = integer(args.get(3));
                if (start.isEmpty() || stop.isEmpty()) {
                    yield NOT_AN_INTEGER;
                }
                yield bulks(keyspace.range(db, args.get(1), start.get(), stop.get()));
            }
            case "EXISTS" -> Reply.integer(args.subList(1, args.size()).stream().filter(k -> keyspace.find(db, k).isPresent()).count());
            case "TYPE" -> Reply.simple(keyspace.find(db, args.get(1)).isPresent() ? "list" : "none");
            case "KEYS" -> names(keyspace.names(db, text(args.get(1))));
            case "SCAN" -> scan(db, args);
            default -> throw new IllegalStateException("no handler for " + name);
        };
    }

    private Reply pop(int db, List<byte[]> args, boolean oldest) {
        if (args.size() == 2) {
            return keyspace.pop(db, args.get(1), 1, oldest)
                    .filter(items -> !items.isEmpty()).map(items -> Reply.bulk(items.get(0).data())).orElse(Reply.NIL);
        }
        Optional<Long> count = integer(args.get(2));
        if (count.isEmpty()) {
            return NOT_AN_INTEGER;
        }
        if (count.get() < 0) {
            return Reply.error("ERR value is out of range, must be positive");
        }
        int n = (int) Math.min(count.get(), QueueKeyspace.MAX_ITEMS);
        // a list Redis pops its last item from is gone, so "nothing popped" reads as a missing key (nil array)
        return keyspace.pop(db, args.get(1), n, oldest).filter(items -> n == 0 || !items.isEmpty()).map(Commands::bulks).orElse(Reply.NIL_ARRAY);
    }

    /** SCAN cursor [MATCH pattern] [COUNT n] [TYPE t]: everything in one page, so the next cursor is always 0. */
    private Reply scan(int db, List<byte[]> args) {
        Optional<Long> cursor = integer(args.get(1));
        if (cursor.isEmpty() || cursor.get() < 0) {
            return Reply.error("ERR invalid cursor");
        }
        String pattern = "*";
        boolean lists = true;
        for (int i = 2; i < args.size(); i += 2) {
            if (i + 1 >= args.size()) {
                return SYNTAX;
            }
            switch (text(args.get(i)).toUpperCase(Locale.ROOT)) {
                case "MATCH" -> pattern = text(args.get(i + 1));
                case "COUNT" -> {
                    Optional<Long> count = integer(args.get(i + 1));
                    if (count.isEmpty()) {
                        return NOT_AN_INTEGER;
                    }
                    if (count.get() < 1) {
                        return SYNTAX;
                    }
                }
                case "TYPE" -> lists = "list".equalsIgnoreCase(text(args.get(i + 1)));
                default -> {
                    return SYNTAX;
                }
            }
        }
        // a cursor other than 0 was not handed out by us: the scan is over
        List<String> found = lists && cursor.get() == 0 ? keyspace.names(db, pattern) : List.of();
        return Reply.array(List.of(Reply.bulk("0"), names(found)));
    }

    /** Redis's wording: the name, then the first arguments quoted, up to about 128 characters of them. */
    static Reply unknownCommand(List<byte[]> args) {
        StringBuilder shown = new StringBuilder();
        for (int i = 1; i < args.size() && shown.length() < 128; i++) {
            shown.append('\'').append(clip(text(args.get(i)), 128 - shown.length())).append("' ");
        }
        return Reply.error("ERR unknown command '" + clip(text(args.get(0)), 128) + "', with args beginning with: " + shown);
    }

    static Reply wrongArity(String command) {
        return Reply.error("ERR wrong number of arguments for '" + command + "' command");
    }

    private static Reply bulks(List<QueueItem> items) {
        return Reply.array(items.stream().map(i -> Reply.bulk(i.data())).toList());
    }

    private static Reply names(List<String> names) {
        return Reply.array(names.stream().map(Reply::bulk).toList());
    }
}
