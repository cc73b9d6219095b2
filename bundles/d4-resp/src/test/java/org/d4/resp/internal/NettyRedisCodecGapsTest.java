// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.InlineCommandRedisMessage;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.handler.codec.redis.RedisEncoder;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.handler.codec.redis.RedisMessageType;
import io.netty.handler.codec.redis.SimpleStringRedisMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Why this bundle's codec ({@link RespDecoder}, {@link Reply}) is not Netty's codec-redis: each test
 * shows one thing the library does differently on the same bytes, next to what this endpoint must
 * do. A test failing after a Netty upgrade means that gap closed and the part it guards may move to
 * the library (see the bundle README).
 */
class NettyRedisCodecGapsTest {
    private static final int MAX_REQUEST = 65_536;

    @Test
    void theBulkStringAggregatorBuffersFarBeyondTheRequestLimit() {
        RedisBulkStringAggregator aggregator = new RedisBulkStringAggregator();
        assertEquals(512 * 1024 * 1024, aggregator.maxContentLength(), "fixed: the aggregator takes no limit");

        int announced = 16 * 1024 * 1024;
        EmbeddedChannel netty = new EmbeddedChannel(new RedisDecoder(), aggregator);
        netty.writeInbound(ascii("$" + announced + "\r\n"));
        for (int sent = 0; sent < announced; sent += 65_536) {
            assertTrue(netty.inboundMessages().isEmpty(), "nothing out while it buffers");
            netty.writeInbound(Unpooled.wrappedBuffer(new byte[65_536]));
        }
        netty.writeInbound(ascii("\r\n"));
        FullBulkStringRedisMessage whole = netty.readInbound();
        assertEquals(announced, whole.content().readableBytes(), "one argument held whole in memory");
        whole.release();
        netty.finishAndReleaseAll();

        RespDecoder ours = new RespDecoder(MAX_REQUEST);
        RespProtocolException e = assertThrows(RespProtocolException.class, () -> ours.decode(ascii("*1\r\n$" + announced + "\r\n")));
        assertEquals("Protocol error: request larger than 65536 bytes", e.getMessage(), "refused at its header, before any data");
    }

    @Test
    void anInlineCommandEndedByLfAloneIsRefused() throws Exception {
        EmbeddedChannel netty = new EmbeddedChannel(new RedisDecoder(true));
        assertThrows(DecoderException.class, () -> netty.writeInbound(ascii("PING\n")), "what nc and printf send");
        netty.finishAndReleaseAll();

        assertEquals(List.of("PING"), RespDecoderTest.strings(new RespDecoder(MAX_REQUEST).decode(ascii("PING\n"))));
    }

    @Test
    void anInlineCommandIsOneTextLineNotItsArguments() throws Exception {
        EmbeddedChannel netty = new EmbeddedChannel(new RedisDecoder(true));
        netty.writeInbound(ascii("RPOP  k\u00ff\r\n"));
        InlineCommandRedisMessage line = netty.readInbound();
        assertEquals("RPOP  k\ufffd", line.content(), "decoded as UTF-8: the byte 0xff is lost, the words still to split");
        netty.finishAndReleaseAll();

        assertEquals(List.of("RPOP", "k\u00ff"), RespDecoderTest.strings(new RespDecoder(MAX_REQUEST).decode(ascii("RPOP  k\u00ff\r\n"))));
    }

    @Test
    void binaryJunkIsHeldUntilALineEndsOr64KiB() {
        byte[] tlsHello = new byte[4096];
        Arrays.fill(tlsHello, (byte) 0x01);
        tlsHello[0] = 0x16;
        tlsHello[1] = 0x03;

        EmbeddedChannel netty = new EmbeddedChannel(new RedisDecoder(true));
        netty.writeInbound(Unpooled.wrappedBuffer(tlsHello));
        assertTrue(netty.inboundMessages().isEmpty(), "no message and no error: the client waits for an answer");
        assertTrue(netty.isOpen());
        netty.finishAndReleaseAll();

        RespProtocolException e = assertThrows(RespProtocolException.class,
                () -> new RespDecoder(MAX_REQUEST).decode(Unpooled.wrappedBuffer(tlsHello)));
        assertEquals("Protocol error: invalid character 0x16 in inline request", e.getMessage());
    }

