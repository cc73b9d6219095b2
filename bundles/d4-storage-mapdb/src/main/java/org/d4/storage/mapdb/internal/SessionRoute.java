// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.d4.api.queue.QueueRoute;

/** The data of one session: caches its matching queues until the set of queues changes. */
final class SessionRoute implements QueueRoute {
    private final QueueRouter router;
    private final int type;
    private final Optional<String> extendedType;
    private final UUID sensor;
    private volatile long version = -1;
    private volatile List<StoredQueue> targets = List.of();

    SessionRoute(QueueRouter router, int type, Optional<String> extendedType, UUID sensor) {
        this.router = router;
        this.type = type;
        this.extendedType = extendedType;
        this.sensor = sensor;
    }

    @Override
    public boolean wanted() {
        return !targets().isEmpty();
    }

    private List<StoredQueue> targets() {
        long current = router.version();
        if (current != version) {
            targets = router.matching(type, extendedType, sensor);
            version = current;
        }
        return targets;
    }

    @Override
    public int push(byte[] data) {
        List<StoredQueue> now = targets();
        if (now.isEmpty()) {
            return 0;
        }
        long epochSecond = Instant.now().getEpochSecond();
        byte[] item = data.clone();   // kept until consumed: the caller may reuse its array
        int took = 0;
        for (StoredQueue q : now) {
            if (router.append(q, sensor, epochSecond, item)) {
                took++;
            }
        }
        return took;
    }

    @Override
    public int push(List<byte[]> units, String positionKey, byte[] position) {
        ProducerPositions.check(positionKey, position);
        List<StoredQueue> now = units.isEmpty() ? List.of() : targets();
        List<byte[]> items = now.isEmpty() ? List.of() : units.stream().map(byte[]::clone).toList();
        return router.appendWithPosition(now, sensor, Instant.now().getEpochSecond(), items, positionKey, position);
    }
}
