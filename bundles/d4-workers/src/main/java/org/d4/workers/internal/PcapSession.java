// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.d4.api.ingest.RejectedPayloadException;
import org.d4.api.ingest.SessionInfo;

/**
 * A type-1 session: a libpcap stream checked as it arrives and archived in rotated files that each
 * start with the stream's global header and hold whole records only (so every finished file is a
 * valid capture on its own). A file is rotated between records, which is wherever the session
 * stands between two payloads: a record still incomplete is held back, not written.
 */
final class PcapSession extends ArchivingSession implements PcapStreamParser.Sink {
    private final RotatingArchive files;
    private final PcapStreamParser parser = new PcapStreamParser();
    private RejectedPayloadException rejection;
    private List<ByteBuffer> gathering;   // records of payloads that arrived together, written at once

    PcapSession(SessionInfo info, RotatingArchive files, Consumer<ArchivingSession> onEnd) {
        super(info, files, onEnd);
        this.files = files;
    }

    @Override
    protected void receive(ByteBuffer payload) throws IOException {
        if (rejection != null) {
            throw rejection;
        }
        try {
            parser.feed(payload, this);
        } catch (RejectedPayloadException e) {
            rejection = e;
            throw e;
        }
    }

    @Override
    protected void receiveAll(List<ByteBuffer> payloads) throws IOException {
        List<ByteBuffer> records = new ArrayList<>(payloads.size() + 1);
        IOException rejected = null;
        gathering = records;
        try {
            for (ByteBuffer payload : payloads) {
                receive(payload);
            }
        } catch (IOException e) {
            rejected = e;
        } finally {
            gathering = null;
        }
        files.write(records.toArray(ByteBuffer[]::new));   // also the records before a rejected one
        if (rejected != null) {
            throw rejected;
        }
    }

    @Override
    public void globalHeader(byte[] header) {
        files.prefix(header);
    }

    @Override
    public void records(ByteBuffer records) throws IOException {
        if (gathering != null) {
            gathering.add(records);
        } else {
            files.write(records);
        }
    }

    @Override
    protected void endOfData(boolean byPeer) throws RejectedPayloadException {
        Optional<String> unfinished = rejection == null ? parser.unfinished() : Optional.empty();
        // a worker restart cuts the stream where it stands: that is not the sensor's fault
        if (byPeer && unfinished.isPresent()) {
            throw new RejectedPayloadException(unfinished.get());
        }
    }
}
