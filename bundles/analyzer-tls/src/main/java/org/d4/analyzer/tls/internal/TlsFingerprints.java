// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** The analyzer's store as its REST routes, console page and commands see it. */
interface TlsFingerprints {
    /** A page of answers: how many were written, and the cursor of the next page (0: none). */
    record Page(long served, long nextCursor) {
    }

    QueryParser parser();

    /** Counts a handshake unless it is the other source's copy of one counted already; false for a copy. */
    boolean ingest(Sighting sighting, Duplicates.Source source) throws IOException;

    /** Adds to a counter shown by /tls/info and tls:stats. */
    void count(String counter, long n);

    /** The image root, for the capture paths the queue names. */
    java.nio.file.Path home();

    /** Runs a query, writing NDJSON answers to {@code out}. */
    Page query(QueryParser.Request request, OutputStream out) throws IOException, Malformed;

    /** The DER of a stored certificate by SHA-1 or SHA-256, or null. */
    byte[] certificate(String digest);

    Labels labels();

    /** Counters: handshakes, malformed lines, fingerprints of each kind, certificates. */
    Map<String, Long> counters();

    boolean anonymousRead();

    /** Whole-store views for the console page. */
    Overview overview();

    /** Every summary of the kinds asked, as NDJSON ({@code json}) or CSV ({@code csv}). */
    void export(String format, java.util.Set<FingerprintKey.Kind> kinds, OutputStream out) throws IOException;
}
