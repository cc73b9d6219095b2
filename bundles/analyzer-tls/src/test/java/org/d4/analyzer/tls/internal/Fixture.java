// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.d4.api.queue.QueueItem;
import org.d4.common.ApplianceDirs;
import org.d4.fingerprint.HandshakeRecord;

/** An analyzer on a store in a temporary folder, fed and queried as the appliance does. */
final class Fixture implements AutoCloseable {
    /** The sensor the tests' lines come from. */
    static final UUID SENSOR = UUID.fromString("6d3c7c1e-7a0b-4a8e-9a35-0c1e3c4d5e6f");
    final Path home;
    final TestConfig config;
    TlsAnalyzer analyzer;
    private long sequence;

    Fixture(Path home, TestConfig config) throws IOException {
        this.home = home;
        this.config = config;
        open();
    }

    void open() throws IOException {
        analyzer = new TlsAnalyzer(new ApplianceDirs(home), config, () -> System.currentTimeMillis() / 1000);
        analyzer.start();
    }

    void feed(UUID sensor, String... lines) throws IOException {
        for (String line : lines) {
            analyzer.analyze(new QueueItem(++sequence, sensor, 1_700_000_000L, line.getBytes(StandardCharsets.UTF_8)));
        }
        analyzer.flush();
    }

    /** Feeds the client's line of each handshake in a capture of the test resources, from {@link #SENSOR}. */
    void feedCapture(String capture) throws Exception {
        for (HandshakeRecord r : Captures.handshakes(capture)) {
            feed(SENSOR, Captures.clientLine(r));
        }
    }

    /** The answers of a query given as its route and target, with parameters as name, value pairs. */
    List<JsonNode> query(Query.Kind kind, String target, String... parameters) throws IOException, Malformed {
        return page(kind, target, parameters).answers;
    }

    record Answers(List<JsonNode> answers, long cursor) {
    }

    Answers page(Query.Kind kind, String target, String... parameters) throws IOException, Malformed {
        Map<String, String[]> p = new HashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            p.put(parameters[i], new String[] {parameters[i + 1]});
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TlsFingerprints.Page page = analyzer.query(analyzer.parser().parse(kind, target, p), out);
        List<JsonNode> answers = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                answers.add(Captures.readTree(line));
            }
        }
        return new Answers(answers, page.nextCursor());
    }

    @Override
    public void close() {
        analyzer.close();
    }
}
