// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.d4.api.queue.QueueItem;

/** An analyzer on a real store in a temp folder, with a clock the test sets, fed and queried as the appliance does. */
final class Fixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Path folder;
    final TestConfig config;
    final AtomicLong now = new AtomicLong(1_700_000_000L);
    PassiveDnsAnalyzer analyzer;
    private long sequence;

    Fixture(Path folder, TestConfig config) throws IOException {
        this.folder = folder;
        this.config = config;
        open();
    }

    void open() throws IOException {
        analyzer = new PassiveDnsAnalyzer(folder, config, "0.1.0.test", now::get);
    }

    /** Closes and opens the store again, as a restart would. */
    void reopen() throws IOException {
        analyzer.close();
        open();
    }

    void send(UUID sensor, String... lines) throws Exception {
        for (String line : lines) {
            analyzer.analyze(new QueueItem(++sequence, sensor, now.get(), line.getBytes(StandardCharsets.UTF_8)));
        }
        analyzer.flush();
    }

    static String line(long time, String name, String type, String rdata) {
        return time + ".123456||192.0.2.10||198.51.100.53||IN||" + name + "||" + type + "||" + rdata + "||300||1";
    }

    /** The records a query returns, with the next cursor (0 when none) in {@link Answer#cursor}. */
    record Answer(List<JsonNode> records, long cursor) {
        List<String> rdata() {
            return records.stream().map(r -> r.path("rdata").asText()).toList();
        }

        List<String> rrnames() {
            return records.stream().map(r -> r.path("rrname").asText()).toList();
        }
    }

    Answer query(String q, String... parameters) throws Exception {
        return query(q, false, parameters);
    }

    Answer fquery(String q, String... parameters) throws Exception {
        return query(q, true, parameters);
    }

    private Answer query(String q, boolean full, String... parameters) throws Exception {
        Map<String, String[]> p = new HashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            p.put(parameters[i], new String[] {parameters[i + 1]});
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PassiveDns.Page page;
        try (CofWriter writer = analyzer.cofWriter(out)) {
            page = analyzer.query(analyzer.parser().parse(q, full, p, h -> null), writer);
        }
        List<JsonNode> records = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                records.add(JSON.readTree(line));
            }
        }
        return new Answer(records, page.nextCursor());
    }

    @Override
    public void close() {
        analyzer.close();
    }
}
