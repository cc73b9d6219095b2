// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueSpec;
import org.d4.storage.mapdb.internal.MapDbQueues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Redis command-line client against the endpoint, as an operator or a shell-script analyzer runs it. */
class RedisCliTest {
    @TempDir
    Path dir;
    MapDbQueues queues;
    RespServer server;
    Path redisCli;
    String key;

    @BeforeEach
    void start() throws Exception {
        redisCli = findRedisCli();
        queues = MapDbQueues.open(dir.resolve("queues.db"), 64L << 20);
        QueueInfo q = queues.create(new QueueSpec(QueueSelector.of(8), "desc", 1000, Optional.empty()));
        key = q.listName();
        for (String line : List.of("first||10.0.0.1||a.example||IN", "second", "third")) {
            queues.route(8, Optional.empty(), java.util.UUID.randomUUID()).push(line.getBytes(UTF_8));
        }
        server = new RespServer(queues, new RespServerTest.TwoTokens());
        server.open(TestConfig.of(Map.of("port", 0)));
    }

    @AfterEach
    void stop() {
        server.close();
        queues.close();
    }

    @Test
    void rpopAsTheReferenceAnalyzersDo() throws Exception {
        assertEquals("first||10.0.0.1||a.example||IN\n", redisCli("-n", "2", "RPOP", key));
        assertEquals("2\n", redisCli("-n", "2", "LLEN", key));
        assertEquals("third\nsecond\n", redisCli("-n", "2", "LRANGE", key, "0", "-1"));
        assertEquals(key + "\n", redisCli("-n", "2", "KEYS", "analyzer:*"));
        assertEquals("third\n", redisCli("-n", "2", "LPOP", key));
        assertEquals("second\n", redisCli("-n", "2", "RPOP", key));
        assertEquals("\n", redisCli("-n", "2", "RPOP", key), "nil prints as an empty line");
        assertEquals("0\n", redisCli("LLEN", key), "database 0 holds nothing");
        assertTrue(redisCli("-n", "2", "FLUSHALL").startsWith("ERR unknown command 'FLUSHALL'"));
    }

    @Test
    void authWithAToken() throws Exception {
        server.close();
        server = new RespServer(queues, new RespServerTest.TwoTokens());
        server.open(TestConfig.of(Map.of("port", 0, "require_auth", true)));
        String refused = redisCli("-n", "2", "RPOP", key);
        assertTrue(refused.contains("NOAUTH Authentication required."), refused);
        assertEquals("first||10.0.0.1||a.example||IN\n", redisCli("--no-auth-warning", "-a", RespServerTest.TOKEN, "-n", "2", "RPOP", key));
    }

    /** Runs redis-cli against the server; its output is raw (one value a line) because it is not a terminal. */
    private String redisCli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(redisCli.toString(), "-h", "127.0.0.1", "-p", Integer.toString(server.port())));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("redis-cli " + String.join(" ", args) + " did not finish within 10 s");
        }
        return new String(p.getInputStream().readAllBytes(), UTF_8);
    }

    /** redis-cli on the PATH or in /usr/bin; without it the test is skipped, except under CI=true, where it fails. */
    private static Path findRedisCli() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        Optional<Path> found = Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/bin"))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "redis-cli")).filter(Files::isExecutable).findFirst();
        String missing = "redis-cli not found on the PATH or in /usr/bin (install redis-tools) - the RESP endpoint is not checked against the real client";
        if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(missing);
        }
        assumeTrue(found.isPresent(), missing);
        return found.get();
    }
}
