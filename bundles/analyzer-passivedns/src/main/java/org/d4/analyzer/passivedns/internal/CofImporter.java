// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import org.d4.common.Samples;
import org.d4.common.Uuids;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Loads a COF dump (newline-delimited JSON objects with rrname, rrtype, rdata, time_first,
 * time_last and optionally count and sensor_id) into the store through the ingestor, merging with
 * what is there. rdata may be one string or an array of them. Reads line by line with a bounded
 * line length, so a dump of any size streams; bad lines are counted and skipped.
 */
final class CofImporter {
    static final int MAX_LINE = 64 * 1024;

    /** What an import did; {@code firstError} describes the first bad line (empty when none). */
    record Outcome(long lines, long imported, long malformed, String firstError) {
    }

    private final RrTypes types;
    private final ObjectMapper json;
    private final Ingestor ingestor;

    CofImporter(RrTypes types, ObjectMapper json, Ingestor ingestor) {
        this.types = types;
        this.json = json;
        this.ingestor = ingestor;
    }

    /** Imports every line of {@code in}, up to {@code maxBytes} (BadRequest beyond, after importing what came before). */
    Outcome read(InputStream in, long maxBytes) throws IOException, InterruptedException, BadRequest {
        LineReader reader = new LineReader(in, MAX_LINE, maxBytes);
        long lines = 0;
        long imported = 0;
        long malformed = 0;
        String firstError = "";
        for (String line = reader.next(); line != null; line = reader.next()) {
            if (line.isBlank()) {
                continue;
            }
            lines++;
            String error = line == LineReader.OVERLONG ? "line longer than " + MAX_LINE + " bytes" : importLine(line);
            if (error == null) {
                imported++;
            } else {
                malformed++;
                firstError = firstError.isEmpty() ? "line " + lines + ": " + error : firstError;
            }
        }
        return new Outcome(lines, imported, malformed, firstError);
    }

    /** Imports one object; the reason it is bad, or null. */
    private String importLine(String text) throws IOException, InterruptedException {
        try {
            JsonNode o = json.readTree(text);
            if (o == null || !o.isObject()) {
                return "not a JSON object";
            }
            String rrname = DnsNames.normalize(o.path("rrname").asText(null));
            if (rrname == null) {
                return "rrname missing or not a domain name";
            }
            JsonNode t = o.path("rrtype");
            int rrtype = t.isInt() ? (t.asInt() >= 0 && t.asInt() <= 65535 ? t.asInt() : -1) : types.number(t.asText(null));
            if (rrtype < 0) {
                return "rrtype missing or unknown";
            }
            long first = time(o.path("time_first"));
            long last = time(o.path("time_last"));
            if (first < 1 || last < first) {
                return "time_first and time_last must be epoch seconds, time_first <= time_last";
            }
            JsonNode c = o.path("count");
            long count = c.isMissingNode() ? 1 : c.canConvertToLong() ? c.asLong() : -1;
            if (count < 1) {
                return "count must be a whole number of at least 1";
            }
            List<UUID> sensors = sensors(o.path("sensor_id").asText(""));
            List<String> data = new ArrayList<>();
            JsonNode r = o.path("rdata");
            if (r.isArray()) {
                r.forEach(e -> data.add(e.isTextual() ? e.asText() : null));
            } else {
                data.add(r.isTextual() ? r.asText() : null);
            }
            if (data.isEmpty() || data.contains(null)) {
                return "rdata must be a string or an array of strings";
            }
            UUID sensor = sensors.isEmpty() ? null : sensors.get(0);
            UUID[] more = sensors.size() > 1 ? sensors.subList(1, sensors.size()).toArray(UUID[]::new) : new UUID[0];
            for (String d : data) {
                ingestor.imported(new Observation(rrname, rrtype, Rdata.normalize(rrtype, d), first, last, count, sensor, -1, null), more);
            }
            return null;
        } catch (JsonProcessingException e) {
            return "malformed JSON: " + Samples.cut(e.getOriginalMessage());
        } catch (Malformed e) {
            return e.getMessage();
        }
    }

    private static long time(JsonNode n) {
        if (n.canConvertToLong() && (n.isIntegralNumber() || n.isFloatingPointNumber())) {
            return n.asLong();
        }
        if (n.isTextual() && n.asText().matches("\\d{1,12}(\\.\\d*)?")) {
            return Long.parseLong(n.asText().split("\\.")[0]);
        }
        return -1;
    }

    /** The UUIDs in a sensor_id (comma-separated); other sensor ids are not ours and are left out. */
    private static List<UUID> sensors(String sensorId) {
        List<UUID> out = new ArrayList<>();
        for (String s : sensorId.split(",")) {
            // anything else is an opaque sensor id from another system
            Uuids.parseCanonical(s.strip()).ifPresent(out::add);
        }
        return out.size() > RecordValue.MAX_SENSORS ? out.subList(0, RecordValue.MAX_SENSORS) : out;
    }
}
