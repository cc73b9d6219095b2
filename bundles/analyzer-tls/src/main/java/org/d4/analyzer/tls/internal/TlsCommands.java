// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code tls:query}, {@code tls:stats}, {@code tls:label} and {@code tls:unlabel} in the Gogo shell.
 * The command properties are written out rather than taken from {@code @GogoCommand}, whose
 * requirement on the Gogo runtime would keep the analyzer from resolving without the shell.
 */
@Component(service = TlsCommands.class, property = {"osgi.command.scope=tls", "osgi.command.function=query",
        "osgi.command.function=stats", "osgi.command.function=label", "osgi.command.function=unlabel"})
public final class TlsCommands {
    private final TlsFingerprints tls;

    @Activate
    public TlsCommands(@Reference TlsFingerprints tls) {
        this.tls = tls;
    }

    @Descriptor("what is known of a fingerprint, certificate, address, network or server name, as NDJSON")
    public String query(
            @Descriptor("at most this many answers (default 100)") @Parameter(names = {"-n", "--limit"}, absentValue = "100") long limit,
            @Descriptor("ja3, ja3s, ja4, certificate, ip, sni or new (then the value is the since time)") String route,
            @Descriptor("the fingerprint, digest, address, network, name or time") String value) throws IOException {
        Query.Kind kind = switch (route) {
            case "ja3" -> Query.Kind.JA3;
            case "ja3s" -> Query.Kind.JA3S;
            case "ja4" -> Query.Kind.JA4;
            case "certificate" -> Query.Kind.CERTIFICATE;
            case "ip" -> Query.Kind.ADDRESS;
            case "sni" -> Query.Kind.NAME;
            case "new" -> Query.Kind.NEW;
            default -> null;
        };
        if (kind == null) {
            return "unknown route " + route + " (ja3, ja3s, ja4, certificate, ip, sni, new)";
        }
        Map<String, String[]> parameters = new HashMap<>();
        parameters.put("limit", new String[] {Long.toString(limit)});
        if (kind == Query.Kind.NEW) {
            parameters.put("since", new String[] {value});
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TlsFingerprints.Page page;
        try {
            page = tls.query(tls.parser().parse(kind, kind == Query.Kind.NEW ? "" : value, parameters), out);
        } catch (Malformed e) {
            return "bad query: " + e.getMessage();
        }
        if (page.served() == 0) {
            return "nothing known";
        }
        return out.toString(StandardCharsets.UTF_8) + "(" + page.served() + " answers" + (page.nextCursor() != 0 ? ", more exist: raise -n)" : ")");
    }

    @Descriptor("lines, handshakes, malformed lines, fingerprints of each kind, certificates, labels")
    public String stats() {
        StringBuilder out = new StringBuilder();
        tls.counters().forEach((k, v) -> out.append(String.format("%-24s %d%n", k, v)));
        return out.toString();
    }

    @Descriptor("label a fingerprint (JA3/JA3S MD5, JA4, certificate SHA-1 or SHA-256)")
    public String label(@Descriptor("the fingerprint") String fingerprint, @Descriptor("the application or family") String label) {
        try {
            tls.labels().add(fingerprint, label);
            return "labelled " + Labels.normalize(fingerprint) + " " + label;
        } catch (Malformed e) {
            return "not labelled: " + e.getMessage();
        }
    }

    @Descriptor("remove the label added to a fingerprint (those of the label file stay)")
    public String unlabel(@Descriptor("the fingerprint") String fingerprint) {
        try {
            return tls.labels().remove(fingerprint) ? "removed the label of " + Labels.normalize(fingerprint) : "no label added for " + fingerprint;
        } catch (Malformed e) {
            return "not removed: " + e.getMessage();
        }
    }
}
