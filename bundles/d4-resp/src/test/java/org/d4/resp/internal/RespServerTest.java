// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.d4.resp.internal.RespTestClient.bulk;
import static org.d4.resp.internal.RespTestClient.bulks;
import static org.d4.resp.internal.RespTestClient.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueSpec;
import org.d4.api.security.AppUser;
import org.d4.api.security.Role;
import org.d4.api.security.UserDirectory;
import org.d4.storage.mapdb.internal.MapDbQueues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real server on a free port, over the real queue store, driven through plain sockets. */
class RespServerTest {
    static final String TOKEN = "0123456789abcdef0123456789abcdef";
    static final String REGISTER_ONLY_TOKEN = "fedcba9876543210fedcba9876543210";
    static final String WRONGPASS = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";

    /** Knows two tokens: an analyst's and one that may only register sensors; and two passwords, one still generated. */
    static final class TwoTokens implements UserDirectory {
        static final List<String> PASSWORD_LOGINS_FROM = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Optional<AppUser> authenticate(String name, char[] password) {
            return Optional.empty();
        }

        @Override
        public Optional<AppUser> authenticate(String name, char[] password, String remoteAddress) {
            PASSWORD_LOGINS_FROM.add(remoteAddress);
            return switch (name + ":" + new String(password)) {
                case "analyst:Analyst-pass-1" -> Optional.of(new AppUser("analyst", Set.of(Role.USER), false));
                case "fresh:Generated-pass-1" -> Optional.of(new AppUser("fresh", Set.of(Role.USER), true));
                default -> Optional.empty();
            };
        }

        @Override
        public Optional<AppUser> authenticateToken(String token) {
            if (TOKEN.equals(token)) {
                return Optional.of(new AppUser("analyst", Set.of(Role.USER), false));
            }
            if (REGISTER_ONLY_TOKEN.equals(token)) {
                return Optional.of(new AppUser("registrar", Set.of(Role.SENSOR_REGISTER), false));
            }
            return Optional.empty();
        }
    }

    @TempDir
    Path dir;
    MapDbQueues queues;
    final List<RespServer> servers = new ArrayList<>();
    final List<RespTestClient> clients = new ArrayList<>();
    String key;
    UUID sensor = UUID.randomUUID();

