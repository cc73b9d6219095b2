// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import com.idealista.tlsh.buckets.ProcessedBuckets;
import com.idealista.tlsh.buckets.Quartiles;
import java.lang.reflect.Field;
import java.util.Locale;

/**
 * TLSH (Trend Micro's locality sensitive hash, 128 buckets, one checksum byte) of some bytes, as the
 * Go sensor prints it: the 35 bytes in lower-case hex, without the {@code T1} version prefix of
 * newer TLSH releases. The idealista library builds the digest (quartiles, length value, body); the
 * bucket counts and the checksum, where all the time goes, are counted here over a byte array with the
 * library's Pearson table: its own counting reads a String and boxes every triplet hash into a list,
 * about 0.35 ms for a 200-byte text against a few microseconds here. {@code TlshTest} checks both
 * against Debian's python3-tlsh, and this counting against the library's on random inputs.
 *
 * <p>TLSH is defined for at least {@value #MIN_BYTES} bytes with enough variety: more than half of
 * the 128 buckets hit (the library only checks that, together with a 512-byte minimum of its own
 * that would leave most handshakes without a digest). Below that there is no digest and
 * {@link #of} gives the empty string.
 */
public final class TlshDigest {
    public static final int MIN_BYTES = 50;
    private static final int BUCKETS = 128;
    private static final int[] PEARSON = pearsonTable();

    private TlshDigest() {
    }

    /** The digest of {@code data}, or "" when TLSH has none for it. */
    public static String of(byte[] data) {
        if (data.length < MIN_BYTES) {
            return "";
        }
        int[] counts = new int[256];
        int checksum = 0;
        for (int i = 4; i < data.length; i++) {            // a window of five bytes, w0 the newest
            int w0 = data[i] & 0xff;
            int w1 = data[i - 1] & 0xff;
            int w2 = data[i - 2] & 0xff;
            int w3 = data[i - 3] & 0xff;
            int w4 = data[i - 4] & 0xff;
            checksum = pearson(0, w0, w1, checksum);
            counts[pearson(2, w0, w1, w2)]++;
            counts[pearson(3, w0, w1, w3)]++;
            counts[pearson(5, w0, w2, w3)]++;
            counts[pearson(7, w0, w2, w4)]++;
            counts[pearson(11, w0, w1, w4)]++;
            counts[pearson(13, w0, w3, w4)]++;
        }
        if (!variedEnough(counts)) {
            return "";
        }
        ProcessedBuckets buckets = new ProcessedBuckets(new int[] {checksum}, counts, data.length, new Quartiles(counts));
        return buckets.buildDigest().toString().toLowerCase(Locale.ROOT);
    }

    private static int pearson(int salt, int a, int b, int c) {
        return PEARSON[PEARSON[PEARSON[PEARSON[salt] ^ a] ^ b] ^ c];
    }

    private static boolean variedEnough(int[] counts) {
        int hit = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] > 0) {
                hit++;
            }
        }
        return hit > BUCKETS / 2;
    }

    /** TLSH's permutation of 0 to 255, as the library keeps it (private: the version is pinned, a test fails if it moves). */
    private static int[] pearsonTable() {
        try {
            Field f = Class.forName("com.idealista.tlsh.buckets.PearsonHash").getDeclaredField("PERMUTATION_TABLE");
            f.setAccessible(true);
            int[] table = ((int[]) f.get(null)).clone();
            if (table.length != 256) {
                throw new ExceptionInInitializerError("a Pearson table of " + table.length + " entries");
            }
            return table;
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
