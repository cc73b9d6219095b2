// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.util.UUID;

/**
 * One sighting of a record, normalized: from a passivedns line (first = last = its timestamp) or
 * from an imported COF object.
 *
 * @param rrname    stored form of the owner name ({@link DnsNames#normalize})
 * @param rrtype    type number
 * @param rdata     stored form of the data ({@link Rdata#normalize})
 * @param timeFirst first seen, epoch seconds
 * @param timeLast  last seen, epoch seconds
 * @param count     how many times
 * @param sensor    the sensor that saw it, or null (imports)
 * @param ttl       the TTL seen, or -1 (imports)
 * @param dnsClass  the class seen (upper case), or null (imports)
 */
record Observation(String rrname, int rrtype, String rdata, long timeFirst, long timeLast, long count, UUID sensor,
        long ttl, String dnsClass) {
}
