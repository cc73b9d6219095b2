// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import com.idealista.tlsh.buckets.BucketProcessor;
import com.idealista.tlsh.buckets.ProcessedBuckets;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * TLSH (Trend Micro's locality sensitive hash, 128 buckets, one checksum byte) of some bytes, as the
 * Go sensor prints it: the 35 bytes in lower-case hex, without the {@code T1} version prefix of
 * newer TLSH releases. The hash itself comes from the idealista library.
 *
 * <p>TLSH is defined for at least {@value #MIN_BYTES} bytes with enough variety: more than half of
 * the 128 buckets hit (the library only checks that, together with a 512-byte minimum of its own
 * that would leave most handshakes without a digest). Below that there is no digest and
 * {@link #of} gives the empty string.
 */
public final class TlshDigest {
    public static final int MIN_BYTES = 50;
    private static final int BUCKETS = 128;
    private static final Field BUCKET_COUNTS = bucketCounts();

    private TlshDigest() {
    }

    /** The digest of {@code data}, or "" when TLSH has none for it. */
    public static String of(byte[] data) {
        if (data.length < MIN_BYTES) {
            return "";
        }
        // the library reads a String char by char: ISO-8859-1 makes each char one byte of the input
        ProcessedBuckets buckets = new BucketProcessor().process(new String(data, StandardCharsets.ISO_8859_1));
        if (!variedEnough(buckets)) {
            return "";
        }
        return buckets.buildDigest().toString().toLowerCase(Locale.ROOT);
    }

    private static boolean variedEnough(ProcessedBuckets buckets) {
        int[] counts;
        try {
            counts = (int[]) BUCKET_COUNTS.get(buckets);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the bucket counts were made accessible", e);
        }
        int hit = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] > 0) {
                hit++;
            }
        }
        return hit > BUCKETS / 2;
    }

    /** The library keeps its bucket counts private; the version is pinned, and a test fails if the field moves. */
    private static Field bucketCounts() {
        try {
            Field f = ProcessedBuckets.class.getDeclaredField("bucketArray");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
