// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates of {@code ja3-jl} records kept as files, as the reference server does: each
 * {@code Certificates[].Raw} (base64 DER) of a record is written once, named by the SHA-1 of the DER,
 * to {@code <archive>/<sensor>/ja3-jl/certs/<sha1>.crt}. A certificate already there is not written
 * again. Written to a temporary file, forced to disk and renamed, so a file with that name is always whole.
 * Thread-safe: the sessions of every sensor share one.
 */
final class CertificateFiles {
    static final String FOLDER = "certs";
    private static final Logger LOG = LoggerFactory.getLogger(CertificateFiles.class);
    private static final long LOG_EVERY = 10_000;

    private final Path root;
    private final String typeFolder;
    private final int maxBytes;
    private final JsonFactory json = new JsonFactory();
    private final AtomicLong saved = new AtomicLong();
    private final AtomicLong known = new AtomicLong();
    private final AtomicLong tooLarge = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    CertificateFiles(Path root, String typeFolder, int maxBytes) {
        this.root = root;
        this.typeFolder = typeFolder;
        this.maxBytes = maxBytes;
    }

    /** The folder of a sensor's certificates. */
    Path folder(UUID sensor) {
        return root.resolve(sensor.toString()).resolve(typeFolder).resolve(FOLDER);
    }

    /** Keeps the certificates of one record (a line that is a JSON object); other content is left alone. */
    void save(UUID sensor, byte[] line) {
        try (JsonParser p = json.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("Certificates".equals(field) && value == JsonToken.START_ARRAY) {
                    certificates(sensor, p);
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException notJson) {
            // the line filter let only JSON objects through: nothing to do with a broken one
            count(malformed, "a record that is not JSON", sensor);
        }
    }

    /** The entries of the array the parser stands at; entries that are not objects are passed over. */
    private void certificates(UUID sensor, JsonParser p) throws IOException {
        for (JsonToken entry = p.nextToken(); entry != JsonToken.END_ARRAY && entry != null; entry = p.nextToken()) {
            if (entry != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("Raw".equals(field) && value == JsonToken.VALUE_STRING) {
                    certificate(sensor, p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private void certificate(UUID sensor, String base64) {
        // 4 characters carry 3 bytes: a longer text cannot decode to an allowed size
        if ((long) base64.length() / 4 * 3 > maxBytes + 3L) {
            count(tooLarge, "a certificate larger than " + maxBytes + " bytes", sensor);
            return;
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            count(malformed, "a certificate that is not base64", sensor);
            return;
        }
        if (der.length == 0) {
            count(malformed, "an empty certificate", sensor);
            return;
        }
        if (der.length > maxBytes) {
            count(tooLarge, "a certificate larger than " + maxBytes + " bytes", sensor);
            return;
        }
        Path folder = folder(sensor);
        Path target = folder.resolve(sha1(der) + ".crt");
        if (Files.exists(target)) {
            known.incrementAndGet();
            return;
        }
        try {
            Files.createDirectories(folder);
            Path temporary = ArchiveLayout.temporary(folder.resolve(UUID.randomUUID() + ".crt"));
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(der);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            // the same name is the same content: another session may have won the race, either file will do
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            saved.incrementAndGet();
        } catch (FileAlreadyExistsException raced) {
            known.incrementAndGet();
        } catch (IOException e) {
            count(failed, "a certificate that could not be written (" + e.getMessage() + ")", sensor);
        }
    }

    private static String sha1(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    /** Counts a problem; logged the first time and then every {@value #LOG_EVERY} times, so a sensor cannot flood the log. */
    private static void count(AtomicLong counter, String what, UUID sensor) {
        long n = counter.incrementAndGet();
        if (n == 1 || n % LOG_EVERY == 0) {
            LOG.warn("ja3-jl of sensor {}: {} was not saved ({} so far); the record is archived and queued as it came", sensor, what, n);
        }
    }

    /** Certificates written. */
    long saved() {
        return saved.get();
    }

    /** Certificates that were there already. */
    long known() {
        return known.get();
    }

    /** Certificates over the size bound, not saved. */
    long tooLarge() {
        return tooLarge.get();
    }

    /** Certificates that were not base64 or empty, and records that were not JSON. */
    long malformed() {
        return malformed.get();
    }

    /** Certificates that could not be written (disk full, permissions). */
    long failed() {
        return failed.get();
    }
}
