// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import org.d4.common.Samples;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator labels: fingerprint (JA3 or JA3S MD5, JA4, certificate SHA-1 or SHA-256) to an
 * application or family name. Two sources: a file the operator maintains (CSV lines
 * {@code fingerprint,label}, {@code #} comments; or JSON, an object of fingerprint to label or an
 * array of {@code {"fingerprint": ..., "label": ...}}), read again when it changes; and the labels
 * added over the REST API, kept in the store. Both are answered. The file is bounded
 * ({@link #MAX_LABELS}, {@link #MAX_FILE_BYTES}); what is beyond is left out and logged.
 */
final class Labels {
    private static final Logger LOG = LoggerFactory.getLogger(Labels.class);
    static final int MAX_LABELS = 1_000_000;
    static final long MAX_FILE_BYTES = 64L << 20;
    static final int MAX_LABEL = 200;
    private static final Pattern FINGERPRINT = Pattern.compile(
            "[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[tqd][0-9s]{2}[di][0-9]{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}");

    private final Path file;
    private final TlsStore store;
    private volatile Map<String, String> fromFile = Map.of();
    private FileTime loaded;
    private long checkedAt;

    Labels(Path file, TlsStore store) {
        this.file = file;
        this.store = store;
        refresh();
    }

    /** The fingerprint in the form labels are kept under, or null when it is not one. */
    static String normalize(String fingerprint) {
        String f = fingerprint == null ? "" : fingerprint.strip().toLowerCase(Locale.ROOT).replace(":", "");
        return FINGERPRINT.matcher(f).matches() ? f : null;
    }

    /** The labels of a fingerprint: the file's, then the one added over the API. */
    List<String> of(String fingerprint) {
        refreshEverySecond();
        String f = fingerprint.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>(2);
        String a = fromFile.get(f);
        if (a != null) {
            out.add(a);
        }
        String b = store.labels().get(f);
        if (b != null && !b.equals(a)) {
            out.add(b);
        }
        return out;
    }

    void add(String fingerprint, String label) throws Malformed {
        String f = normalize(fingerprint);
        if (f == null) {
            throw new Malformed("not a fingerprint: " + Samples.cut(fingerprint) + " (a JA3/JA3S MD5, a JA4, a certificate SHA-1 or SHA-256)");
        }
        String l = label == null ? "" : label.strip();
        if (l.isEmpty() || l.length() > MAX_LABEL || l.chars().anyMatch(c -> c < ' ')) {
            throw new Malformed("a label is 1 to " + MAX_LABEL + " characters without control characters");
        }
        store.putLabel(f, l);
    }

    boolean remove(String fingerprint) throws Malformed {
        String f = normalize(fingerprint);
        if (f == null) {
            throw new Malformed("not a fingerprint: " + Samples.cut(fingerprint));
        }
        return store.removeLabel(f);
    }

    /** Every label, the file's and the API's (the API's win on the same fingerprint). */
    Map<String, String> all() {
        refreshEverySecond();
        Map<String, String> out = new java.util.TreeMap<>(fromFile);
        out.putAll(store.labels());
        return out;
    }

    int fileSize() {
        return fromFile.size();
    }

    private synchronized void refreshEverySecond() {
        long now = System.nanoTime();
        if (now - checkedAt > 1_000_000_000L) {
            checkedAt = now;
            refresh();
        }
    }

    /** Reads the file again when it changed; a file that cannot be read keeps the labels read before. */
    synchronized void refresh() {
        if (file == null || !Files.isRegularFile(file)) {
            if (!fromFile.isEmpty()) {
                fromFile = Map.of();
                loaded = null;
            }
            return;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(loaded)) {
                return;
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                LOG.warn("Label file {} is larger than {} bytes; not read", file, MAX_FILE_BYTES);
                loaded = modified;
                return;
            }
            Map<String, String> read = read(file);
            fromFile = Map.copyOf(read);
            loaded = modified;
            LOG.info("Read {} TLS fingerprint labels from {}", read.size(), file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Label file {} cannot be read: {}", file, e.toString());
        }
    }

    static Map<String, String> read(Path file) throws IOException {
        String head;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            head = in.readLine();
        }
        Map<String, String> out = new HashMap<>();
        int[] skipped = {0};
        if (head != null && (head.strip().startsWith("{") || head.strip().startsWith("["))) {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            if (root.isObject()) {
                root.fields().forEachRemaining(e -> put(out, e.getKey(), e.getValue().asText(), skipped));
            } else {
                for (JsonNode e : root) {
                    put(out, e.path("fingerprint").asText(), e.path("label").asText(e.path("application").asText()), skipped);
                }
            }
        } else {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String l = line.strip();
                    if (l.isEmpty() || l.startsWith("#")) {
                        continue;
                    }
                    int comma = l.indexOf(',');
                    if (comma < 0) {
                        skipped[0]++;
                        continue;
                    }
                    put(out, l.substring(0, comma), unquote(l.substring(comma + 1).strip()), skipped);
                }
            }
        }
        if (skipped[0] > 0) {
            LOG.warn("Label file {}: {} entries left out (not a fingerprint, no label, or beyond {} labels)", file, skipped[0], MAX_LABELS);
        }
        return out;
    }

    private static void put(Map<String, String> out, String fingerprint, String label, int[] skipped) {
        String f = normalize(fingerprint);
        String l = label == null ? "" : label.strip();
        if (f == null || l.isEmpty() || l.length() > MAX_LABEL || out.size() >= MAX_LABELS) {
            skipped[0]++;
            return;
        }
        out.put(f, l);
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1).replace("\"\"", "\"") : s;
    }
}
