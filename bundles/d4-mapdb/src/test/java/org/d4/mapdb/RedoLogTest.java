// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedoLogTest {
    @TempDir
    Path dir;

    /** Writes to a byte array; can be told to fail after some entries, as a crash would stop it. */
    static final class Memory implements RedoLog.Target {
        final byte[] bytes = new byte[4 << 20];
        int failAfter = Integer.MAX_VALUE;

        @Override
        public void write(long offset, ByteBuffer data) throws IOException {
            if (failAfter-- <= 0) {
                throw new IOException("stopped");
            }
            data.get(bytes, (int) offset, data.remaining());
        }

        @Override
        public void zeros(long offset, int length) {
            Arrays.fill(bytes, (int) offset, (int) offset + length, (byte) 0);
        }
    }

    private Path store() throws IOException {
        Path store = dir.resolve("x.db");
        Files.write(store, new byte[4 << 20]);
        return store;
    }

    @Test
    void aCommitReachesItsTargetOnlyWhole() throws IOException {
        Path store = store();
        Memory file = new Memory();
        try (RedoLog log = new RedoLog(store)) {
            log.data(100, "hello".getBytes(), 0, 5);
            log.data(2000, ByteBuffer.wrap("world".getBytes()));
            log.zeros(101, 2);
            assertTrue(log.pending());
            assertEquals(0, file.bytes[100], "nothing before the seal");
            log.commit(file);
            assertEquals('h', file.bytes[100]);
            assertEquals(0, file.bytes[101]);
            assertEquals('l', file.bytes[103]);
            assertEquals('w', file.bytes[2000]);
        }
    }

    @Test
    void aSealedCommitThatDidNotReachTheFileIsWrittenAtTheNextOpen() throws IOException {
        Path store = store();
        Memory file = new Memory();
        file.failAfter = 1;     // "crashes" after the first of the commit's writes
        byte[] big = new byte[3 << 20];     // larger than the log's buffers
        new Random(7).nextBytes(big);
        RedoLog log = new RedoLog(store);
        log.data(10, "abc".getBytes(), 0, 3);
        log.data(20, "def".getBytes(), 0, 3);
        log.data(1 << 20, big, 0, big.length);
        assertThrows(IOException.class, () -> log.commit(file));
        log.close();

        assertEquals(1, RedoRecovery.recover(store));
        byte[] after = Files.readAllBytes(store);
        assertEquals("abc", new String(after, 10, 3));
        assertEquals("def", new String(after, 20, 3));
        assertArrayEquals(big, Arrays.copyOfRange(after, 1 << 20, (1 << 20) + big.length));
        assertTrue(RedoLog.logs(store).isEmpty(), "logs removed after recovery");
    }

    @Test
    void theSealsChecksumCoversEntriesAcrossBufferFlushesAndADiscardedCommitBefore() throws IOException {
        Path store = store();
        RedoLog log = new RedoLog(store);
        log.data(0, "gone".getBytes(), 0, 4);
        log.data(3 << 20, new byte[2 << 20], 0, 1);
        log.discard();                       // rolled back: none of it may count in the next seal
        int longs = 200_000;                 // 21 bytes each in the log: several buffers' worth
        for (int i = 0; i < longs; i++) {
            log.data(8L * i, 0x0102030405060708L + i);
        }
        byte[] big = new byte[(1 << 20) + (1 << 19)];      // larger than a buffer, starting part way into one
        new Random(11).nextBytes(big);
        log.data(2 << 20, ByteBuffer.wrap(big));
        Memory file = new Memory();
        file.failAfter = 0;                  // "crashes" before the first write: only recovery writes it
        assertThrows(IOException.class, () -> log.commit(file));
        log.close();

        assertEquals(1, RedoRecovery.recover(store), "the sealed commit replays: its checksum matches");
        ByteBuffer after = ByteBuffer.wrap(Files.readAllBytes(store));
        for (int i = 0; i < longs; i += 9_973) {
            assertEquals(0x0102030405060708L + i, after.getLong(8 * i));
        }
        assertArrayEquals(big, Arrays.copyOfRange(after.array(), 2 << 20, (2 << 20) + big.length));
    }

    @Test
    void aCommitTornWhileBeingLoggedIsDroppedWithEverythingAfterIt() throws IOException {
        Path store = store();
        RedoLog log = new RedoLog(store);
        log.data(10, "one".getBytes(), 0, 3);
        log.commit(new Memory());
        log.data(20, "two".getBytes(), 0, 3);
        log.data(30, new byte[1 << 20], 0, 1 << 20);
        log.commit(new Memory());
        Path first = log.current();
        log.close();
        // cut the second commit in the middle of its big entry, as a crash while logging it would
        long size = Files.size(first);
        try (FileChannel c = FileChannel.open(first, StandardOpenOption.WRITE)) {
            c.truncate(size - 1000);
        }
        assertEquals(1, RedoRecovery.recover(store));
        byte[] after = Files.readAllBytes(store);
        assertEquals("one", new String(after, 10, 3));
        assertEquals(0, after[20], "the torn commit left the file alone");
    }

    @Test
    void aCommitThatDoesNotMatchItsSealIsNotWritten() throws IOException {
        Path store = store();
        RedoLog log = new RedoLog(store);
        log.data(10, "one".getBytes(), 0, 3);
        log.commit(new Memory());
        Path first = log.current();
        log.close();
        byte[] bytes = Files.readAllBytes(first);
        bytes[8 + RedoLog.ENTRY_HEADER] ^= 1;    // a flipped bit in the data
        Files.write(first, bytes);
        assertEquals(0, RedoRecovery.recover(store));
        assertEquals(0, Files.readAllBytes(store)[10]);
    }

    @Test
    void aDiscardedCommitLeavesNoTrace() throws IOException {
        Path store = store();
        RedoLog log = new RedoLog(store);
        log.data(10, "gone".getBytes(), 0, 4);
        log.discard();
        log.data(20, "kept".getBytes(), 0, 4);
        log.commit(new Memory());
        log.close();
        assertEquals(1, RedoRecovery.recover(store));
        byte[] after = Files.readAllBytes(store);
        assertEquals(0, after[10]);
        assertEquals("kept", new String(after, 20, 4));
    }

    @Test
    void rotatedLogsAreReplayedInOrder() throws IOException {
        Path store = store();
        RedoLog log = new RedoLog(store);
        log.data(10, "old".getBytes(), 0, 3);
        log.commit(new Memory());
        assertEquals(1, log.rotate().size());
        log.data(10, "new".getBytes(), 0, 3);
        log.commit(new Memory());
        log.close();
        assertEquals(2, RedoLog.logs(store).size());
        assertEquals(2, RedoRecovery.recover(store));
        assertEquals("new", new String(Files.readAllBytes(store), 10, 3));
    }

    @Test
    void logsWhoseFileWasRemovedAreDroppedNotTurnedIntoANewFile() throws IOException {
        Path store = store();
        RedoLog log = new RedoLog(store);
        log.data(10, "late".getBytes(), 0, 4);
        log.commit(new Memory());
        log.close();
        Files.delete(store);
        assertEquals(0, RedoRecovery.recover(store));
        assertTrue(!Files.exists(store), "no file made of the last commits alone");
        assertTrue(RedoLog.logs(store).isEmpty());
    }

    @Test
    void garbageInsteadOfALogIsIgnored() throws IOException {
        Path store = store();
        Files.write(RedoLog.file(store, 1), "not a redo log".getBytes());
        assertEquals(0, RedoRecovery.recover(store));
        assertTrue(RedoLog.logs(store).isEmpty());
    }
}
