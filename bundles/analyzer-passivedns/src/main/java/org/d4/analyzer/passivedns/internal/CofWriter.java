// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;

/**
 * Writes records as newline-delimited JSON in the Passive DNS Common Output Format
 * (draft-dulaunoy-dnsop-passive-dns-cof): rrname, rrtype (its mnemonic, or its number when the
 * registry has none), rdata, time_first, time_last, count, and where known sensor_id (the UUIDs of
 * the sensors that saw it, comma-separated) and origin. Streams: nothing is held but the current object.
 */
final class CofWriter implements QueryEngine.Sink, AutoCloseable {
    private final JsonGenerator json;
    private final RrTypes types;
    private final PdnsStore store;
    private final String origin;

    CofWriter(JsonFactory factory, OutputStream out, RrTypes types, PdnsStore store, String origin) throws IOException {
        this.json = factory.createGenerator(out);
        this.json.setRootValueSeparator(null);
        this.types = types;
        this.store = store;
        this.origin = origin == null || origin.isBlank() ? null : origin;
    }

    @Override
    public boolean accept(byte[] recordKey, RecordValue value) throws IOException {
        int type = RecordKeys.type(recordKey);
        json.writeStartObject();
        json.writeStringField("rrname", RecordKeys.rrname(recordKey));
        String name = types.name(type);
        if (name != null) {
            json.writeStringField("rrtype", name);
        } else {
            json.writeNumberField("rrtype", type);
        }
        json.writeStringField("rdata", RecordKeys.rdata(recordKey));
        json.writeNumberField("time_first", value.timeFirst());
        json.writeNumberField("time_last", value.timeLast());
        json.writeNumberField("count", value.count());
        String sensors = sensors(value.sensors());
        if (!sensors.isEmpty()) {
            json.writeStringField("sensor_id", sensors);
        }
        if (origin != null) {
            json.writeStringField("origin", origin);
        }
        json.writeEndObject();
        json.writeRaw('\n');
        return true;
    }

    void flush() throws IOException {
        json.flush();
    }

    private String sensors(int[] numbers) {
        StringBuilder out = new StringBuilder();
        for (int n : numbers) {
            UUID sensor = store.sensor(n);
            if (sensor != null) {
                out.append(out.length() == 0 ? "" : ",").append(sensor);
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        json.close();
    }
}
