// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import com.idealista.tlsh.buckets.ProcessedBuckets;
import com.idealista.tlsh.buckets.Quartiles;
import com.idealista.tlsh.digests.Body;
import com.idealista.tlsh.digests.Checksum;
import com.idealista.tlsh.digests.Digest;
import com.idealista.tlsh.digests.LValue;
import com.idealista.tlsh.digests.Q;
import java.lang.reflect.Field;
import java.util.HexFormat;

/**
 * TLSH (Trend Micro's locality sensitive hash, 128 buckets, one checksum byte) of some bytes, as the
 * Go sensor prints it: the 35 bytes in lower-case hex, without the {@code T1} version prefix of
 * newer TLSH releases. The idealista library builds the digest (quartiles, length value, body); the
 * bucket counts and the checksum, where all the time goes, are counted here over a byte array with the
 * library's Pearson table, and the digest's parts are written in hex here: the library reads a String,
 * boxes every triplet hash into a list and formats each byte with {@code String.format}, about 0.35 ms
 * for a 200-byte text against a few microseconds here. {@code TlshTest} checks the digests against
 * Debian's python3-tlsh, and against the library's own counting and text on random inputs.
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
    private static final Field[] DIGEST_PARTS = digestParts();
    private static final HexFormat HEX = HexFormat.of();

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
        return hex(buckets.buildDigest());
    }

    /** As the library's {@code Digest.toString}, lower case: checksum, length and quartile bytes nibble-swapped, then the body from its last byte. */
    private static String hex(Digest digest) {
        try {
            int[] sum = ((Checksum) DIGEST_PARTS[0].get(digest)).getValue();
            int length = ((LValue) DIGEST_PARTS[1].get(digest)).getValue();
            int q = ((Q) DIGEST_PARTS[2].get(digest)).getValue();
            int[] body = ((Body) DIGEST_PARTS[3].get(digest)).getBody();
            StringBuilder s = new StringBuilder(2 * (sum.length + 2 + body.length));
            for (int b : sum) {
                s.append(HEX.toHexDigits((byte) swap(b)));
            }
            s.append(HEX.toHexDigits((byte) swap(length))).append(HEX.toHexDigits((byte) swap(q)));
            for (int i = body.length - 1; i >= 0; i--) {
                s.append(HEX.toHexDigits((byte) body[i]));
            }
            return s.toString();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the digest's parts were made accessible", e);
        }
    }

    private static int swap(int b) {
        return (b & 0x0f) << 4 | (b & 0xf0) >>> 4;
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

    /** The library's Digest keeps its parts private (their types have getters); the version is pinned, a test fails if they move. */
    private static Field[] digestParts() {
        try {
            Field[] parts = {Digest.class.getDeclaredField("checksum"), Digest.class.getDeclaredField("lValue"),
                Digest.class.getDeclaredField("q"), Digest.class.getDeclaredField("body")};
            for (Field f : parts) {
                f.setAccessible(true);
            }
            return parts;
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
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
