// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A prefix-to-AS table (CAIDA's RouteViews pfx2as files: {@code prefix<TAB>length<TAB>AS} a line,
 * gzipped or not) and the longest matching prefix of an address. A multi-origin AS
 * ({@code 64496_64497}) or an AS set ({@code 64496,64497}) maps to its first AS. IPv6 prefixes
 * longer than /64 are left out. Lines that cannot be read are counted; at most
 * {@value #MAX_LINES} lines are read.
 */
final class PrefixToAs {
    static final int MAX_LINES = 10_000_000;
    static final PrefixToAs NONE = new PrefixToAs();

    /** A match: the prefix as text and its AS. */
    record Origin(String prefix, long asn) {
    }

    // per prefix length, sorted network addresses (IPv4 as int, IPv6 as the upper 64 bits) and their AS
    private final int[][] v4 = new int[33][];
    private final long[][] v4As = new long[33][];
    private final long[][] v6 = new long[65][];
    private final long[][] v6As = new long[65][];
    private long prefixes;
    private long skipped;

    private PrefixToAs() {
        for (int i = 0; i <= 32; i++) {
            v4[i] = new int[0];
            v4As[i] = new long[0];
        }
        for (int i = 0; i <= 64; i++) {
            v6[i] = new long[0];
            v6As[i] = new long[0];
        }
    }

    static PrefixToAs load(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            return read(gzip ? new GZIPInputStream(raw) : raw);
        }
    }

    static PrefixToAs read(InputStream in) throws IOException {
        PrefixToAs t = new PrefixToAs();
        List<List<long[]>> four = new ArrayList<>();
        List<List<long[]>> six = new ArrayList<>();
        for (int i = 0; i <= 64; i++) {
            four.add(new ArrayList<>());
            six.add(new ArrayList<>());
        }
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        String line;
        long lines = 0;
        while ((line = r.readLine()) != null && lines++ < MAX_LINES) {
            String[] f = line.trim().split("\\s+");
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                if (f.length != 3) {
                    throw new IllegalArgumentException("three fields");
                }
                Prefix p = Prefix.parse(f[0] + "/" + f[1]);
                long asn = Long.parseLong(f[2].split("[_,]")[0]);
                if (asn < 0 || asn > 0xffff_ffffL) {
                    throw new IllegalArgumentException("AS number");
                }
                if (p.v4()) {
                    four.get(p.length()).add(new long[] {(int) p.lo(), asn});
                } else if (p.length() <= 64) {
                    six.get(p.length()).add(new long[] {p.hi(), asn});
                } else {
                    t.skipped++;
                    continue;
                }
                t.prefixes++;
            } catch (IllegalArgumentException e) {
                t.skipped++;
            }
        }
        for (int i = 0; i <= 32; i++) {
            List<long[]> l = four.get(i);
            l.sort((a, b) -> Integer.compare((int) a[0], (int) b[0]));
            t.v4[i] = l.stream().mapToInt(x -> (int) x[0]).toArray();
            t.v4As[i] = l.stream().mapToLong(x -> x[1]).toArray();
        }
        for (int i = 0; i <= 64; i++) {
            List<long[]> l = six.get(i);
            l.sort((a, b) -> Long.compare(a[0], b[0]));
            t.v6[i] = l.stream().mapToLong(x -> x[0]).toArray();
            t.v6As[i] = l.stream().mapToLong(x -> x[1]).toArray();
        }
        return t;
    }

    long prefixes() {
        return prefixes;
    }

    long skipped() {
        return skipped;
    }

    /** The longest prefix holding the address, or null. */
    Origin lookup(String address) {
        if (prefixes == 0) {
            return null;
        }
        long[] a = Addresses.parse(address);
        if (Packet.isV4(a[0], a[1])) {
            int ip = (int) a[1];
            for (int len = 32; len >= 0; len--) {
                int net = len == 0 ? 0 : ip & (-1 << (32 - len));
                int i = Arrays.binarySearch(v4[len], net);
                if (i >= 0) {
                    return new Origin(Addresses.format(0, Packet.v4Lo(net)) + "/" + len, v4As[len][i]);
                }
            }
            return null;
        }
        for (int len = 64; len >= 0; len--) {
            long net = len == 0 ? 0 : a[0] & (-1L << (64 - len));
            int i = Arrays.binarySearch(v6[len], net);
            if (i >= 0) {
                return new Origin(Addresses.format(net, 0) + "/" + len, v6As[len][i]);
            }
        }
        return null;
    }
}
