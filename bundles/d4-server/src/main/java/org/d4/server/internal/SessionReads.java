// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;

/**
 * How much one socket read of a sensor connection may bring: at most {@link SensorSession#UNPROVEN_READ}
 * until the connection proved a key ({@link #widen}), {@link SensorSession#MAX_READ} after, Netty's
 * adaptive guess in between. One per connection: Netty asks a channel's allocator for a handle at
 * the first read and keeps it, so another allocator set later would never be used; the limit
 * changes here instead. Used on the connection's event loop only.
 */
final class SessionReads implements RecvByteBufAllocator {
    private final RecvByteBufAllocator adaptive = new AdaptiveRecvByteBufAllocator(64, 2048, SensorSession.MAX_READ);
    private int limit = SensorSession.UNPROVEN_READ;

    /** From now on reads may bring up to {@link SensorSession#MAX_READ}. */
    void widen() {
        limit = SensorSession.MAX_READ;
    }

    @Override
    public Handle newHandle() {
        return new Limited(adaptive.newHandle());
    }

    /** The adaptive handle, its guess cut to the connection's current limit. */
    private final class Limited extends DelegatingHandle {
        Limited(Handle adaptive) {
            super(adaptive);
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            return alloc.ioBuffer(guess());
        }

        @Override
        public int guess() {
            return Math.min(delegate().guess(), limit);
        }
    }
}
