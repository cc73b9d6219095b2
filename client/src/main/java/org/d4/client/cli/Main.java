// SPDX-License-Identifier: Apache-2.0
package org.d4.client.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code java -jar d4-client.jar -c conf/ [flags]}, {@code java -jar d4-client.jar bench ...} or {@code ... tlsf ...}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs the command line with these streams and returns the exit status: 2 for bad flags or options (the message
     * names them), otherwise the command's own.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        CommandLine commandLine = commandLine(in, out, err);
        if (args.length == 0) {
            commandLine.usage(commandLine.getErr());
            return ClientCommand.BAD_CONFIG;
        }
        return commandLine.execute(args);
    }

    static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new ClientCommand(err))
                .addSubcommand(new BenchSubcommand(out, err))
                .addSubcommand(new TlsfSubcommand(in, out, err));
        // Go's flag package has no clusters: -cc is one flag, -cconf is no -c with a value; set after the sub-commands so they get it too
        commandLine.setPosixClusteredShortOptionsAllowed(false);
        commandLine.setExpandAtFiles(false);   // an argument starting with @ is a path or a filter word, not a file of arguments
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler(Main::badInput);
        return commandLine;
    }

    /** One line naming what is wrong (and picocli's suggestions for a mistyped name), no usage: the usage is long. */
    private static int badInput(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + name + " --help' for the options.");
        err.flush();
        return ClientCommand.BAD_CONFIG;
    }
}
