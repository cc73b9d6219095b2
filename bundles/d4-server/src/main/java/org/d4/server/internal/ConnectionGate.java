// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a connection before any TLS work when its address already has too many, or the server
 * has too many in total, so one host cannot exhaust the server.
 */
@Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

    private final int perAddress;
    private final int total;
    private final Map<InetAddress, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    ConnectionGate(int perAddress, int total) {
        this.perAddress = perAddress;
        this.total = total;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        int forAddress = counts.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        int all = open.incrementAndGet();
        ctx.channel().closeFuture().addListener(f -> release(address));
        if (forAddress > perAddress || all > total) {
            LOG.warn("Refused a connection from {}: {}", address.getHostAddress(),
                    forAddress > perAddress ? "more than " + perAddress + " connections from this address" : "more than " + total + " connections");
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        super.channelActive(ctx);
    }

    private void release(InetAddress address) {
        open.decrementAndGet();
        counts.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    int open() {
        return open.get();
    }
}
