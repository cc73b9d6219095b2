// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection. Auto-read is off: the connection reads only when it has no complete
 * request left and no command running, and runs one command at a time, so pipelined requests are
 * answered in order and neither unread input nor unsent replies pile up (a client that stops
 * reading its replies stops being read, via the channel's writability).
 *
 * <p>Commands run on the command executor, not on the event loop: a pop waits for the queue
 * store's lock, which a commit (an fsync) holds exclusively and a writer far ahead of the commits
 * may hold for seconds; on the event loop that would stall every other client on it.
 */
final class RespConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RespConnection.class);

    private final Commands commands;
    private final Executor executor;
    private final RespDecoder decoder;
    private Session session;
    private ByteBuf unparsed;
    private boolean running;
    private boolean closing;

    RespConnection(Commands commands, Executor executor, int maxRequestBytes) {
        this.commands = commands;
        this.executor = executor;
        this.decoder = new RespDecoder(maxRequestBytes);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = commands.open(String.valueOf(ctx.channel().remoteAddress()));
        unparsed = ctx.alloc().heapBuffer();
        LOG.debug("RESP client {} connected", session.peer());
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (!closing) {
                unparsed.discardSomeReadBytes();
                unparsed.writeBytes(in);
            }
        } finally {
            in.release();
        }
        next(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        next(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            LOG.debug("Closing idle RESP client {}", session.describe());
            closing = true;
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (unparsed != null) {
            unparsed.release();
            unparsed = null;
        }
        LOG.debug("RESP client {} disconnected", session == null ? ctx.channel().remoteAddress() : session.describe());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("RESP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        closing = true;
        ctx.close();
    }

    /** Starts the next complete request, or asks for more input; on the event loop. */
    private void next(ChannelHandlerContext ctx) {
        if (running || closing || !ctx.channel().isWritable()) {
            return;                              // resumed by the running command's reply or by writability
        }
        List<byte[]> request;
        try {
            request = decoder.decode(unparsed);
        } catch (RespProtocolException e) {
            LOG.info("Closing RESP client {}: {}", session.describe(), e.getMessage());
            finish(ctx, Reply.error("ERR " + e.getMessage()));
            return;
        }
        if (request == null) {
            ctx.read();
            return;
        }
        running = true;
        try {
            executor.execute(() -> run(ctx, request));
        } catch (RejectedExecutionException stopping) {
            closing = true;
            ctx.close();
        }
    }

    /** On a command thread. */
    private void run(ChannelHandlerContext ctx, List<byte[]> request) {
        Reply reply = commands.execute(session, request);
        try {
            ctx.executor().execute(() -> answer(ctx, reply));
        } catch (RejectedExecutionException stopping) {
            ctx.channel().close();
        }
    }

    private void answer(ChannelHandlerContext ctx, Reply reply) {
        running = false;
        if (closing) {
            return;
        }
        if (session.closeAfterReply()) {
            finish(ctx, reply);
            return;
        }
        ByteBuf out = ctx.alloc().buffer();
        reply.writeTo(out, session.protocol());
        ctx.writeAndFlush(out, ctx.voidPromise());
        next(ctx);
    }

    private void finish(ChannelHandlerContext ctx, Reply last) {
        closing = true;
        ByteBuf out = ctx.alloc().buffer();
        last.writeTo(out, session.protocol());
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }
}
