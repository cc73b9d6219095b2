// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.d4.api.registry.Admission;
import org.d4.protocol.FrameEncoder;
import org.d4.protocol.FrameHeader;
import org.d4.server.internal.SessionViolation.Rule;
import org.junit.jupiter.api.Test;

/** The server's rules fed as a network would: whole, in random pieces, byte by byte. */
class SessionRulesTest {
    static final UUID SENSOR = UUID.fromString("3b2a1c9e-5d4f-4a6b-8c7d-0e1f2a3b4c5d");
    static final UUID OTHER = UUID.fromString("9f1e2d3c-4b5a-4968-8776-655443322110");
    static final byte[] KEY = "sensor key".getBytes(UTF_8);
    static final long NOW = 1_764_000_000L;

    final FrameEncoder encoder = new FrameEncoder(KEY);
    final Authority authority = new Authority();
    final Sink sink = new Sink();
    final PayloadArrays arrays = new PayloadArrays(1 << 20);
    SessionRules.Limits limits = new SessionRules.Limits(1_000_000, 65_536, 0, false);

    SessionRules rules() {
        return new SessionRules(authority, sink, limits, () -> NOW, arrays);
    }

    @Test
    void framesCutAnywhereDeliverTheSameBytesInOrder() throws Exception {
        byte[] stream = concat(encoder.encode(3, SENSOR, NOW, "first line\n".getBytes(UTF_8)),
                encoder.encode(3, SENSOR, NOW, new byte[0]),
                encoder.encode(3, SENSOR, NOW, random(70_000, 1)),
                encoder.encode(3, SENSOR, NOW, "last\n".getBytes(UTF_8)));
        byte[] expected = concat("first line\n".getBytes(UTF_8), random(70_000, 1), "last\n".getBytes(UTF_8));
        for (int piece : new int[] {1, 2, 7, 61, 62, 63, 1000, 65_536, stream.length}) {
            Sink fresh = new Sink();
            SessionRules r = new SessionRules(authority, fresh, limits, () -> NOW, arrays);
            for (int i = 0; i < stream.length; i += piece) {
                r.feed(ByteBuffer.wrap(stream, i, Math.min(piece, stream.length - i)));
            }
            assertArrayEquals(expected, fresh.data.toByteArray(), "pieces of " + piece);
            assertEquals(List.of("proven " + SENSOR + " 3", "start 3 " + Optional.empty()), fresh.events, "pieces of " + piece);
            assertEquals(4, fresh.verified);
            assertEquals(0, r.heldBytes());
            assertEquals(4, r.headersDecoded());
        }
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            Sink fresh = new Sink();
            SessionRules r = new SessionRules(authority, fresh, limits, () -> NOW, arrays);
            for (int i = 0; i < stream.length;) {
                int n = Math.min(stream.length - i, 1 + random.nextInt(20_000));
                r.feed(ByteBuffer.wrap(stream, i, n));
                i += n;
            }
            assertArrayEquals(expected, fresh.data.toByteArray(), "round " + round);
        }
    }

    @Test
    void noByteIsDeliveredBeforeItsFrameVerifies() throws Exception {
        byte[] frame = encoder.encode(3, SENSOR, NOW, random(50_000, 2));
        SessionRules r = rules();
        for (int i = 0; i < frame.length - 1; i += 1000) {
            r.feed(ByteBuffer.wrap(frame, i, Math.min(1000, frame.length - 1 - i)));
            assertEquals(0, sink.data.size(), "after " + i);
            assertFalse(r.proven());
        }
        r.feed(ByteBuffer.wrap(frame, frame.length - 1, 1));
        assertEquals(50_000, sink.data.size());
        assertTrue(r.proven());

        byte[] forged = encoder.encode(3, SENSOR, NOW, "forged".getBytes(UTF_8));
        forged[forged.length - 1] ^= 1;
        SessionViolation e = assertThrows(SessionViolation.class, () -> r.feed(ByteBuffer.wrap(forged)));
        assertEquals(Rule.HMAC, e.rule());
        assertEquals(50_000, sink.data.size(), "the forged frame delivered nothing");
        assertThrows(IllegalStateException.class, () -> r.feed(ByteBuffer.wrap(forged)), "closed for good");
    }

    @Test
    void heldBytesFollowWhatArrivedNotWhatWasAnnounced() throws Exception {
        byte[] frame = encoder.encode(3, SENSOR, NOW, random(1_000_000, 3));
        SessionRules r = rules();
        r.feed(ByteBuffer.wrap(frame, 0, FrameHeader.HEADER_SIZE + 100));
        assertTrue(r.heldBytes() <= 4096, "held " + r.heldBytes());
        assertEquals(999_900, r.payloadRemaining());
        r.feed(ByteBuffer.wrap(frame, FrameHeader.HEADER_SIZE + 100, 300_000));
        assertTrue(r.heldBytes() >= 300_100 && r.heldBytes() <= 2 * 300_100, "held " + r.heldBytes());
        r.feed(ByteBuffer.wrap(frame, FrameHeader.HEADER_SIZE + 300_100, frame.length - FrameHeader.HEADER_SIZE - 300_100));
        assertEquals(0, r.heldBytes());
        assertEquals(0, r.payloadRemaining());
        assertEquals(1_000_000, sink.data.size());
    }

    @Test
    void aProvenConnectionAssemblesAPayloadInOneArrayOfThePoolAndHandsItOn() throws Exception {
        List<byte[]> seen = new ArrayList<>();
        SessionRules r = new SessionRules(authority, new Sink() {
            @Override
            public void data(byte[] payload, int length, long timestamp) {
                seen.add(java.util.Arrays.copyOf(payload, length));
                seen.add(payload);
            }
        }, limits, () -> NOW, arrays);
        r.feed(ByteBuffer.wrap(encoder.encode(3, SENSOR, NOW, "proof\n".getBytes(UTF_8))));
        byte[] pooled = new byte[65_536];
        arrays.giveAll(List.of(pooled));
        byte[] frame = encoder.encode(3, SENSOR, NOW, random(65_536, 9));
        for (int i = 0; i < frame.length; i += 16_384) {           // as TLS records bring it
            r.feed(ByteBuffer.wrap(frame, i, Math.min(16_384, frame.length - i)));
        }
        assertSame(pooled, seen.get(3), "the pool's array, taken at the first fragment and never replaced");
        assertEquals(0, arrays.keptBytes(), "no smaller array was taken and given back on the way");
        assertEquals(0, r.heldBytes());
        assertArrayEquals(random(65_536, 9), seen.get(2));
    }

    @Test
    void eachBrokenRuleSaysWhatHappened() throws Exception {
        byte[] version2 = encoder.encode(3, SENSOR, NOW, new byte[1]);
        version2[0] = 2;
        assertBroken(Rule.VERSION, "unsupported protocol version 2", version2);
        assertBroken(Rule.SIZE, "1000001 payload bytes, the limit is 1000000",
                java.util.Arrays.copyOf(encoder.encode(3, SENSOR, NOW, new byte[1_000_001]), 100));
        authority.refusal = "sensor " + OTHER + " is not registered";
        assertBroken(Rule.ADMISSION, "is not registered", encoder.encode(3, OTHER, NOW, new byte[1]));
        authority.refusal = null;
        assertBroken(Rule.TYPE, "type 254 before any meta header", encoder.encode(254, SENSOR, NOW, new byte[1]));
        assertBroken(Rule.UUID_CHANGE, "the UUID changed from " + SENSOR + " to " + OTHER,
                encoder.encode(3, SENSOR, NOW, new byte[1]), encoder.encode(3, OTHER, NOW, new byte[1]));
        assertBroken(Rule.TYPE_CHANGE, "the type changed from 3 to 1",
                encoder.encode(3, SENSOR, NOW, new byte[1]), encoder.encode(1, SENSOR, NOW, new byte[1]));
        assertBroken(Rule.TYPE_CHANGE, "the type changed from 254 to 2", encoder.encode(2, SENSOR, NOW, "{\"type\":\"ja3-jl\"}".getBytes(UTF_8)),
                encoder.encode(254, SENSOR, NOW, new byte[1]), encoder.encode(2, SENSOR, NOW, new byte[1]));
        assertBroken(Rule.HMAC, "HMAC verification failed", new FrameEncoder("another key".getBytes(UTF_8)).encode(3, SENSOR, NOW, new byte[9]));
        authority.claimable = false;
        assertBroken(Rule.DUPLICATE, "already has a live connection of type 3", encoder.encode(3, SENSOR, NOW, new byte[1]));
        authority.claimable = true;
    }

    @Test
    void timestampsOutsideTheWindowAndReplaysAreNamedAsSuch() throws Exception {
        limits = new SessionRules.Limits(1_000_000, 65_536, 60, true);
        SessionViolation late = assertBroken(Rule.TIMESTAMP, "more than 60 s from the server clock", encoder.encode(3, SENSOR, NOW - 61, new byte[1]));
        assertFalse(late.getMessage().contains("HMAC"), late.getMessage());
        assertBroken(Rule.TIMESTAMP, "more than 60 s from the server clock", encoder.encode(3, SENSOR, NOW + 3600, new byte[1]));
        SessionViolation replay = assertBroken(Rule.REPLAY, "replayed frame: timestamp " + (NOW - 10) + " is older than the previous frame's " + NOW,
                encoder.encode(3, SENSOR, NOW, new byte[1]), encoder.encode(3, SENSOR, NOW - 10, new byte[1]));
        assertFalse(replay.getMessage().contains("HMAC"), replay.getMessage());
        SessionRules r = rules();
        r.feed(ByteBuffer.wrap(concat(encoder.encode(3, SENSOR, NOW - 59, new byte[1]), encoder.encode(3, SENSOR, NOW - 59, new byte[1]),
                encoder.encode(3, SENSOR, NOW + 59, new byte[1]))));
        assertEquals(3, sink.verified, "equal and later timestamps within the window pass");
    }

    @Test
    void theMetaHeaderIsCheckedBeforeExtendedDataFlows() throws Exception {
        byte[] meta = "{\"type\":\"ja3-jl\",\"encoding\":\"utf-8\"}".getBytes(UTF_8);
        SessionRules r = rules();
        r.feed(ByteBuffer.wrap(concat(encoder.encode(2, SENSOR, NOW, java.util.Arrays.copyOf(meta, 10)),
                encoder.encode(2, SENSOR, NOW, java.util.Arrays.copyOfRange(meta, 10, meta.length)),
                encoder.encode(254, SENSOR, NOW, "{\"ja3\":1}\n".getBytes(UTF_8)))));
        assertEquals("start 254 Optional[ja3-jl] {encoding=utf-8}", sink.events.get(1));
        assertEquals("{\"ja3\":1}\n", sink.data.toString(UTF_8));
        assertEquals(254, r.claimedType());

        assertBroken(Rule.META_HEADER, "not accepted by this server", encoder.encode(2, SENSOR, NOW, "{\"type\":\"maltrail\"}".getBytes(UTF_8)),
                encoder.encode(254, SENSOR, NOW, new byte[1]));
        assertBroken(Rule.META_HEADER, "meta header", encoder.encode(2, SENSOR, NOW, "not json".getBytes(UTF_8)),
                encoder.encode(254, SENSOR, NOW, new byte[1]));
        limits = new SessionRules.Limits(1_000_000, 100, 0, false);
        assertBroken(Rule.META_HEADER, "meta header larger than 100 bytes", encoder.encode(2, SENSOR, NOW, new byte[60]),
                encoder.encode(2, SENSOR, NOW, new byte[60]));
        authority.extendedData = false;
        assertBroken(Rule.TYPE, "type 254 is not accepted by this server", encoder.encode(2, SENSOR, NOW, meta), encoder.encode(254, SENSOR, NOW, new byte[1]));
    }

    @Test
    void theSizeRuleStopsAFrameBeforeItsPayloadIsRead() throws Exception {
        limits = new SessionRules.Limits(1000, 65_536, 0, false);
        byte[] header = java.util.Arrays.copyOf(encoder.encode(3, SENSOR, NOW, new byte[1001]), FrameHeader.HEADER_SIZE);
        SessionRules r = rules();
        SessionViolation e = assertThrows(SessionViolation.class, () -> r.feed(ByteBuffer.wrap(header)));
        assertEquals(Rule.SIZE, e.rule());
        assertEquals(List.of(), authority.admitted, "refused before admission: nothing looked up");
    }

    @Test
    void theClaimedSensorIsKnownForErrorRecordsButBoundOnlyOnceProven() throws Exception {
        SessionRules r = rules();
        byte[] bad = new FrameEncoder("wrong".getBytes(UTF_8)).encode(8, SENSOR, NOW, new byte[3]);
        assertThrows(SessionViolation.class, () -> r.feed(ByteBuffer.wrap(bad)));
        assertEquals(SENSOR, r.claimedUuid());
        assertEquals(8, r.claimedType());
        assertEquals(null, r.boundUuid());
        assertFalse(r.proven());
        assertEquals(Set.of(), authority.claimed);
    }

    SessionViolation assertBroken(Rule rule, String message, byte[]... frames) {
        Sink fresh = new Sink();
        SessionRules r = new SessionRules(authority, fresh, limits, () -> NOW, arrays);
        byte[] stream = concat(frames);
        SessionViolation e = assertThrows(SessionViolation.class, () -> {
            for (int i = 0; i < stream.length; i += 5) {      // in pieces: the rules must not depend on read sizes
                r.feed(ByteBuffer.wrap(stream, i, Math.min(5, stream.length - i)));
            }
        });
        assertEquals(rule, e.rule(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        return e;
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The registry's answers for the tests: one sensor with a key, a refusal when asked. */
    static final class Authority implements SessionRules.Authority {
        String refusal;
        boolean claimable = true;
        boolean extendedData = true;
        final List<UUID> admitted = new ArrayList<>();
        final Set<String> claimed = new HashSet<>();

        @Override
        public Admission admit(UUID uuid, int type) {
            admitted.add(uuid);
            return refusal != null ? Admission.refuse(refusal) : Admission.accept(KEY);
        }

        @Override
        public boolean acceptsExtendedData() {
            return extendedData;
        }

        @Override
        public boolean acceptsExtendedType(String name) {
            return name.equals("ja3-jl");
        }

        @Override
        public boolean claim(UUID uuid, int type) {
            if (claimable) {
                claimed.add(uuid + "/" + type);
            }
            return claimable;
        }
    }

    /** Records what the rules let through. */
    static class Sink implements SessionRules.Sink {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final Map<Integer, Integer> bytesPerType = new HashMap<>();
        int verified;

        @Override
        public void proven(UUID uuid, int type) {
            events.add("proven " + uuid + " " + type);
        }

        @Override
        public void verified(FrameHeader header, int payloadBytes) {
            verified++;
            bytesPerType.merge(header.type(), payloadBytes, Integer::sum);
        }

        @Override
        public void start(int type, Optional<String> extendedType, Map<String, Object> metadata) {
            events.add("start " + type + " " + extendedType + (metadata.isEmpty() ? "" : " " + metadata));
        }

        @Override
        public void data(byte[] payload, int length, long timestamp) {
            data.write(payload, 0, length);
        }
    }
}
