// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.d4.fingerprint.tls.CertificateInfo;
import org.d4.fingerprint.tls.TlsFormatException;

/**
 * Writes answers as NDJSON, one object per fingerprint or certificate: {@code kind},
 * {@code fingerprint}, the readable form ({@code ja3}/{@code ja3s} strings), {@code first_seen},
 * {@code last_seen} (epoch seconds), {@code count}, {@code sensors}, {@code clients} and
 * {@code servers} ({@code [{"ip":..,"count":..}]}, most frequent first), {@code sni} and {@code alpn}
 * ({@code [{"name":..,"count":..}]}), {@code labels}; a certificate adds its parsed fields.
 */
final class AnswerWriter implements QueryEngine.Sink, AutoCloseable {
    private final JsonGenerator out;
    private final TlsStore store;
    private final Function<String, List<String>> labels;
    private String certificateSha1;

    AnswerWriter(JsonFactory json, OutputStream stream, TlsStore store, Function<String, List<String>> labels) throws IOException {
        this.out = json.createGenerator(stream);
        this.out.setRootValueSeparator(null);
        this.store = store;
        this.labels = labels;
    }

    @Override
    public void answer(FingerprintKey key, Summary s, String role) throws IOException {
        certificateSha1 = null;
        out.writeStartObject();
        out.writeStringField("kind", key.kind().id());
        out.writeStringField("fingerprint", key.value());
        if (role != null) {
            out.writeStringField("role", role);
        }
        switch (key.kind()) {
            case JA3, JA3S -> {
                if (!s.detail.isEmpty()) {
                    out.writeStringField(key.kind().id(), s.detail);
                }
            }
            case PAIR -> {
                int comma = key.value().indexOf(',');
                out.writeStringField("ja3_md5", key.value().substring(0, comma));
                out.writeStringField("ja3s_md5", key.value().substring(comma + 1));
            }
            case CERTIFICATE -> certificate(key.value());
            default -> {
                // the fingerprint says it all
            }
        }
        out.writeNumberField("first_seen", s.first);
        out.writeNumberField("last_seen", s.last);
        out.writeNumberField("count", s.count);
        out.writeArrayFieldStart("sensors");
        for (String sensor : s.sensors) {
            out.writeString(sensor);
        }
        out.writeEndArray();
        list("clients", "ip", s.clients);
        list("servers", "ip", s.servers);
        list("sni", "name", s.names);
        list("alpn", "name", s.alpn);
        out.writeArrayFieldStart("labels");
        java.util.Set<String> all = new java.util.LinkedHashSet<>(labels.apply(key.value()));
        if (certificateSha1 != null) {
            all.addAll(labels.apply(certificateSha1));     // a certificate is labelled by either digest
        }
        for (String label : all) {
            out.writeString(label);
        }
        out.writeEndArray();
        out.writeEndObject();
        out.writeRaw('\n');
    }

    private void certificate(String sha256) throws IOException {
        byte[] der = store.certificate(sha256);
        if (der == null) {
            return;
        }
        CertificateInfo c;
        try {
            c = CertificateInfo.parse(der);
        } catch (TlsFormatException e) {
            out.writeStringField("error", "unreadable certificate: " + e.getMessage());
            return;
        }
        certificateSha1 = c.sha1();
        out.writeStringField("sha1", c.sha1());
        out.writeStringField("sha256", c.sha256());
        out.writeStringField("subject", c.subject());
        out.writeStringField("issuer", c.issuer());
        out.writeStringField("serial", c.serial());
        out.writeStringField("not_before", c.notBefore().toString());
        out.writeStringField("not_after", c.notAfter().toString());
        out.writeBooleanField("expired", c.notAfter().isBefore(Instant.now()));
        out.writeArrayFieldStart("san");
        for (String n : c.subjectAlternativeNames()) {
            out.writeString(n);
        }
        out.writeEndArray();
        out.writeStringField("key_algorithm", c.keyAlgorithm());
        out.writeNumberField("key_size", c.keySize());
        out.writeBooleanField("self_signed", c.selfSigned());
    }

    private void list(String field, String name, TopList values) throws IOException {
        out.writeArrayFieldStart(field);
        for (TopList.Entry e : values.sorted()) {
            out.writeStartObject();
            out.writeStringField(name, e.value());
            out.writeNumberField("count", e.count());
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
