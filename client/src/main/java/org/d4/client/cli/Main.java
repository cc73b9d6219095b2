// SPDX-License-Identifier: Apache-2.0
package org.d4.client.cli;

import java.util.Arrays;
import org.d4.client.bench.LoadGenerator;
import org.d4.client.config.RunOptions;
import org.d4.client.tlsf.TlsfCommand;
import org.d4.client.tlsf.TlsfOptions;

/** {@code java -jar d4-client.jar -c conf/ [flags]}, {@code java -jar d4-client.jar bench ...} or {@code ... tlsf ...}. */
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
        if (args[0].equals("tlsf")) {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            if (rest.length == 1 && rest[0].equals("--help")) {
                System.out.println(TlsfOptions.usage());
                return 0;
            }
            return TlsfCommand.run(rest, System.in, System.out, System.err);
        }
        return ClientCommand.run(args, System.err);
    }
}
