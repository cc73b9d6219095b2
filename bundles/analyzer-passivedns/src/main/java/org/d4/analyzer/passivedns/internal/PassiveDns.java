// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The analyzer as its surfaces (query server, shell commands, console page) use it. A service
 * inside this bundle only; its implementation is {@link PassiveDnsAnalyzer}.
 */
public interface PassiveDns {

    /** What a page of a query served: {@code nextCursor} 0 when nothing is left. */
    record Page(long served, long nextCursor) {
    }

    QueryParser parser();

    /** The RR type registry, for showing type numbers as names. */
    RrTypes types();

    /** Runs a parsed request, continuing from its cursor; answers the next page's cursor. */
    Page query(QueryParser.Request request, QueryEngine.Sink sink) throws IOException, BadRequest;

    /** A COF writer on {@code out}. */
    CofWriter cofWriter(OutputStream out) throws IOException;

    /** The sensor behind a number of {@link RecordValue#sensors()}, or null. */
    java.util.UUID sensor(int number);

    /** Counters, per-sensor lines, distributions. */
    Statistics statistics();

    /** Loads a COF dump; committed when it returns. */
    CofImporter.Outcome importCof(InputStream in, long maxBytes) throws IOException, InterruptedException, BadRequest;

    /** Whether queries without credentials may read. */
    boolean anonymousRead();

    /** The largest COF upload accepted, in bytes. */
    long importMaxBytes();
}
