// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.d4.api.queue.QueueSelector;

/**
 * A queue's definition, counters and read position as stored: written in the same transaction as
 * its segments, so after a crash the counters agree with what the queue holds.
 *
 * @param nextSegment the number the next segment of items gets
 * @param headOffset  items already taken from the first stored segment
 */
record QueueRecord(UUID uuid, long number, QueueSelector selector, String description, int maxSize, Optional<String> owner,
        long createdMillis, long length, long nextSequence, long in, long out, long dropped, long deadLetters,
        long nextDeadLetterId, long lastUpdateMillis, long nextSegment, int headOffset) {
    private static final int FORMAT = 1;

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(uuid.getMostSignificantBits());
            out.writeLong(uuid.getLeastSignificantBits());
            out.writeLong(number);
            out.writeShort(selector.type());
            out.writeUTF(selector.extendedType().orElse(""));
            out.writeInt(selector.sensors().size());
            for (UUID s : selector.sensors()) {
                out.writeLong(s.getMostSignificantBits());
                out.writeLong(s.getLeastSignificantBits());
            }
            out.writeUTF(description);
            out.writeInt(maxSize);
            out.writeUTF(owner.orElse(""));
            for (long v : new long[] {createdMillis, length, nextSequence, this.in, this.out, dropped, deadLetters, nextDeadLetterId, lastUpdateMillis,
                    nextSegment}) {
                out.writeLong(v);
            }
            out.writeInt(headOffset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static QueueRecord decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown queue record format " + format);
            }
            UUID uuid = new UUID(in.readLong(), in.readLong());
            long number = in.readLong();
            int type = in.readUnsignedShort();
            String extended = in.readUTF();
            int sensorCount = in.readInt();
            Set<UUID> sensors = new LinkedHashSet<>();
            for (int i = 0; i < sensorCount; i++) {
                sensors.add(new UUID(in.readLong(), in.readLong()));
            }
            QueueSelector selector = new QueueSelector(type, extended.isEmpty() ? Optional.empty() : Optional.of(extended), sensors);
            String description = in.readUTF();
            int maxSize = in.readInt();
            String owner = in.readUTF();
            long[] v = new long[10];
            for (int i = 0; i < v.length; i++) {
                v[i] = in.readLong();
            }
            int headOffset = in.readInt();
            return new QueueRecord(uuid, number, selector, description, maxSize, owner.isEmpty() ? Optional.empty() : Optional.of(owner),
                    v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], headOffset);
        } catch (IOException e) {
            throw new IllegalArgumentException("damaged queue record", e);
        }
    }
}
