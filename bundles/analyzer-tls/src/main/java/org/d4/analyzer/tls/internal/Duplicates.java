// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recognises a handshake that arrives twice from one sensor, once as a {@code ja3-jl} record and
 * once fingerprinted from a capture it sent: same sensor, same flow (addresses and ports), same
 * client fingerprint, times at most {@link #WINDOW_SECONDS} apart, from the other source. Two
 * sightings from the same source always count (a client really connecting twice, or a record sent
 * twice, are the sensor's to report). Bounded: the least recently seen handshakes are forgotten
 * beyond {@code capacity}, so a duplicate arriving after that many others counts twice.
 */
final class Duplicates {
    /** Where a sighting came from. */
    enum Source {
        RECORD, CAPTURE
    }

    static final long WINDOW_SECONDS = 2;

    private record Seen(long epochSecond, Source source) {
    }

    private final int capacity;
    private final LinkedHashMap<String, Seen> recent;

    Duplicates(int capacity) {
        this.capacity = capacity;
        this.recent = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > Duplicates.this.capacity;
            }
        };
    }

    /** True when this sighting was already counted from the other source; otherwise remembers it. */
    synchronized boolean seenBefore(Sighting s, Source source) {
        String client = s.ja4() != null && s.ja3Md5() == null ? s.ja4() : s.ja3Md5();
        String key = s.sensor() + " " + s.clientIp() + " " + s.clientPort() + " " + s.serverIp() + " " + s.serverPort() + " " + client;
        Seen before = recent.get(key);
        if (before != null && before.source() != source && Math.abs(before.epochSecond() - s.epochSecond()) <= WINDOW_SECONDS) {
            recent.remove(key);     // its pair arrived: a third sighting of the flow counts again
            return true;
        }
        recent.put(key, new Seen(s.epochSecond(), source));
        return false;
    }

    synchronized int size() {
        return recent.size();
    }
}
