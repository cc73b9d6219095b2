// SPDX-License-Identifier: Apache-2.0
package org.d4.client.cli;

import org.d4.client.bench.LoadGenerator;

/** {@code java -jar d4-client.jar <command> ...}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(String.join("\n",
                    "usage: java -jar d4-client.jar <command> [options]",
                    "commands:",
                    "  bench    stream D4 frames from many sensors and report throughput (bench --help)"));
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        if (args[0].equals("bench")) {
            if (rest.length == 1 && rest[0].equals("--help")) {
                System.out.println(org.d4.client.bench.LoadGenerator.usage());
                return 0;
            }
            return LoadGenerator.run(rest);
        }
        System.err.println("d4-client: unknown command '" + args[0] + "' (try --help)");
        return 2;
    }
}
