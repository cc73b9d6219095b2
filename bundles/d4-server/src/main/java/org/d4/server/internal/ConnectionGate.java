// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.d4.common.ConnectionCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a connection before any TLS work when its address already has too many, or the server
 * has too many in total, so one host cannot exhaust the server.
 */
@Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

    private final ConnectionCounter counter;

    ConnectionGate(int perAddress, int total) {
        this.counter = new ConnectionCounter(total, perAddress);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        String address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
        Optional<String> refusal = counter.admit(address);
        if (refusal.isPresent()) {
            LOG.warn("Refused a connection from {}: {}", address, refusal.get());
            ctx.close();
            return;
        }
        ctx.channel().closeFuture().addListener(f -> counter.release(address));
        ctx.pipeline().remove(this);
        super.channelActive(ctx);
    }

    int open() {
        return counter.open();
    }
}