    @BeforeEach
    void fiveLinesInATypeEightQueue() throws Exception {
        queues = MapDbQueues.open(dir.resolve("queues.db"), 64L << 20);
        QueueInfo q = queues.create(new QueueSpec(QueueSelector.of(8), "desc", 1000, Optional.empty()));
        key = q.listName();
        for (int i = 1; i <= 5; i++) {
            queues.route(8, Optional.empty(), sensor).push(("line-" + i).getBytes(UTF_8));
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (RespTestClient c : clients) {
            c.close();
        }
        for (RespServer s : servers) {
            s.close();
        }
        queues.close();
    }

    @Test
    void rpopTakesTheOldestAndLpopTheNewest() throws Exception {
        RespTestClient c = client(start(Map.of()));
        assertEquals("+OK\r\n", c.call("SELECT", "2"));
        assertEquals(":5\r\n", c.call("LLEN", key));
        assertEquals(bulk("line-1"), c.call("RPOP", key));
        assertEquals(bulks("line-2", "line-3"), c.call("RPOP", key, "2"));
        assertEquals(bulk("line-5"), c.call("LPOP", key));
        assertEquals(":1\r\n", c.call("LLEN", key));
        assertEquals(bulks("line-4"), c.call("lpop", key, "10"));
        assertEquals("$-1\r\n", c.call("RPOP", key));
        assertEquals("*-1\r\n", c.call("RPOP", key, "3"));
        assertEquals("$-1\r\n", c.call("LPOP", key));
        assertEquals(":0\r\n", c.call("LLEN", key));
        assertEquals("-ERR value is out of range, must be positive\r\n", c.call("RPOP", key, "-1"));
        assertEquals("-ERR value is not an integer or out of range\r\n", c.call("RPOP", key, "x"));
        assertEquals(5, queues.queue(UUID.fromString(key.substring(key.lastIndexOf(':') + 1))).orElseThrow().out());
    }

    @Test
    void missingKeysAndOtherDatabasesAreEmpty() throws Exception {
        RespTestClient c = client(start(Map.of()));
        // database 0 until SELECT, as in Redis
        assertEquals(":0\r\n", c.call("LLEN", key));
        assertEquals("$-1\r\n", c.call("RPOP", key));
        assertEquals("*0\r\n", c.call("KEYS", "*"));
        assertEquals(":0\r\n", c.call("DBSIZE"));
        assertEquals("-ERR DB index is out of range\r\n", c.call("SELECT", "16"));
        assertEquals("-ERR value is not an integer or out of range\r\n", c.call("SELECT", "two"));
        assertEquals("+OK\r\n", c.call("SELECT", "2"));
        String wrongType = key.replace("analyzer:8:", "analyzer:3:");
        String unknownQueue = "analyzer:8:" + UUID.randomUUID();
        for (String missing : List.of(wrongType, unknownQueue, "analyzer:8:not-a-uuid", "analyzer:", "key", "")) {
            assertEquals(":0\r\n", c.call("LLEN", missing), missing);
            assertEquals("$-1\r\n", c.call("RPOP", missing), missing);
            assertEquals("*-1\r\n", c.call("LPOP", missing, "2"), missing);
            assertEquals("*0\r\n", c.call("LRANGE", missing, "0", "-1"), missing);
            assertEquals("+none\r\n", c.call("TYPE", missing), missing);
        }
        assertEquals(":5\r\n", c.call("LLEN", key), "nothing was taken");
    }

    @Test
    void lrangeCountsFromTheNewestAndLeavesItemsInPlace() throws Exception {
        RespTestClient c = client(start(Map.of()));
        c.call("SELECT", "2");
        assertEquals(bulks("line-5", "line-4", "line-3", "line-2", "line-1"), c.call("LRANGE", key, "0", "-1"));
        assertEquals(bulks("line-5"), c.call("LRANGE", key, "0", "0"));
        assertEquals(bulks("line-1"), c.call("LRANGE", key, "-1", "-1"));
        assertEquals(bulks("line-4", "line-3"), c.call("LRANGE", key, "1", "2"));
        assertEquals(bulks("line-2", "line-1"), c.call("LRANGE", key, "-2", "-1"));
        assertEquals(bulks("line-2", "line-1"), c.call("LRANGE", key, "3", "100"));
        assertEquals(bulks("line-5"), c.call("LRANGE", key, "-100", "0"));
        assertEquals("*0\r\n", c.call("LRANGE", key, "5", "10"));
        assertEquals("*0\r\n", c.call("LRANGE", key, "2", "1"));
        assertEquals("*0\r\n", c.call("LRANGE", key, "0", "-6"));
        assertEquals("-ERR value is not an integer or out of range\r\n", c.call("LRANGE", key, "a", "1"));
        assertEquals(":5\r\n", c.call("LLEN", key));
        assertEquals(bulk("line-1"), c.call("RPOP", key), "LRANGE -1 -1 is what RPOP takes next");
    }

    @Test
    void existsTypeKeysScanAndDbsize() throws Exception {
        QueueInfo ja3 = queues.create(new QueueSpec(QueueSelector.extended("ja3-jl"), "fingerprints", 10, Optional.empty()));
        RespTestClient c = client(start(Map.of()));
        c.call("SELECT", "2");
        assertEquals(":3\r\n", c.call("EXISTS", key, key, ja3.listName(), "analyzer:8:" + UUID.randomUUID()));
        assertEquals("+list\r\n", c.call("TYPE", key));
        assertEquals("+list\r\n", c.call("TYPE", ja3.listName()), "an empty queue is still a key");
        assertEquals(bulks(key, ja3.listName()), c.call("KEYS", "*"));
        assertEquals(bulks(key), c.call("KEYS", "analyzer:8:*"));
        assertEquals(bulks(ja3.listName()), c.call("KEYS", "analyzer:ja3-jl:*"));
        assertEquals(bulks(ja3.listName()), c.call("KEYS", "analyzer:[a-j]??-*"));
        assertEquals("*0\r\n", c.call("KEYS", "other:*"));
        assertEquals("*2\r\n" + bulk("0") + bulks(key, ja3.listName()), c.call("SCAN", "0"));
        assertEquals("*2\r\n" + bulk("0") + bulks(ja3.listName()), c.call("SCAN", "0", "MATCH", "analyzer:ja3*", "COUNT", "10"));
        assertEquals("*2\r\n" + bulk("0") + bulks(key, ja3.listName()), c.call("scan", "0", "type", "list"));
        assertEquals("*2\r\n" + bulk("0") + "*0\r\n", c.call("SCAN", "0", "TYPE", "string"));
        assertEquals("-ERR syntax error\r\n", c.call("SCAN", "0", "MATCH"));
        assertEquals("-ERR invalid cursor\r\n", c.call("SCAN", "x"));
        assertEquals(":2\r\n", c.call("DBSIZE"));
    }

    @Test
    void authWithAUserNameTakesThatUsersPasswordAndNamesTheClientAddress() throws Exception {
        int port = start(Map.of("require_auth", true));
        TwoTokens.PASSWORD_LOGINS_FROM.clear();
        RespTestClient c = client(port);
        assertEquals(WRONGPASS, c.call("AUTH", "analyst", "wrong"));
        assertEquals(WRONGPASS, c.call("AUTH", "fresh", "Generated-pass-1"), "a generated password must be changed first");
        assertEquals("+OK\r\n", c.call("AUTH", "analyst", "Analyst-pass-1"));
        assertEquals("+OK\r\n", c.call("SELECT", "2"));
        assertEquals(bulk("line-1"), c.call("RPOP", key));
        assertEquals(List.of("127.0.0.1", "127.0.0.1", "127.0.0.1"), TwoTokens.PASSWORD_LOGINS_FROM, "the address alone, for the lockout");
    }

    @Test
    void authIsRequiredWhenConfigured() throws Exception {
        int port = start(Map.of("require_auth", true));
        RespTestClient c = client(port);
        assertEquals("+PONG\r\n", c.call("PING"));
        assertEquals("-NOAUTH Authentication required.\r\n", c.call("SELECT", "2"));
        assertEquals("-NOAUTH Authentication required.\r\n", c.call("RPOP", key));
        assertEquals(WRONGPASS, c.call("AUTH", "wrong-token"));
        assertEquals(WRONGPASS, c.call("AUTH", REGISTER_ONLY_TOKEN), "a token that may only register sensors reads no queue");
        assertTrue(c.call("HELLO", "3").startsWith("-NOAUTH HELLO must be called with the client already authenticated"));
        assertEquals(WRONGPASS, c.call("HELLO", "3", "AUTH", "default", "wrong-token"));
        assertEquals("+OK\r\n", c.call("AUTH", "default", TOKEN), "the user name is ignored");
        assertEquals("+OK\r\n", c.call("SELECT", "2"));
        assertEquals(bulk("line-1"), c.call("RPOP", key));

        RespTestClient tokenOnly = client(port);
        assertEquals("+OK\r\n", tokenOnly.call("AUTH", TOKEN));
        assertEquals(":0\r\n", tokenOnly.call("DBSIZE"));

        RespTestClient resp3 = client(port);
        assertTrue(resp3.call("HELLO", "3", "AUTH", "default", TOKEN, "SETNAME", "ja3").startsWith("%7\r\n"), "redis-py's login");
        assertEquals("+OK\r\n", resp3.call("SELECT", "2"));
        assertEquals(bulk("line-2"), resp3.call("RPOP", key));

        RespTestClient guesser = client(port);
        for (int i = 1; i < ConnectionCommands.MAX_FAILED_LOGINS; i++) {
            assertEquals(WRONGPASS, guesser.call("AUTH", "guess-" + i));
        }
        assertEquals(WRONGPASS, guesser.call("AUTH", "last-guess"));
        assertTrue(guesser.closedByServer(), "closed after " + ConnectionCommands.MAX_FAILED_LOGINS + " failed AUTHs");
    }

    @Test
    void withoutRequiredAuthAValidTokenIsAcceptedAndAWrongOneRefused() throws Exception {
        RespTestClient c = client(start(Map.of()));
        assertEquals("+OK\r\n", c.call("AUTH", TOKEN));
        assertEquals(WRONGPASS, c.call("AUTH", "user", "nope"));
        assertEquals("+PONG\r\n", c.call("PING"));
    }

    @Test
    void unknownCommandsAndWrongArityAnswerAsRedisDoes() throws Exception {
        RespTestClient c = client(start(Map.of()));
        assertEquals("-ERR unknown command 'GET', with args beginning with: 'k' \r\n", c.call("GET", "k"));
        assertEquals("-ERR unknown command 'flushall', with args beginning with: \r\n", c.call("flushall"));
        // a reply line cannot hold CR or LF: they become spaces
        assertEquals("-ERR unknown command 'x', with args beginning with: 'a b' 'c  ' \r\n", c.call("x", "a b", "c\r\n"));
        assertEquals("-ERR wrong number of arguments for 'llen' command\r\n", c.call("LLEN"));
        assertEquals("-ERR wrong number of arguments for 'lrange' command\r\n", c.call("LRANGE", key, "0"));
        assertEquals("-ERR wrong number of arguments for 'ping' command\r\n", c.call("PING", "a", "b"));
        assertEquals("-ERR wrong number of arguments for 'client|setname' command\r\n", c.call("CLIENT", "SETNAME"));
        assertEquals("-ERR unknown subcommand 'KILL'. Try CLIENT HELP.\r\n", c.call("CLIENT", "KILL", "x"));
        assertEquals("+PONG\r\n", c.call("PING"), "errors leave the connection usable");
    }

    @Test
    void clientHandshakeCommands() throws Exception {
        RespTestClient c = client(start(Map.of()));
        assertEquals(bulk("hello"), c.call("PING", "hello"));
        assertEquals(bulk("a\r\nb"), c.call("ECHO", "a\r\nb"));
        assertEquals("*0\r\n", c.call("COMMAND"));
        assertEquals("*0\r\n", c.call("COMMAND", "DOCS"));
        assertEquals("+OK\r\n", c.call("CLIENT", "SETINFO", "LIB-NAME", "redis-py"));
        assertEquals("+OK\r\n", c.call("CLIENT", "SETINFO", "LIB-VER", "5.0.1"));
        assertEquals("$-1\r\n", c.call("CLIENT", "GETNAME"));
        assertEquals("+OK\r\n", c.call("CLIENT", "SETNAME", "pdns-analyzer"));
        assertEquals(bulk("pdns-analyzer"), c.call("client", "getname"));
        String info = c.call("INFO");
        assertTrue(info.contains("# Server\r\nredis_version:7.0.0-d4\r\n"), info);
        assertTrue(info.contains("db2:keys=1,expires=0,avg_ttl=0"), info);
        assertFalse(c.call("INFO", "server").contains("Keyspace"));
        assertEquals("+OK\r\n", c.call("QUIT"));
        assertTrue(c.closedByServer());
    }

    @Test
    void helloSwitchesToResp3AsNewerRedisPyAsks() throws Exception {
        RespTestClient c = client(start(Map.of()));
        String hello = "$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$8\r\n7.0.0-d4\r\n$5\r\nproto\r\n";
        assertTrue(c.call("HELLO").startsWith("*14\r\n" + hello + ":2\r\n"), "RESP2: the map as a flat array");
        assertTrue(c.call("HELLO", "3").startsWith("%7\r\n" + hello + ":3\r\n"));
        c.call("SELECT", "2");
        String missing = "analyzer:8:" + UUID.randomUUID();
        assertEquals("_\r\n", c.call("RPOP", missing), "RESP3 has one null");
        assertEquals("_\r\n", c.call("LPOP", missing, "2"));
        assertEquals(bulk("line-1"), c.call("RPOP", key));
        assertEquals(bulks("line-2"), c.call("RPOP", key, "1"));
        assertEquals("-NOPROTO unsupported protocol version\r\n", c.call("HELLO", "4"));
        assertEquals("-ERR Protocol version is not an integer or out of range\r\n", c.call("HELLO", "three"));
        assertEquals("-ERR Syntax error in HELLO option 'FOO'\r\n", c.call("HELLO", "3", "foo"));
        assertTrue(c.call("HELLO", "2", "SETNAME", "pdns").startsWith("*14\r\n"));
        assertEquals("$-1\r\n", c.call("RPOP", missing), "back to RESP2");
        assertEquals(bulk("pdns"), c.call("CLIENT", "GETNAME"));
    }

    @Test
    void inlineCommandsForTelnet() throws Exception {
        RespTestClient c = client(start(Map.of()));
        c.send("PING\r\n");
        assertEquals("+PONG\r\n", c.reply());
        c.send("select 2\n\r\nLLEN " + key + "\r\n  RPOP\t" + key + "  \r\n");
        assertEquals("+OK\r\n", c.reply());
        assertEquals(":5\r\n", c.reply());
        assertEquals(bulk("line-1"), c.reply());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        for (int i = 6; i <= 300; i++) {
            queues.route(8, Optional.empty(), sensor).push(("line-" + i).getBytes(UTF_8));
        }
        RespTestClient c = client(start(Map.of()));
        StringBuilder batch = new StringBuilder(command("SELECT", "2"));
        for (int i = 1; i <= 300; i++) {
            batch.append(i % 2 == 0 ? command("RPOP", key) : "RPOP " + key + "\r\n").append(command("ECHO", "after-" + i));
        }
        c.send(batch.toString());
        assertEquals("+OK\r\n", c.reply());
        for (int i = 1; i <= 300; i++) {
            assertEquals(bulk("line-" + i), c.reply());
            assertEquals(bulk("after-" + i), c.reply());
        }
        assertEquals("$-1\r\n", c.call("RPOP", key));
    }

    @Test
    void concurrentConsumersTakeEachItemOnce() throws Exception {
        for (int i = 6; i <= 500; i++) {
            queues.route(8, Optional.empty(), sensor).push(("line-" + i).getBytes(UTF_8));
        }
        int port = start(Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> takes = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                RespTestClient c = client(port);
                takes.add(pool.submit((Callable<List<String>>) () -> {
                    List<String> got = new ArrayList<>();
                    c.call("SELECT", "2");
                    for (String r = c.call("RPOP", key); !r.equals("$-1\r\n"); r = c.call("RPOP", key)) {
                        got.add(r);
                    }
                    return got;
                }));
            }
            Set<String> all = new HashSet<>();
            int count = 0;
            for (Future<List<String>> f : takes) {
                List<String> got = f.get();
                count += got.size();
                all.addAll(got);
            }
            assertEquals(500, count, "no item twice");
            assertEquals(500, all.size(), "no item lost");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void malformedInputClosesOnlyThatConnection() throws Exception {
        int port = start(Map.of("max_request_bytes", 4096));
        RespTestClient good = client(port);
        assertEquals("+OK\r\n", good.call("SELECT", "2"));

        RespTestClient negative = client(port);
        negative.send("*1\r\n$-3\r\n");
        assertEquals("-ERR Protocol error: invalid bulk length\r\n", negative.reply());
        assertTrue(negative.closedByServer());

        RespTestClient junk = client(port);
        junk.send(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00});
        assertTrue(junk.reply().startsWith("-ERR Protocol error: invalid character 0x16"));
        assertTrue(junk.closedByServer());

        RespTestClient huge = client(port);
        huge.send("ECHO " + "a".repeat(5000));
        assertEquals("-ERR Protocol error: request larger than 4096 bytes\r\n", huge.reply());
        assertTrue(huge.closedByServer());

        RespTestClient tooMany = client(port);
        tooMany.send("*1025\r\n");
        assertEquals("-ERR Protocol error: more than 1024 arguments\r\n", tooMany.reply());
        assertTrue(tooMany.closedByServer());

        RespTestClient afterValid = client(port);
        afterValid.send(command("PING") + "*x\r\n" + command("PING"));
        assertEquals("+PONG\r\n", afterValid.reply(), "requests before the bad one are answered");
        assertEquals("-ERR Protocol error: invalid multibulk length\r\n", afterValid.reply());
        assertTrue(afterValid.closedByServer());

        assertEquals(bulk("line-1"), good.call("RPOP", key), "the other client is unaffected");
        assertEquals("+PONG\r\n", client(port).call("PING"), "and new clients are served");
    }

    @Test
    void hostileLengthsAndCountsAreRefusedAtTheirHeaderBeforeAnyData() throws Exception {
        int port = start(Map.of("max_request_bytes", 4096));
        RespTestClient good = client(port);
        assertEquals("+OK\r\n", good.call("SELECT", "2"));

        // each header announces more than the limit and no data follows: the answer cannot have waited for it
        RespTestClient bulk = client(port);
        bulk.send("*1\r\n$2147483647\r\n");
        assertEquals("-ERR Protocol error: request larger than 4096 bytes\r\n", bulk.reply());
        assertTrue(bulk.closedByServer());

        RespTestClient count = client(port);
        count.send("*2147483647\r\n");
        assertEquals("-ERR Protocol error: more than 1024 arguments\r\n", count.reply());
        assertTrue(count.closedByServer());

        RespTestClient beyondLong = client(port);
        beyondLong.send("*1\r\n$99999999999999999999\r\n");
        assertEquals("-ERR Protocol error: invalid bulk length\r\n", beyondLong.reply());
        assertTrue(beyondLong.closedByServer());

        // the limit is the request's: many arguments within it one by one, beyond it together
        RespTestClient summed = client(port);
        summed.send("*1024\r\n" + ("$1000\r\n" + "x".repeat(1000) + "\r\n").repeat(4) + "$1000\r\n");
        assertEquals("-ERR Protocol error: request larger than 4096 bytes\r\n", summed.reply());
        assertTrue(summed.closedByServer());

        assertEquals(bulk("line-1"), good.call("RPOP", key), "the other client is unaffected");
    }

    @Test
    void connectionsBeyondTheLimitAreRefused() throws Exception {
        int port = start(Map.of("max_connections", 2));
        RespTestClient first = client(port);
        RespTestClient second = client(port);
        assertEquals("+PONG\r\n", first.call("PING"));
        assertEquals("+PONG\r\n", second.call("PING"));
        RespTestClient third = client(port);
        assertEquals("-ERR max number of clients reached\r\n", third.reply());
        assertTrue(third.closedByServer());
        second.close();
        long deadline = System.currentTimeMillis() + 5_000;
        while (servers.get(0).openConnections() > 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("+PONG\r\n", client(port).call("PING"), "a freed slot is usable again");
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        RespTestClient c = client(start(Map.of("idle_timeout_s", 1)));
        assertEquals("+PONG\r\n", c.call("PING"));
        long before = System.nanoTime();
        assertTrue(c.closedByServer(), "closed within the read timeout");
        assertTrue(System.nanoTime() - before > 500_000_000L, "not before the idle timeout");
    }

    @Test
    void aNewConfigurationRebindsTheSamePort() throws Exception {
        RespServer before = new RespServer(queues, new TwoTokens());
        before.open(TestConfig.of(Map.of("port", 0)));
        int port = before.port();
        RespTestClient old = new RespTestClient(port);
        assertEquals("+PONG\r\n", old.call("PING"));
        before.close();
        assertTrue(old.closedByServer(), "a stop closes its connections");
        old.close();
        // no @Modified: DS deactivates and activates a new instance with the new configuration
        start(Map.of("port", port, "require_auth", true));
        assertEquals("-NOAUTH Authentication required.\r\n", client(port).call("LLEN", key));
    }

    // ---- helpers

    int start(Map<String, Object> config) throws Exception {
        Map<String, Object> values = new HashMap<>(config);
        values.putIfAbsent("port", 0);          // a free port
        RespServer server = new RespServer(queues, new TwoTokens());
        server.open(TestConfig.of(values));
        servers.add(server);
        return server.port();
    }

    RespTestClient client(int port) throws Exception {
        RespTestClient c = new RespTestClient(port);
        clients.add(c);
        return c;
    }
}
