// SPDX-License-Identifier: Apache-2.0
package org.d4.notify.internal;

import java.time.Clock;
import java.time.Duration;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

/**
 * What every notifier does the same way: alert events become notices that wait in a
 * {@link DeliveryQueue} for the subclass's {@link #deliver}. The subclass's constructor checks its
 * configuration, then calls {@link #startDelivering} last, so a bad configuration leaves no thread
 * behind. The {@code @Deactivate} method here is the components' own (bundle.bnd lets the DS
 * annotations of this class be inherited).
 */
abstract class QueuedNotifier implements EventHandler, DeliveryQueue.Destination {
    private static final Duration DEDUP = Duration.ofSeconds(60);

    private volatile DeliveryQueue queue;

    /** Starts the delivery thread; the notifier must be able to deliver from here on. */
    protected final void startDelivering(String name, int perMinute, Duration retryDelay) {
        queue = new DeliveryQueue(name, this, perMinute, DEDUP, retryDelay, Clock.systemUTC());
    }

    @Override
    public final void handleEvent(Event event) {
        Notice.of(event).ifPresent(queue::offer);
    }

    @Deactivate
    final void stop() {
        if (queue != null) {
            queue.close();
        }
        stopped();
    }

    /** After the delivery thread ended or was given a moment to: what the notifier holds open (a socket) is closed here. */
    protected void stopped() {
    }
}
