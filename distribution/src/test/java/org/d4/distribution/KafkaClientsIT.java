// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.KafkaBroker;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka client library inside the appliance's framework: the image ships it as a bundle in
 * {@code analyzers/} (feature queue-kafka, not started by default); deployed with a test bundle that
 * uses it, records go to a real broker and come back, in order per key, with LZ4 compression.
 */
class KafkaClientsIT {
    static final Path PROBE = Path.of(System.getProperty("d4.test.kafka.probe", "test-kafka-probe/target/d4-test-kafka-probe.jar"));
    @AutoClose
    static KafkaBroker broker;
    @AutoClose
    static Appliance d4;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
        d4 = Appliance.fromImage(ServerImageIT.IMAGE).config("d4.test.kafka", Map.of("bootstrap.servers", broker.bootstrapServers())).start();
    }

    @Test
    void shippedNotStartedAndWorkingOnceDeployed() throws Exception {
        Path shipped = only(d4.home().resolve("analyzers"), "d4-kafka-clients-*.jar");
        assertTrue(only(d4.home().resolve("bundle"), "d4-kafka-clients-*.jar") == null, "not among the boot bundles");
        Files.copy(shipped, d4.home().resolve("deploy").resolve(shipped.getFileName()));
        Files.copy(PROBE, d4.home().resolve("deploy/d4-test-kafka-probe.jar"));

        Path result = d4.home().resolve("data/test-kafka-probe/result");
        assertTrue(Commands.eventually(Duration.ofSeconds(120), () -> Files.exists(result)), "the probe ran; log: " + d4.readLog());
        String outcome = Files.readString(result).strip();
        List<String> expected = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            List<String> values = new ArrayList<>();
            for (int i = k; i < 90; i += 3) {
                values.add(Integer.toString(i));
            }
            expected.add("sensor-" + k + "=" + values);
        }
        assertEquals("ok 90 {" + String.join(", ", expected) + "}", outcome);
    }

    private static Path only(Path dir, String glob) throws Exception {
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, glob)) {
            Path first = null;
            for (Path p : found) {
                assertTrue(first == null, "one " + glob + " in " + dir);
                first = p;
            }
            return first;
        }
    }
}
