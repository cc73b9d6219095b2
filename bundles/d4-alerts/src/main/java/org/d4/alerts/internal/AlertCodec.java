// SPDX-License-Identifier: Apache-2.0
package org.d4.alerts.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import org.d4.api.alert.Alert;
import org.d4.api.storage.ValueCodec;

/** An alert in the store: a format byte, then its fields; kinds by name so that reordering the enum changes nothing. */
final class AlertCodec implements ValueCodec<Alert> {
    private static final int FORMAT = 1;

    @Override
    public byte[] encode(Alert a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(a.sequence());
            out.writeUTF(a.kind().name());
            out.writeUTF(a.subject());
            out.writeUTF(a.severity().name());
            out.writeUTF(a.message());
            out.writeLong(a.raised().toEpochMilli());
            out.writeLong(a.resolved().map(Instant::toEpochMilli).orElse(-1L));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Alert decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("alert format " + format + " is not known");
            }
            long sequence = in.readLong();
            Alert.Kind kind = Alert.Kind.valueOf(in.readUTF());
            String subject = in.readUTF();
            Alert.Severity severity = Alert.Severity.valueOf(in.readUTF());
            String message = in.readUTF();
            Instant raised = Instant.ofEpochMilli(in.readLong());
            long resolved = in.readLong();
            return new Alert(sequence, kind, subject, severity, message, raised,
                    resolved < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(resolved)));
        } catch (IOException e) {
            throw new IllegalArgumentException("damaged alert entry: " + e.getMessage(), e);
        }
    }
}
