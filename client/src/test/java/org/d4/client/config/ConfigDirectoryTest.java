// SPDX-License-Identifier: Apache-2.0
package org.d4.client.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.d4.protocol.FrameHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigDirectoryTest {
    static final String UUID_TEXT = "84723644-0841-4580-97e9-23e98682739c";
    @TempDir Path dir;

    @BeforeEach
    void referenceLayout() throws IOException {
        write("uuid", UUID_TEXT + "\n");
        write("key", "my key\n");
        write("snaplen", "4096\n");
        write("version", "1\n");
        write("type", "1\n");
        write("source", "stdin\n");
        write("destination", "127.0.0.1:4443\n");
    }

    @Test
    void readsTheReferenceLayout() throws Exception {
        SensorConfig c = ConfigDirectory.load(dir);
        assertEquals(UUID.fromString(UUID_TEXT), c.uuid());
        assertArrayEquals("my key".getBytes(StandardCharsets.US_ASCII), c.key(), "raw bytes without the trailing newline");
        assertEquals(4096, c.snaplen());
        assertEquals(1, c.type());
        assertEquals("stdin", c.source());
        assertEquals("127.0.0.1:4443", c.destination());
        assertNull(c.rootCa());
        assertNull(c.metaHeader());
    }

    @Test
    void keyBytesAreKeptExactlyButForOneTrailingNewline() throws Exception {
        write("key", " spaced key \r\n");
        assertArrayEquals(" spaced key ".getBytes(StandardCharsets.US_ASCII), ConfigDirectory.load(dir).key());
        Files.write(dir.resolve("key"), new byte[] {(byte) 0xC3, (byte) 0xA9, 'k'});
        assertArrayEquals(new byte[] {(byte) 0xC3, (byte) 0xA9, 'k'}, ConfigDirectory.load(dir).key());
    }

    @Test
    void emptyUuidGetsAVersion4UuidWrittenBack() throws Exception {
        write("uuid", "");
        UUID generated = ConfigDirectory.load(dir).uuid();
        assertTrue(FrameHeader.isVersion4(generated));
        assertEquals(generated.toString(), Files.readString(dir.resolve("uuid")).strip());
        assertEquals(generated, ConfigDirectory.load(dir).uuid(), "the same one next time");
    }

    @ParameterizedTest
    @ValueSource(strings = {"uuid", "key", "snaplen", "version", "type", "source", "destination"})
    void missingFileIsNamed(String name) throws Exception {
        Files.delete(dir.resolve(name));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir));
        assertTrue(e.getMessage().contains(dir.resolve(name).toString()) && e.getMessage().contains("missing"), e.getMessage());
    }

    /** An unreadable file (a directory in its place: permission bits do not stop root, who runs CI). */
    @Test
    void aDirectoryInPlaceOfAFileIsNamed() throws Exception {
        Files.delete(dir.resolve("snaplen"));
        Files.createDirectory(dir.resolve("snaplen"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir));
        assertTrue(e.getMessage().contains(dir.resolve("snaplen") + " cannot be read"), e.getMessage());
    }

    @Test
    void missingDirectoryIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir.resolve("nope")));
        assertTrue(e.getMessage().contains(dir.resolve("nope").toString()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "e0f5a4b2-1c3d-11ee-be56-0242ac120002", "84723644-0841-4580-97e9-23e98682739", "1-2-3-4-5"})
    void invalidOrNonVersion4UuidIsRefused(String text) throws Exception {
        write("uuid", text + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("uuid") + ":"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\r\n"})
    void emptyKeyIsRefused(String text) throws Exception {
        write("key", text);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir));
        assertTrue(e.getMessage().contains(dir.resolve("key") + " is empty"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1000001", "99999999999", "4k", ""})
    void snaplenOutOfRangeOrNotANumberIsRefused(String text) throws Exception {
        write("snaplen", text);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("snaplen") + ":"), e.getMessage());
    }

    @Test
    void snaplenLimitsAreInclusive() throws Exception {
        write("snaplen", "1");
        assertEquals(1, ConfigDirectory.load(dir).snaplen());
        write("snaplen", "1000000");
        assertEquals(1_000_000, ConfigDirectory.load(dir).snaplen());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "2", "99", "256", "pcap"})
    void typesThatAreNoDataTypeAreRefused(String text) throws Exception {
        write("type", text);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("type") + ":"), e.getMessage());
    }

    @Test
    void versionOtherThanOneIsRefused() throws Exception {
        write("version", "2");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir));
        assertTrue(e.getMessage().contains("version 2 is not supported"), e.getMessage());
    }

    @Test
    void type254NeedsAValidMetaHeader() throws Exception {
        write("type", "254");
        ConfigException missing = assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir));
        assertTrue(missing.getMessage().contains(dir.resolve("metaheader.json") + " is missing"), missing.getMessage());
        for (String bad : new String[] {"{\"type\": \"ja3-jl\"", "not json", "[1]", "{\"encoding\":\"utf-8\"}", "{\"type\": 3}", "{\"type\":\"bad name!\"}"}) {
            write("metaheader.json", bad);
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir), bad);
            assertTrue(e.getMessage().startsWith(dir.resolve("metaheader.json") + ":"), e.getMessage());
        }
        write("metaheader.json", "{\"type\": \"ja3-jl\", \"encoding\": \"utf-8\"}\n");
        assertArrayEquals(Files.readAllBytes(dir.resolve("metaheader.json")), ConfigDirectory.load(dir).metaHeader());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", "::1:4443", "[::1]4443", "[::1]:", ":4443", "host:port",
        "a:4443, b", "a:4443,a:4443", ", ,", "a:1 b:2 c:3 d:4 e:5 f:6 g:7 h:8 i:9 j:10 k:11 l:12 m:13 n:14 o:15 p:16 q:17"})
    void malformedDestinationIsRefused(String text) throws Exception {
        write("destination", text);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("destination") + ":"), e.getMessage());
    }

    @Test
    void aDestinationMayNameSeveralServersInTheirOrder() throws Exception {
        write("destination", "d4a.example:4443, [2001:db8::7]:4443\n  d4c.example:443\n");
        assertEquals(List.of(new Endpoints.Endpoint("d4a.example", 4443), new Endpoints.Endpoint("2001:db8::7", 4443),
                new Endpoints.Endpoint("d4c.example", 443)), Endpoints.parseAll(ConfigDirectory.load(dir).destination()));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> Endpoints.parseAll("a:1 b:2 a:1"));
        assertEquals("a server is named twice in 'a:1 b:2 a:1'", twice.getMessage());
    }

    @Test
    void ipv6DestinationsAreBracketed() {
        assertEquals(new Endpoints.Endpoint("::1", 4443), Endpoints.parse("[::1]:4443"));
        assertEquals(new Endpoints.Endpoint("2001:db8::7", 1), Endpoints.parse("[2001:db8::7]:1"));
        assertEquals(new Endpoints.Endpoint("d4.example", 4443), Endpoints.parse("d4.example:4443"));
        assertEquals("[::1]:4443", Endpoints.parse("[::1]:4443").toString());
    }

    @Test
    void forwardingFromARedisQueueReadsTheGoclientFiles() throws Exception {
        write("type", "8");
        write("source", "d4server");
        write("redis_d4", "127.0.0.1:6380/2\n");
        String queue = "0d4a9d4a-8f07-4a9a-a2b1-47f7a5a1f55c";
        write("redis_queue", "8:" + queue + "\n");
        QueueAddress q = ConfigDirectory.load(dir).queue();
        assertEquals(new QueueAddress("127.0.0.1:6380", 2, "analyzer:8:" + queue, null), q);
        write("redis_queue", "analyzer:ja3-jl:" + queue);
        assertEquals("analyzer:ja3-jl:" + queue, ConfigDirectory.load(dir).queue().name());
        write("redis_queue", "nonsense");
        assertTrue(assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir)).getMessage().startsWith(dir.resolve("redis_queue") + ":"));
        write("redis_queue", "8:" + queue);
        write("redis_d4", "127.0.0.1:6380/two");
        assertTrue(assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir)).getMessage().startsWith(dir.resolve("redis_d4") + ":"));
        Files.delete(dir.resolve("redis_d4"));
        assertTrue(assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir)).getMessage().contains(dir.resolve("redis_d4") + " is missing"));
    }

    @Test
    void forwardingOverRestNeedsUrlQueueAndToken() throws Exception {
        write("source", "rest");
        write("rest_url", "https://127.0.0.1:7000/\n");
        write("rest_queue", "0d4a9d4a-8f07-4a9a-a2b1-47f7a5a1f55c\n");
        write("rest_token", "tok\n");
        assertEquals(new QueueAddress("https://127.0.0.1:7000", 0, "0d4a9d4a-8f07-4a9a-a2b1-47f7a5a1f55c", "tok"), ConfigDirectory.load(dir).queue());
        write("rest_token", "");
        assertTrue(assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir)).getMessage().contains(dir.resolve("rest_token") + " is empty"));
        write("rest_token", "tok");
        write("rest_url", "ftp://x");
        assertTrue(assertThrows(ConfigException.class, () -> ConfigDirectory.load(dir)).getMessage().startsWith(dir.resolve("rest_url") + ":"));
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
