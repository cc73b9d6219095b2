// SPDX-License-Identifier: Apache-2.0
package org.d4.registry.internal;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.d4.api.registry.SensorStatistics.FrameCounter;

/**
 * The counters one connection's frames go to, looked up once a second instead of once per frame
 * (the statistics drop a day's counters two days later, so a counter held for longer could be one
 * no longer read); first and last seen move at most once a second. Used by the connection's thread only.
 */
final class ConnectionCounter implements FrameCounter {
    private final StoredStatistics statistics;
    private final String sensor;
    private final String address;
    private final int type;
    private final String sensorType;
    private long second = Long.MIN_VALUE;       // epoch second of the latest frame, whose day the adders count
    private LongAdder frames;
    private LongAdder framesFromAddress;
    private LongAdder framesOfType;
    private LongAdder framesOfSensorType;
    private LongAdder payloadBytes;

    ConnectionCounter(StoredStatistics statistics, UUID uuid, String address, int type) {
        this.statistics = statistics;
        this.sensor = uuid.toString();
        this.address = address;
        this.type = type;
        this.sensorType = sensor + "|" + type;
    }

    @Override
    public void accepted(int bytes, Instant at) {
        long now = at.getEpochSecond();
        if (now != second) {
            second = now;
            lookUp(StoredStatistics.day(at));
            statistics.touch(sensor, now);
            statistics.touch(sensorType, now);
        }
        frames.increment();
        framesFromAddress.increment();
        framesOfType.increment();
        framesOfSensorType.increment();
        payloadBytes.add(bytes);
    }

    private void lookUp(String day) {
        frames = statistics.adder(day + "|sensor|" + sensor);
        framesFromAddress = statistics.adder(day + "|ip|" + address);
        framesOfType = statistics.adder(day + "|type|" + type);
        framesOfSensorType = statistics.adder(day + "|sensortype|" + sensorType);
        payloadBytes = statistics.adder(day + "|bytes|" + sensor);
    }
}
