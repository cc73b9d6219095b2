// SPDX-License-Identifier: Apache-2.0
package org.d4.audit.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.d4.api.audit.AuditEntry;
import org.d4.api.storage.ValueCodec;

/** An audit entry in the store: a version byte, then the fields in order (UTF strings, each at most 64 KiB). */
final class AuditEntryCodec implements ValueCodec<AuditEntry> {
    private static final int VERSION = 1;
    static final int MAX_FIELD = 4096;

    @Override
    public byte[] encode(AuditEntry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(e.sequence());
            out.writeLong(e.time().getEpochSecond());
            out.writeInt(e.time().getNano());
            for (String s : new String[] {e.actor(), e.channel(), e.remote(), e.action(), e.target(), e.detail()}) {
                out.writeUTF(bounded(s));
            }
            out.writeBoolean(e.success());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    @Override
    public AuditEntry decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("audit entry of unknown format " + version);
            }
            long sequence = in.readLong();
            Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String actor = in.readUTF();
            String channel = in.readUTF();
            String remote = in.readUTF();
            String action = in.readUTF();
            String target = in.readUTF();
            String detail = in.readUTF();
            return new AuditEntry(sequence, time, actor, channel, remote, action, target, in.readBoolean(), detail);
        } catch (IOException e) {
            throw new IllegalArgumentException("damaged audit entry: " + e.getMessage(), e);
        }
    }

    /** Long texts (a pasted script, say) are cut, so one entry stays small. */
    static String bounded(String s) {
        return s.length() <= MAX_FIELD ? s : s.substring(0, MAX_FIELD) + "...";
    }
}
