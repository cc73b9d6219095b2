// SPDX-License-Identifier: Apache-2.0
package org.d4.client.cli;

import java.util.Arrays;
import org.d4.client.bench.LoadGenerator;
import org.d4.client.config.RunOptions;

/** {@code java -jar d4-client.jar -c conf/ [flags]}, or {@code java -jar d4-client.jar bench ...}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0) {
            System.err.println(RunOptions.usage());
            return ClientCommand.BAD_CONFIG;
        }
        if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("-help")) {
            System.out.println(RunOptions.usage());
            return 0;
        }
        if (args[0].equals("bench")) {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            if (rest.length == 1 && rest[0].equals("--help")) {
                System.out.println(LoadGenerator.usage());
                return 0;
            }
            return LoadGenerator.run(rest);
        }
        return ClientCommand.run(args, System.err);
    }
}
