// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.d4.workers.internal.WorkerFixture.feed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.queue.QueueItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawArchiveSessionTest {
    @TempDir
    Path dir;

    @Test
    void keepsPayloadsByteForByteAndQueuesEachAsOneChunk() throws IOException {
        try (WorkerFixture workers = WorkerFixture.started(dir, Duration.ofSeconds(300))) {
            UUID queue = workers.queue(7);
            RawArchiveHandler handler = new RawArchiveHandler(workers.context, workers.queues);
            PayloadSession session = handler.open(workers.session(7));
            feed(session, new byte[] {1, 2, 3}, new byte[] {4, 5});
            workers.context.tick();
            session.close();

            List<QueueItem> items = workers.items(queue);
            assertEquals(2, items.size());
            assertArrayEquals(new byte[] {1, 2, 3}, items.get(0).data());
            assertArrayEquals(new byte[] {4, 5}, items.get(1).data());
            List<Path> raw = workers.files(".raw");
            assertEquals(1, raw.size());
            assertEquals(workers.archive.resolve(workers.sensor + "/7/2024/05/06"), raw.get(0).getParent());
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, Files.readAllBytes(raw.get(0)));
        }
    }

    @Test
    void aQuietDaysFileIsClosedUntilItsNextPayload() throws IOException {
        try (WorkerFixture workers = WorkerFixture.started(dir, Duration.ofSeconds(300))) {
            RawArchiveHandler handler = new RawArchiveHandler(workers.context, workers.queues);
            PayloadSession session = handler.open(workers.session(7));
            feed(session, new byte[] {1, 2});
            workers.context.tick();
            workers.context.tick();
            assertEquals(List.of(), OpenFiles.under(workers.archive), "rests after a quiet tick");
            feed(session, new byte[] {3});
            assertEquals(1, OpenFiles.under(workers.archive).size());
            session.close();
            assertEquals(List.of(), OpenFiles.under(workers.archive));
            List<Path> raw = workers.files(".raw");
            assertEquals(1, raw.size());
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(raw.get(0)));
        }
    }
}
