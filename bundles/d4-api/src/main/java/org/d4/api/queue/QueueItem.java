// SPDX-License-Identifier: Apache-2.0
package org.d4.api.queue;

import java.util.Objects;
import java.util.UUID;

/**
 * One unit of data in a queue: for type 1 the absolute path of a finished pcap file, for line types
 * one line without its newline, otherwise a payload chunk.
 *
 * @param sequence    its position in the queue; increases with every push
 * @param sensor      the sensor the data came from
 * @param epochSecond when it was queued (seconds since the epoch)
 * @param data        the bytes; the caller must not change them
 */
public record QueueItem(long sequence, UUID sensor, long epochSecond, byte[] data) {
    public QueueItem {
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(data, "data");
    }

    /** The data as UTF-8 text (lines and paths are text). */
    public String text() {
        return new String(data, java.nio.charset.StandardCharsets.UTF_8);
    }
}
