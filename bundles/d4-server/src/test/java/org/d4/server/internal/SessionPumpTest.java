// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.d4.api.ingest.PayloadHandler;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.ingest.RejectedPayloadException;
import org.d4.api.ingest.SessionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionPumpTest {
    static final SessionInfo INFO = new SessionInfo("s1", UUID.randomUUID(), 3, Optional.empty(), Map.of(),
            InetAddress.getLoopbackAddress(), Instant.now());

    final ExecutorService pool = Executors.newFixedThreadPool(2);
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final PayloadArrays arrays = new PayloadArrays(1 << 20);
    final AtomicInteger pauses = new AtomicInteger();
    final AtomicInteger resumes = new AtomicInteger();
    final AtomicReference<String> failure = new AtomicReference<>();

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void slowWorkerPausesTheConnectionAndDrainingResumesIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> received = new ArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        SessionPump pump = pump(handler(new PayloadSession() {
            @Override
            public void accept(ByteBuffer payload, long timestamp) throws IOException {
                await(release);
                byte[] b = new byte[payload.remaining()];
                payload.get(b);
                synchronized (received) {
                    received.add(new String(b));
                }
            }

            @Override
            public void close() {
                closed.countDown();
            }
        }), 1000);
        pump.start(INFO);
        for (int i = 0; i < 30; i++) {
            offer(pump, String.format("%099d", i).getBytes(), i);
            pump.flush();
        }
        assertEquals(1, pauses.get(), "paused once the worker fell more than 1000 bytes behind");
        assertEquals(0, resumes.get());
        release.countDown();
        pump.close();
        assertTrue(closed.await(5, TimeUnit.SECONDS), "session closed after the queue drained");
        assertEquals(1, resumes.get(), "resumed once drained");
        assertEquals(30, received.size(), "nothing lost, in order");
        assertEquals(String.format("%099d", 29), received.get(29));
    }

    @Test
    void payloadsThatWaitedAreHandedOverTogetherInOrder() throws Exception {
        CountDownLatch firstArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> calls = new ArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        SessionPump pump = pump(handler(new PayloadSession() {
            @Override
            public void accept(ByteBuffer payload, long timestamp) throws IOException {
                firstArrived.countDown();
                await(release);
                calls.add("one:" + text(payload) + "@" + timestamp);
            }

            @Override
            public void acceptAll(List<ByteBuffer> payloads, long timestamp) {
                calls.add("all:" + payloads.stream().map(SessionPumpTest::text).toList() + "@" + timestamp);
            }

            @Override
            public void close() {
                closed.countDown();
            }
        }), 1 << 20);
        pump.start(INFO);
        offer(pump, "a".getBytes(), 1);
        assertFalse(firstArrived.await(200, TimeUnit.MILLISECONDS), "the worker is woken by flush, once per read");
        pump.flush();
        assertTrue(firstArrived.await(5, TimeUnit.SECONDS));
        offer(pump, "b".getBytes(), 2);
        offer(pump, new byte[0], 3);
        offer(pump, "c".getBytes(), 4);
        offer(pump, "d".getBytes(), 5);
        release.countDown();
        pump.close();
        assertTrue(closed.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("one:a@1", "all:[b, c, d]@5"), calls, "the empty payload is not handed over");
    }

    @Test
    void whileDataKeepsComingTheWorkerIsWokenOncePerInterval() throws Exception {
        Recorder session = new Recorder(call -> { });
        List<String> calls = session.calls;
        long interval = TimeUnit.SECONDS.toNanos(3);
        SessionPump pump = timedPump(session, interval);
        pump.start(INFO);
        long start = System.nanoTime();
        offer(pump, "a".getBytes(), 1);
        pump.flush();
        awaitCalls(calls, 1);
        assertTrue(System.nanoTime() - start < interval, "the first payload after a quiet time goes at once");
        for (String p : List.of("b", "c", "d")) {
            offer(pump, p.getBytes(), 2);
            pump.flush();
        }
        Thread.sleep(300);
        assertEquals(List.of("a"), snapshot(calls), "within the interval the worker is not woken again");
        awaitCalls(calls, 2);
        assertTrue(System.nanoTime() - start >= interval, "woken when the interval ended");
        assertEquals(List.of("a", "bcd"), snapshot(calls), "what came meanwhile is handed over together, in order");
        offer(pump, "e".repeat(50).getBytes(), 3);
        offer(pump, "f".repeat(60).getBytes(), 3);
        pump.flush();
        awaitCalls(calls, 3);
        assertTrue(System.nanoTime() - start < 2 * interval, "a quarter of the high mark waiting wakes the worker at once");
        pump.close();
        assertEquals(0, pauses.get());
    }

    @Test
    void whatArrivesWhileTheWorkerWritesWaitsForTheIntervalAndGoesTogether() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder session = new Recorder(call -> {
            if (call.equals("a")) {
                writing.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);   // a write waiting for the disk
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        List<String> calls = session.calls;
        long interval = TimeUnit.SECONDS.toNanos(2);
        SessionPump pump = timedPump(session, interval);
        pump.start(INFO);
        long start = System.nanoTime();
        offer(pump, "a".getBytes(), 1);
        pump.flush();
        assertTrue(writing.await(10, TimeUnit.SECONDS));
        offer(pump, "b".getBytes(), 2);
        pump.flush();
        release.countDown();
        Thread.sleep(300);
        offer(pump, "c".getBytes(), 3);
        pump.flush();
        Thread.sleep(300);
        assertEquals(List.of("a"), snapshot(calls), "the worker does not go on for one small payload within the interval");
        awaitCalls(calls, 2);
        assertTrue(System.nanoTime() - start >= interval, "the rest waits for the interval's end");
        assertEquals(List.of("a", "bc"), snapshot(calls), "and goes in one call, in order");
        pump.close();
    }

    @Test
    void aReusedArrayShowsTheSessionOnlyItsOwnPayload() throws Exception {
        Recorder session = new Recorder(call -> { });
        List<String> calls = session.calls;
        SessionPump pump = pump(handler(session), 1 << 20);
        pump.start(INFO);
        String longer = "x".repeat(3000);
        String shorter = "y".repeat(2500);
        offer(pump, longer.getBytes(), 1);
        pump.flush();
        awaitCalls(calls, 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (arrays.keptBytes() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(4096, arrays.keptBytes(), "the delivered payload's array is back");
        offer(pump, shorter.getBytes(), 2);
        assertEquals(0, arrays.keptBytes(), "and used for the next payload");
        pump.flush();
        awaitCalls(calls, 2);
        assertEquals(List.of(longer, shorter), snapshot(calls), "nothing of the earlier payload shows behind the later one");
        pump.close();
    }

    /** As the rules hand a payload on: in an array of the pump's pool, now the pump's. */
    private void offer(SessionPump pump, byte[] payload, long timestamp) {
        byte[] array = arrays.take(payload.length);
        System.arraycopy(payload, 0, array, 0, payload.length);
        pump.offer(array, payload.length, timestamp);
    }

    /** Records each call's payloads as one text; {@code afterCall} runs after each (a slow write, say). */
    private static final class Recorder implements PayloadSession {
        final List<String> calls = new ArrayList<>();
        private final Consumer<String> afterCall;

        Recorder(Consumer<String> afterCall) {
            this.afterCall = afterCall;
        }

        @Override
        public void accept(ByteBuffer payload, long timestamp) {
            record(text(payload));
        }

        @Override
        public void acceptAll(List<ByteBuffer> payloads, long timestamp) {
            record(String.join("", payloads.stream().map(SessionPumpTest::text).toList()));
        }

        private void record(String call) {
            synchronized (calls) {
                calls.add(call);
            }
            afterCall.accept(call);
        }

        @Override
        public void close() {
        }
    }

    private static List<String> snapshot(List<String> calls) {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    private static void awaitCalls(List<String> calls, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (snapshot(calls).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(count, snapshot(calls).size(), "calls so far: " + snapshot(calls));
    }

    @Test
    void aRejectedPayloadFailsTheConnectionAndStopsDelivery() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        CountDownLatch closed = new CountDownLatch(1);
        SessionPump pump = pump(handler(new PayloadSession() {
            @Override
            public void accept(ByteBuffer payload, long timestamp) throws IOException {
                if (accepted.incrementAndGet() == 2) {
                    throw new RejectedPayloadException("incorrect file format");
                }
            }

            @Override
            public void close() {
                closed.countDown();
            }
        }), 1 << 20);
        pump.start(INFO);
        for (int i = 0; i < 5; i++) {
            offer(pump, new byte[] {1}, i);
        }
        pump.close();
        assertTrue(closed.await(5, TimeUnit.SECONDS));
        assertEquals("incorrect file format", failure.get());
        assertEquals(2, accepted.get(), "nothing delivered after the failure");
    }

    @Test
    void noHandlerMeansTheConnectionFails() throws Exception {
        SessionPump pump = new SessionPump(new Dispatcher(), pool, arrays, timer, 0, 1000, pauses::incrementAndGet, resumes::incrementAndGet, failure::set);
        pump.start(INFO);
        offer(pump, new byte[] {1}, 1);
        pump.close();
        pool.shutdown();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        assertTrue(failure.get().contains("no worker handles type 3"), failure.get());
    }

    @Test
    void dispatcherPrefersTheHighestRankedMatchingHandler() throws Exception {
        Dispatcher dispatcher = new Dispatcher();
        PayloadSession fallback = session();
        PayloadSession pcap = session();
        PayloadSession ja3 = session();
        dispatcher.addHandler(s -> fallback, Map.of("service.id", 1L, "service.ranking", -1000));
        dispatcher.addHandler(s -> pcap, Map.of("service.id", 2L, PayloadHandler.TYPES, new int[] {1}));
        dispatcher.addHandler(s -> ja3, Map.of("service.id", 3L, PayloadHandler.TYPES, 254, PayloadHandler.EXTENDED_TYPES, new String[] {"ja3-jl"}));
        assertEquals(pcap, dispatcher.open(info(1, Optional.empty())));
        assertEquals(fallback, dispatcher.open(info(3, Optional.empty())));
        assertEquals(ja3, dispatcher.open(info(254, Optional.of("ja3-jl"))));
        assertEquals(fallback, dispatcher.open(info(254, Optional.of("maltrail"))));
        assertFalse(fallback == pcap);
    }

    private static SessionInfo info(int type, Optional<String> extended) {
        return new SessionInfo("x", UUID.randomUUID(), type, extended, Map.of(), InetAddress.getLoopbackAddress(), Instant.now());
    }

    private static String text(ByteBuffer payload) {
        byte[] b = new byte[payload.remaining()];
        payload.get(b);
        return new String(b);
    }

    private static PayloadSession session() {
        return new PayloadSession() {
            @Override
            public void accept(ByteBuffer payload, long timestamp) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** A pump with a wake interval and a high mark of 400 bytes. */
    private SessionPump timedPump(PayloadSession session, long intervalNanos) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.addHandler(handler(session), Map.of("service.id", 1L));
        return new SessionPump(dispatcher, pool, arrays, timer, intervalNanos, 400, pauses::incrementAndGet, resumes::incrementAndGet,
                failure::set);
    }

    private SessionPump pump(PayloadHandler handler, long highMark) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.addHandler(handler, Map.of("service.id", 1L));
        return new SessionPump(dispatcher, pool, arrays, timer, 0, highMark, pauses::incrementAndGet, resumes::incrementAndGet, failure::set);
    }

    private static PayloadHandler handler(PayloadSession session) {
        return s -> session;
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IOException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
