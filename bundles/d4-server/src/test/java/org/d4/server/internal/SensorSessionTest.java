// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.d4.api.ingest.PayloadHandler;
import org.d4.api.ingest.PayloadSession;
import org.d4.protocol.FrameEncoder;
import org.d4.registry.internal.StoredAccessPolicy;
import org.d4.registry.internal.StoredSensorRegistry;
import org.d4.registry.internal.StoredStatistics;
import org.d4.storage.mapdb.internal.MapDbFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The channel side of a sensor connection, on Netty's embedded channel with the real registry and store. */
class SensorSessionTest {
    static final UUID SENSOR = UUID.fromString("3b2a1c9e-5d4f-4a6b-8c7d-0e1f2a3b4c5d");
    static final String KEY = "sensor key";
    static final long MB = 1 << 20;

    @TempDir
    Path dir;
    MapDbFile store;
    StoredSensorRegistry registry;
    StoredStatistics statistics;
    ServerContext context;
    long nanos;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final FrameEncoder encoder = new FrameEncoder(KEY.getBytes(UTF_8));

    @BeforeEach
    void setUp() throws Exception {
        store = new MapDbFile(dir.resolve("d4.db"));
        StoredAccessPolicy policy = new StoredAccessPolicy(store);
        registry = new StoredSensorRegistry(store, policy, Duration.ofSeconds(30), Clock.systemUTC());
        statistics = new StoredStatistics(store);
        registry.register(SENSOR, KEY, "", "");
        registry.approve(SENSOR);
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.addHandler(info -> new PayloadSession() {
            @Override
            public void accept(ByteBuffer payload, long timestamp) {
                byte[] b = new byte[payload.remaining()];
                payload.get(b);
                received.writeBytes(b);
            }

            @Override
            public void close() {
            }
        }, Map.of(PayloadHandler.TYPES, new int[] {1, 3, 8}, "service.id", 1L));
        UnverifiedBytes budget = new UnverifiedBytes(8 * MB, MB, TimeUnit.SECONDS.toNanos(5), () -> nanos);
        context = new ServerContext(config(), registry, policy, statistics, dispatcher, Runnable::run, PayloadArrays.perThread(1), new LiveSessions(), budget);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void anApprovedSensorsFramesReachItsWorkerAndAreCounted() throws Exception {
        EmbeddedChannel channel = connect("192.0.2.1");
        byte[] stream = SessionRulesTest.concat(encoder.encode(3, SENSOR, now(), "one\n".getBytes(UTF_8)),
                encoder.encode(3, SENSOR, now(), SessionRulesTest.random(100_000, 4)));
        for (int i = 0; i < stream.length; i += 3000) {
            channel.writeInbound(Unpooled.wrappedBuffer(stream, i, Math.min(3000, stream.length - i)));
        }
        assertTrue(channel.isActive());
        // a frame that came within the wake interval of the previous one reaches the worker when the interval ends
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (received.size() < 4 + 100_000 && System.nanoTime() < deadline) {
            Thread.sleep(1);
            channel.runScheduledPendingTasks();
        }
        assertEquals(4 + 100_000, received.size());
        assertEquals(2L, statistics.framesPerSensor(LocalDate.now(ZoneOffset.UTC)).get(SENSOR.toString()));
        assertEquals(0, context.budget().total(), "nothing held once the frames verified");
        channel.close();
    }

    @Test
    void socketReadsGrowPastSixteenKibibytesOnlyOnceTheConnectionProvedItsKey() throws Exception {
        EmbeddedChannel channel = connect("192.0.2.7");
        channel.config().setRecvByteBufAllocator(new SessionReads());
        assertEquals(SensorSession.UNPROVEN_READ, largestGuessAfterFullReads(channel, 20), "a stranger's reads stay small");
        channel.writeInbound(Unpooled.wrappedBuffer(encoder.encode(3, SENSOR, now(), "one\n".getBytes(UTF_8))));
        assertTrue(channel.isActive());
        assertEquals(SensorSession.MAX_READ, largestGuessAfterFullReads(channel, 20), "the handle Netty kept is widened");
        channel.close();
    }

    /** The largest read Netty's handle for the channel asks for over {@code reads} reads that each fill their buffer. */
    static int largestGuessAfterFullReads(EmbeddedChannel channel, int reads) {
        RecvByteBufAllocator.Handle handle = channel.unsafe().recvBufAllocHandle();
        int largest = 0;
        for (int i = 0; i < reads; i++) {
            handle.reset(channel.config());
            ByteBuf buffer = handle.allocate(channel.alloc());
            largest = Math.max(largest, buffer.writableBytes());
            handle.attemptedBytesRead(buffer.writableBytes());
            handle.lastBytesRead(buffer.writableBytes());
            buffer.release();
            handle.readComplete();
        }
        return largest;
    }

    @Test
    void aWrongKeyBeforeAnyVerifiedFrameIsKeptInMemoryNotAgainstTheSensor() throws Exception {
        EmbeddedChannel channel = connect("203.0.113.5");
        channel.writeInbound(Unpooled.wrappedBuffer(new FrameEncoder("guessed".getBytes(UTF_8)).encode(3, SENSOR, now(), new byte[10])));
        assertFalse(channel.isActive());
        assertTrue(registry.sensor(SENSOR).orElseThrow().lastError().isEmpty(), "the stored last error is untouched");
        var error = registry.lastUnverifiedError(SENSOR).orElseThrow();
        assertTrue(error.reason().startsWith("HMAC verification failed"), error.reason());
        assertEquals("203.0.113.5", error.peer());
        assertEquals(0, received.size());
    }

    @Test
    void anErrorAfterTheKeyWasProvenIsTheSensorsLastError() throws Exception {
        EmbeddedChannel channel = connect("192.0.2.1");
        channel.writeInbound(Unpooled.wrappedBuffer(encoder.encode(3, SENSOR, now(), "ok\n".getBytes(UTF_8))));
        channel.writeInbound(Unpooled.wrappedBuffer(encoder.encode(1, SENSOR, now(), new byte[24])));
        assertFalse(channel.isActive());
        assertEquals("the type changed from 3 to 1 within a connection", registry.sensor(SENSOR).orElseThrow().lastError().orElseThrow().reason());
        assertTrue(registry.lastUnverifiedError(SENSOR).isEmpty());
        assertEquals("ok\n", received.toString(UTF_8));
    }

    @Test
    void aConnectionStopsReadingWhileTheBudgetIsFullAndResumesWhenRoomIsMade() throws Exception {
        UnverifiedBytes.Account others = context.budget().open(InetAddress.getByName("198.51.100.1"), () -> { });
        others.proven();
        others.settle(8 * MB - 40_000, 0, () -> { });      // other sensors' frames fill the budget
        EmbeddedChannel channel = connect("192.0.2.1");
        byte[] frame = encoder.encode(3, SENSOR, now(), SessionRulesTest.random(200_000, 5));
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, 10_000));
        assertTrue(channel.config().isAutoRead(), "room for one more read");
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 10_000, 15_000));
        assertFalse(channel.config().isAutoRead(), "no room: reading stops instead of allocating");
        assertTrue(channel.isActive());
        others.settle(0, 0, () -> { });                     // their frames verified
        channel.runPendingTasks();
        assertTrue(channel.config().isAutoRead(), "reading resumes");
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 25_000, frame.length - 25_000));
        assertEquals(200_000, received.size());
    }

    @Test
    void aStrangerHoldingTheMostIsClosedWhenAnotherConnectionWaitsTooLong() throws Exception {
        EmbeddedChannel stranger = connect("203.0.113.7");
        byte[] big = encoder.encode(3, SENSOR, now(), new byte[(int) MB - 200_000]);
        stranger.writeInbound(Unpooled.wrappedBuffer(big, 0, 4 * 65_536));   // unfinished, unverified
        UnverifiedBytes.Account waiter = context.budget().open(InetAddress.getByName("198.51.100.9"), () -> { });
        assertFalse(waiter.settle(0, 4 * MB, () -> { }), "the strangers' half is taken");
        nanos += TimeUnit.SECONDS.toNanos(6);
        assertEquals(1, context.budget().evictForOverdueWaiters());
        stranger.runPendingTasks();
        assertFalse(stranger.isActive());
        assertTrue(registry.lastUnverifiedError(SENSOR).orElseThrow().reason().startsWith("closed to make room"));
        assertTrue(registry.sensor(SENSOR).orElseThrow().lastError().isEmpty());
    }

    EmbeddedChannel connect(String address) throws Exception {
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName(address), 40_000);
        return new EmbeddedChannel(new SensorSession(context)) {
            @Override
            protected SocketAddress remoteAddress0() {
                return remote;
            }
        };
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** The metatype defaults of {@link ServerConfig}, as Configuration Admin would give them. */
    static ServerConfig config() {
        return (ServerConfig) Proxy.newProxyInstance(ServerConfig.class.getClassLoader(), new Class<?>[] {ServerConfig.class},
                (proxy, method, args) -> method.getDefaultValue() != null ? method.getDefaultValue()
                        : method.getName().equals("annotationType") ? ServerConfig.class : null);
    }
}