    @Test
    void aReplyTypeAtTheStartOfARequestIsAReplyNotAnInlineCommand() throws Exception {
        // Redis reads any request not starting with '*' as an inline command, so "+OK" is the unknown command "+OK"
        EmbeddedChannel netty = new EmbeddedChannel(new RedisDecoder(true));
        netty.writeInbound(ascii("+OK\r\n"));
        SimpleStringRedisMessage reply = netty.readInbound();
        assertEquals("OK", reply.content(), "a simple string, as a client reads a reply");
        netty.finishAndReleaseAll();

        assertEquals(List.of("+OK"), RespDecoderTest.strings(new RespDecoder(MAX_REQUEST).decode(ascii("+OK\r\n"))));
    }

    @Test
    void errorsAreNotInRedisWording() {
        EmbeddedChannel netty = new EmbeddedChannel(new RedisDecoder());
        DecoderException e = assertThrows(DecoderException.class, () -> netty.writeInbound(ascii("*1\r\n$x\r\n")));
        assertEquals("bad byte in number: 120", e.getCause().getMessage());
        EmbeddedChannel again = new EmbeddedChannel(new RedisDecoder());
        e = assertThrows(DecoderException.class, () -> again.writeInbound(ascii("*1\r\n$3\r\nabcXY")));
        assertEquals("delimiter: [88,89] (expected: \\r\\n)", e.getCause().getMessage());

        RespProtocolException ours = assertThrows(RespProtocolException.class, () -> RespDecoderTest.feed(ascii("*1\r\n$x\r\n").array()));
        assertEquals("Protocol error: invalid bulk length", ours.getMessage(), "what Redis answers, after -ERR");
    }

    @Test
    void theEncoderKnowsNoResp3() {
        Set<Character> markers = Arrays.stream(RedisMessageType.values()).filter(t -> t != RedisMessageType.INLINE_COMMAND)
                .map(t -> {
                    ByteBuf b = Unpooled.buffer();
                    t.writeTo(b);
                    return (char) b.readByte();
                }).collect(Collectors.toSet());
        assertEquals(Set.of('+', '-', ':', '$', '*'), markers, "no RESP3 null '_' or map '%', which HELLO 3 clients get");

        ByteBuf ours = Unpooled.buffer();
        Reply.map(List.of(Reply.bulk("proto"), Reply.integer(3))).writeTo(ours, 3);
        Reply.NIL.writeTo(ours, 3);
        assertEquals("%1\r\n$5\r\nproto\r\n:3\r\n_\r\n", ours.toString(ISO_8859_1));
    }

    @Test
    void theEncoderWritesThreeBuffersPerItem() {
        List<RedisMessage> items = new ArrayList<>();
        List<Reply> replies = new ArrayList<>();
        int count = 10_000;             // a pop with a count may return ten times as many (QueueKeyspace.MAX_ITEMS)
        for (int i = 0; i < count; i++) {
            byte[] item = ("line-" + i).getBytes(ISO_8859_1);
            items.add(new FullBulkStringRedisMessage(Unpooled.wrappedBuffer(item)));
            replies.add(Reply.bulk(item));
        }
        EmbeddedChannel netty = new EmbeddedChannel(new RedisEncoder());
        netty.writeOutbound(new ArrayRedisMessage(items));
        // each buffer is an entry of the channel's outbound queue until the socket takes it
        assertEquals(1 + 3 * count, netty.outboundMessages().size());
        ByteBuf nettyBytes = Unpooled.buffer();
        for (ByteBuf b = netty.readOutbound(); b != null; b = netty.readOutbound()) {
            nettyBytes.writeBytes(b);
            b.release();
        }
        netty.finishAndReleaseAll();

        ByteBuf ours = Unpooled.buffer();
        Reply.array(replies).writeTo(ours, 2);
        assertEquals(nettyBytes, ours, "the same bytes, in one buffer");
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(ISO_8859_1));
    }
}
