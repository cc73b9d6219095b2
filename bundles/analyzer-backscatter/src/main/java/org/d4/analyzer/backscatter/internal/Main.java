// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The analyzer on its own over capture files, for replaying old captures:
 * {@code java -jar analyzer-backscatter.jar -r FILE [-r FILE...] [--prefix CIDR ...] [--pfx2as FILE] [-b]}.
 * Prints the attacks as NDJSON, or with {@code -b} what analyzer-d4-pibs {@code -r FILE -b} prints.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        int status = run(args, out, System.err);
        out.flush();
        System.exit(status);
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        List<Path> files = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        boolean pibs = false;
        boolean counters = false;
        Path pfx2as = null;
        long[] thresholds = {300, 25, 60, 30};
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-r" -> files.add(Path.of(value(args, ++i)));
                    case "--prefix" -> prefixes.add(value(args, ++i));
                    case "-b" -> pibs = true;
                    case "--counters" -> counters = true;
                    case "--pfx2as" -> pfx2as = Path.of(value(args, ++i));
                    case "--timeout" -> thresholds[0] = number(args, ++i);
                    case "--min-packets" -> thresholds[1] = number(args, ++i);
                    case "--min-duration" -> thresholds[2] = number(args, ++i);
                    case "--min-ppm" -> thresholds[3] = number(args, ++i);
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no capture given (-r FILE)");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("usage: java -jar analyzer-backscatter.jar -r FILE [-r FILE...] [--prefix CIDR ...] [--pfx2as FILE] [-b] [--counters]"
                    + " [--timeout S] [--min-packets N] [--min-duration S] [--min-ppm N]");
            return 2;
        }
        if (pibs) {
            return pibs(files, out, err);
        }
        PrefixToAs origins;
        try {
            origins = pfx2as == null ? PrefixToAs.NONE : PrefixToAs.load(pfx2as);
        } catch (IOException e) {
            err.println("prefix-to-AS table " + pfx2as + ": " + e);
            return 2;
        }
        return attacks(files, prefixes, thresholds, counters, origins, out, err);
    }

    private static long number(String[] args, int i) {
        String v = value(args, i);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(args[i - 1] + " needs a whole number, not " + v);
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int pibs(List<Path> files, PrintStream out, PrintStream err) throws IOException {
        PibsCompat compat = new PibsCompat(out);
        out.println(PibsCompat.HEADER);
        int status = 0;
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                CaptureReader reader = new CaptureReader(in);
                if (!reader.readAll(compat)) {
                    err.println(f + ": " + reader.stop());
                    status = 1;
                }
            } catch (IOException e) {
                err.println(f + ": " + e);
                status = 1;
            }
        }
        if (compat.unremembered() > 0) {
            err.println("SYN sources not remembered (table full): " + compat.unremembered());
        }
        return status;
    }

    private static int attacks(List<Path> files, List<String> prefixes, long[] t, boolean counters, PrefixToAs origins, PrintStream out,
            PrintStream err)
            throws IOException {
        MonitoredSpace space;
        Thresholds thresholds;
        try {
            space = MonitoredSpace.parse(prefixes.toArray(String[]::new));
            thresholds = new Thresholds(t[0], t[1], t[2], t[3]);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        Telescope telescope = new Telescope(space, thresholds, new Telescope.Limits(4_000_000, 100_000),
                a -> {
                    PrefixToAs.Origin o = origins.lookup(a.victim());
                    out.println(AttackJson.json(0, a, o == null ? null : o.prefix(), o == null ? 0 : o.asn()));
                }, () -> { });
        int status = 0;
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                String stop = telescope.read(in, null);
                if (!stop.isEmpty()) {
                    err.println(f + ": " + stop);
                    status = 1;
                }
            } catch (IOException e) {
                err.println(f + ": " + e);
                status = 1;
            }
        }
        telescope.endAll();
        if (counters) {
            StringBuilder s = new StringBuilder();
            for (Count c : Count.values()) {
                s.append(s.length() == 0 ? "" : " ").append(c.label()).append('=').append(telescope.count(c));
            }
            err.println(s);
        }
        return status;
    }
}
