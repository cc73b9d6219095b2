// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.util.UUID;

/**
 * The {@code ja3-jl} line filter of one session: a line that is a JSON object passes, and its
 * certificates are kept ({@link CertificateFiles}) before it is queued. The line itself is not changed.
 * Its name is the plain JSON filter's: a crash recovery queues the lines again but does not write the
 * certificates of lines it finds (those of the lines before the crash are on disk already).
 */
final class CertificateSavingFilter implements LineFilter {
    private final LineFilter jsonObjects;
    private final CertificateFiles certificates;
    private final UUID sensor;

    CertificateSavingFilter(LineFilter jsonObjects, CertificateFiles certificates, UUID sensor) {
        this.jsonObjects = jsonObjects;
        this.certificates = certificates;
        this.sensor = sensor;
    }

    @Override
    public boolean accepts(byte[] line) {
        if (!jsonObjects.accepts(line)) {
            return false;
        }
        certificates.save(sensor, line);
        return true;
    }

    /** Certificates are kept whether or not an analyzer queue takes the records. */
    @Override
    public boolean seesEveryLine() {
        return true;
    }

    @Override
    public String expected() {
        return jsonObjects.expected();
    }

    @Override
    public String name() {
        return jsonObjects.name();
    }
}
