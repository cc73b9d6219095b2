// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueService;
import org.junit.jupiter.api.Test;

class ForwardLoopTest {

    @Test
    void aSendWaitingForTheBrokersIsLoggedAsAnOutageAfterHalfAMinute() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // a producer that waits in send(), as Kafka's does for a topic's metadata while no broker answers
        @SuppressWarnings("unchecked")
        Producer<String, byte[]> producer = (Producer<String, byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Producer.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("send")) {
                        entered.countDown();
                        release.await();
                        throw new org.apache.kafka.common.errors.InterruptException("stopped");
                    }
                    return null;
                });
        QueueItem unit = new QueueItem(1, UUID.randomUUID(), 1_700_000_000L, "a line".getBytes());
        QueueService queues = (QueueService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {QueueService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "awaitItems" -> true;
                    case "items" -> List.of(unit);
                    default -> null;
                });
        ForwardLoop loop = new ForwardLoop(queues, UUID.randomUUID(), "d4.8", producer, 100, 10);
        Thread thread = new Thread(loop);
        thread.start();
        try {
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the loop sends");
            loop.checkSending(System.nanoTime(), () -> "not asked yet");
            assertEquals(Optional.empty(), loop.problem(), "not yet");
            loop.checkSending(System.nanoTime() + TimeUnit.SECONDS.toNanos(31), () -> "SaslAuthenticationException: wrong password");
            assertTrue(loop.problem().orElse("").contains("waited 30 s for the brokers: SaslAuthenticationException: wrong password"), loop.problem().toString());
            loop.checkSending(System.nanoTime() + TimeUnit.SECONDS.toNanos(40), () -> {
                throw new AssertionError("asked once per outage");
            });
        } finally {
            loop.stop();
            release.countDown();
            thread.join(10_000);
        }
    }

    @Test
    void aSendRefusedAtOnceEndsTheBatchAndIsLoggedWithItsReason() throws Exception {
        AtomicInteger sends = new AtomicInteger();
        // Kafka's producer answers a refused login with a future that failed already
        @SuppressWarnings("unchecked")
        Producer<String, byte[]> producer = (Producer<String, byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Producer.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("send")) {
                        sends.incrementAndGet();
                        return CompletableFuture.failedFuture(new SaslAuthenticationException("Authentication failed: Invalid username or password"));
                    }
                    return null;
                });
        UUID sensor = UUID.randomUUID();
        List<QueueItem> units = List.of(new QueueItem(1, sensor, 1_700_000_000L, "one".getBytes()), new QueueItem(2, sensor, 1_700_000_000L, "two".getBytes()),
                new QueueItem(3, sensor, 1_700_000_000L, "three".getBytes()));
        AtomicInteger acknowledged = new AtomicInteger();
        QueueService queues = (QueueService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {QueueService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "awaitItems" -> true;
                    case "items" -> units;
                    case "acknowledge" -> {
                        acknowledged.incrementAndGet();
                        yield null;
                    }
                    default -> null;
                });
        ForwardLoop loop = new ForwardLoop(queues, UUID.randomUUID(), "d4.8", producer, 100, 60_000);
        Thread thread = new Thread(loop);
        thread.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (loop.problem().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(Optional.of("SaslAuthenticationException: Authentication failed: Invalid username or password"), loop.problem());
            assertEquals(1, sends.get(), "the other units of the batch are not handed to a producer that refuses");
            assertEquals(0, acknowledged.get(), "nothing leaves the queue");
        } finally {
            loop.stop();
            thread.interrupt();
            thread.join(10_000);
        }
    }
}
