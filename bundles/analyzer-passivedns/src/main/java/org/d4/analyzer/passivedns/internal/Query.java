// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * A parsed query: what to look for, which records to keep.
 *
 * @param kind         the shape of the question
 * @param name         the stored form of the name (NAME), the domain (SUBDOMAINS: {@code *.example.com})
 *                     or the leading labels (PREFIX: {@code www.example.*}); null for addresses
 * @param address      the address (ADDRESS) or the network's first address (NETWORK); null for names
 * @param prefixLength the network's prefix length (NETWORK)
 * @param full         an fquery: the records of the names whose data the name or address is
 * @param filters      types and time fences
 */
record Query(Kind kind, String name, byte[] address, int prefixLength, boolean full, Filters filters) {
    enum Kind { NAME, SUBDOMAINS, PREFIX, ADDRESS, NETWORK }

    /** Identifies the query for cursors: a cursor only continues the query it came from. */
    String fingerprint() {
        return kind + "|" + name + "|" + (address == null ? "" : Arrays.toString(address)) + "/" + prefixLength + "|" + full
                + "|" + new TreeSet<>(filters.types()) + "|" + filters.firstAfter() + "|" + filters.firstBefore() + "|"
                + filters.lastAfter() + "|" + filters.lastBefore();
    }
}
