// SPDX-License-Identifier: Apache-2.0
package org.d4.alerts.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.d4.api.alert.Alert.Kind;
import org.d4.api.alert.Alert.Severity;

/** The data folder's free space and the appliance certificate's expiry. */
final class SystemChecks {
    private final long minFreeBytes;
    private final int minFreePercent;
    private final Duration certificateWarning;

    SystemChecks(long minFreeMb, int minFreePercent, int certificateWarnDays) {
        this.minFreeBytes = minFreeMb * 1024 * 1024;
        this.minFreePercent = minFreePercent;
        this.certificateWarning = Duration.ofDays(certificateWarnDays);
    }

    Optional<Condition> disk(Path data) throws IOException {
        FileStore store = Files.getFileStore(data);
        long free = store.getUsableSpace();
        long total = store.getTotalSpace();
        double percent = total <= 0 ? 100 : 100.0 * free / total;
        if (free < minFreeBytes || percent < minFreePercent) {
            Severity severity = free < minFreeBytes / 4 || percent < minFreePercent / 4.0 ? Severity.CRITICAL : Severity.WARNING;
            return Optional.of(new Condition(Kind.DISK_SPACE, data.toString(), severity, String.format(java.util.Locale.ROOT,
                    "%s has %d MB free of %d MB (%.1f %%; alert below %d MB or %d %%)", data, free >> 20, total >> 20, percent,
                    minFreeBytes >> 20, minFreePercent)));
        }
        return Optional.empty();
    }

    Optional<Condition> certificate(List<X509Certificate> chain, String fingerprint, Instant now) {
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        X509Certificate leaf = chain.get(0);
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (notAfter.isAfter(now.plus(certificateWarning))) {
            return Optional.empty();
        }
        boolean expired = !notAfter.isAfter(now);
        long days = Duration.between(now, notAfter).toDays();
        return Optional.of(new Condition(Kind.CERTIFICATE_EXPIRY, fingerprint, expired ? Severity.CRITICAL : Severity.WARNING,
                "the appliance certificate " + leaf.getSubjectX500Principal().getName() + " (SHA-256 " + fingerprint + ") "
                        + (expired ? "expired on " + notAfter : "expires on " + notAfter + ", in " + days + " days")
                        + "; sensors and browsers will refuse it"));
    }
}
