// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.d4.protocol.D4Type;

/**
 * Forwards an analyzer queue: items are popped in small batches and become the stream, each line
 * item followed by a newline for line-based types (the queue holds lines without theirs). An empty
 * queue is asked again after the poll delay; a failing server after a second, forever: forwarding
 * is a service that outlives restarts of the server it reads from. At most one batch is held.
 */
final class QueueSource implements Source {
    private static final int BATCH = 64;
    private static final long MIN_POLL_MS = 10;
    private static final long FAILURE_PAUSE_MS = 1000;

    private final ItemQueue queue;
    private final boolean lines;
    private final long pollMillis;
    private final String name;
    private final Deque<byte[]> batch = new ArrayDeque<>();
    private byte[] current = new byte[0];
    private int position;
    private volatile boolean closed;
    private volatile String lastFailure;

    QueueSource(ItemQueue queue, int type, Duration pollDelay, String name) {
        this.queue = queue;
        this.lines = D4Type.of(type).map(D4Type::lineBased).orElse(false);
        this.pollMillis = Math.max(MIN_POLL_MS, pollDelay.toMillis());
        this.name = name;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws InterruptedException {
        while (position == current.length) {
            if (closed) {
                return -1;
            }
            if (batch.isEmpty()) {
                refill();
                continue;
            }
            byte[] item = batch.poll();
            current = lines && (item.length == 0 || item[item.length - 1] != '\n') ? withNewline(item) : item;
            position = 0;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    private void refill() throws InterruptedException {
        try {
            batch.addAll(queue.pop(BATCH));
            lastFailure = null;
            if (batch.isEmpty()) {
                Thread.sleep(pollMillis);
            }
        } catch (IOException e) {
            if (closed) {
                return;
            }
            lastFailure = e.getMessage();
            Thread.sleep(FAILURE_PAUSE_MS);
        }
    }

    private static byte[] withNewline(byte[] item) {
        byte[] line = java.util.Arrays.copyOf(item, item.length + 1);
        line[item.length] = '\n';
        return line;
    }

    @Override
    public int available() {
        int rest = current.length - position;
        for (byte[] b : batch) {
            rest += b.length + (lines ? 1 : 0);
        }
        return rest;
    }

    @Override
    public String describe() {
        String failure = lastFailure;
        return name + (failure == null ? "" : " (last failure: " + failure + ")");
    }

    @Override
    public void close() {
        closed = true;
        queue.close();
    }
}
