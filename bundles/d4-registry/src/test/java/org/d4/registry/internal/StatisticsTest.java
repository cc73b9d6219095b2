// SPDX-License-Identifier: Apache-2.0
package org.d4.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.d4.api.registry.SensorStatistics;
import org.d4.api.registry.SensorStatistics.Seen;
import org.d4.storage.mapdb.internal.MapDbFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatisticsTest {
    static final UUID SENSOR = UUID.fromString("3f1c1a2e-7b6d-4c1e-9a55-0c1d2e3f4a5b");

    @TempDir
    Path dir;

    @Test
    void countsPerDaySensorAddressTypeAndSurviveReopen() throws Exception {
        Instant t1 = Instant.parse("2026-11-22T23:59:59Z");
        Instant t2 = Instant.parse("2026-11-23T00:00:01Z");
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("2001:db8::2");
        try (MapDbFile store = new MapDbFile(dir.resolve("d4.db"))) {
            StoredStatistics stats = new StoredStatistics(store);
            stats.connected(SENSOR, a, t1);
            for (int i = 0; i < 10; i++) {
                stats.frameAccepted(SENSOR, a, 1, 100, t1);
            }
            stats.frameAccepted(SENSOR, b, 8, 5, t2);
            stats.frameAccepted(SENSOR, a, 3, 5, t1);
            stats.frameAccepted(java.util.UUID.fromString("7d0f5b1e-3c4a-4f8e-9b2d-1a2b3c4d5e6f"), a, 3, 5, t1);
            stats.flush();
        }
        try (MapDbFile store = new MapDbFile(dir.resolve("d4.db"))) {
            StoredStatistics stats = new StoredStatistics(store);
            LocalDate day1 = LocalDate.parse("2026-11-22");
            assertEquals(11L, stats.framesPerSensor(day1).get(SENSOR.toString()));
            assertEquals(Map.of("192.0.2.1", 12L), stats.framesPerAddress(day1));
            assertEquals(Map.of(1, 10L, 3, 2L), stats.framesPerType(day1));
            assertEquals(Map.of(1, 10L, 3, 1L), stats.framesPerType(day1, SENSOR), "one sensor's types");
            assertEquals(Map.of(8, 1L), stats.framesPerType(LocalDate.parse("2026-11-23"), SENSOR));
            assertEquals(1005L, stats.bytesPerSensor(day1).get(SENSOR.toString()));
            assertEquals(Map.of(8, 1L), stats.framesPerType(LocalDate.parse("2026-11-23")));
            assertEquals(new Seen(t1, t2), stats.seen(SENSOR).orElseThrow());
            assertEquals(Map.of(1, new Seen(t1, t1), 3, new Seen(t1, t1), 8, new Seen(t2, t2)), stats.seenTypes(SENSOR));
            assertEquals(List.of("192.0.2.1"), stats.lastAddresses(SENSOR));
        }
    }

    @Test
    void aConnectionsCounterFollowsTheDayAndFlushesAndMovesLastSeenWithinASecond() throws Exception {
        LocalDate day1 = LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1);
        LocalDate day2 = day1.plusDays(1);
        Instant midnight = day2.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        Instant evening = midnight.minusMillis(900);
        Instant laterThatSecond = midnight.minusMillis(100);
        Instant morning = midnight.plusSeconds(2);
        InetAddress a = InetAddress.getByName("2001:db8::7");
        try (MapDbFile store = new MapDbFile(dir.resolve("d4.db"))) {
            StoredStatistics stats = new StoredStatistics(store);
            SensorStatistics.FrameCounter counter = stats.frameCounter(SENSOR, a, 3);
            counter.accepted(100, evening);
            stats.flush();
            counter.accepted(50, laterThatSecond);
            counter.accepted(7, morning);
            stats.flush();
            counter.accepted(1, morning);

            assertEquals(Map.of(SENSOR.toString(), 2L), stats.framesPerSensor(day1));
            assertEquals(Map.of(SENSOR.toString(), 2L), stats.framesPerSensor(day2), "one flushed, one in memory");
            assertEquals(Map.of(SENSOR.toString(), 150L), stats.bytesPerSensor(day1));
            assertEquals(Map.of(SENSOR.toString(), 8L), stats.bytesPerSensor(day2));
            assertEquals(Map.of("2001:db8:0:0:0:0:0:7", 2L), stats.framesPerAddress(day2));
            assertEquals(Map.of(3, 2L), stats.framesPerType(day2, SENSOR));
            assertEquals(new Seen(midnight.minusSeconds(1), morning), stats.seen(SENSOR).orElseThrow());
            assertEquals(Map.of(3, stats.seen(SENSOR).orElseThrow()), stats.seenTypes(SENSOR));
        }
    }

    @Test
    void countsInMemoryAreReadWithoutWaitingForAFlushAndNeverTwice() throws Exception {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        try (MapDbFile store = new MapDbFile(dir.resolve("d4.db"))) {
            StoredStatistics stats = new StoredStatistics(store);
            for (int i = 0; i < 3; i++) {
                stats.frameAccepted(SENSOR, a, 3, 10, now);
            }
            assertEquals(Map.of(SENSOR.toString(), 3L), stats.framesPerSensor(today), "before any flush");
            stats.flush();
            stats.frameAccepted(SENSOR, a, 3, 10, now);
            assertEquals(Map.of(SENSOR.toString(), 4L), stats.framesPerSensor(today), "stored plus in memory");
            assertEquals(Map.of(3, 4L), stats.framesPerType(today, SENSOR));
            stats.flush();
            stats.flush();
            assertEquals(Map.of(SENSOR.toString(), 4L), stats.framesPerSensor(today), "after flushes, once");
            assertEquals(Map.of(SENSOR.toString(), 40L), stats.bytesPerSensor(today));
        }
    }

    @Test
    void lastSeenReachesTheStoreOnceAMinuteWhileCurrentInMemoryAndExactOnStop() throws Exception {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        InetAddress a = InetAddress.getByName("192.0.2.9");
        try (MapDbFile store = new MapDbFile(dir.resolve("d4.db"))) {
            StoredStatistics stats = new StoredStatistics(store);
            stats.frameAccepted(SENSOR, a, 3, 10, now);
            stats.flush();                                          // new: stored at once
            stats.frameAccepted(SENSOR, a, 3, 10, now.plusSeconds(10));
            stats.flush();                                          // ten seconds on: memory only
            assertEquals(new Seen(now, now.plusSeconds(10)), stats.seen(SENSOR).orElseThrow());
            assertEquals(Map.of(3, new Seen(now, now.plusSeconds(10))), stats.seenTypes(SENSOR));
            assertEquals(new Seen(now, now), new StoredStatistics(store).seen(SENSOR).orElseThrow(), "what a crash now would keep");

            UUID quiet = UUID.fromString("7d0f5b1e-3c4a-4f8e-9b2d-1a2b3c4d5e6f");
            stats.frameAccepted(quiet, a, 3, 10, now.minusSeconds(120));
            stats.flush();
            stats.frameAccepted(quiet, a, 3, 10, now.minusSeconds(100));
            stats.flush();                                          // stored two minutes ago: written again
            assertEquals(new Seen(now.minusSeconds(120), now.minusSeconds(100)), new StoredStatistics(store).seen(quiet).orElseThrow());

            stats.flush(true);                                      // as on stop
            StoredStatistics reopened = new StoredStatistics(store);
            assertEquals(new Seen(now, now.plusSeconds(10)), reopened.seen(SENSOR).orElseThrow());
            assertEquals(Map.of(3, new Seen(now, now.plusSeconds(10))), reopened.seenTypes(SENSOR));
        }
    }

    @Test
    void keepsTheLastSixteenAddressesNewestFirst() throws Exception {
        try (MapDbFile store = new MapDbFile(dir.resolve("d4.db"))) {
            StoredStatistics stats = new StoredStatistics(store);
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                stats.connected(SENSOR, InetAddress.getByName("192.0.2." + i), Instant.now());
                expected.add(0, "192.0.2." + i);
            }
            stats.connected(SENSOR, InetAddress.getByName("192.0.2.7"), Instant.now());
            expected.remove("192.0.2.7");
            expected.add(0, "192.0.2.7");
            assertEquals(expected.subList(0, 16), stats.lastAddresses(SENSOR));
        }
    }
}
