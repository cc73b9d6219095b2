// SPDX-License-Identifier: Apache-2.0
package org.d4.client.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.d4.client.tlsf.TlsfCommand;
import org.d4.client.tlsf.TlsfOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code d4-client tlsf}: the options of the D4 project's Go TLS fingerprinting sensor, checked, then {@link TlsfCommand}. */
@Command(name = "tlsf", sortOptions = false, usageHelpWidth = 100,
        customSynopsis = {"java -jar d4-client.jar tlsf [-r FILE ... | -i INTERFACE] [-w FOLDER] [-j FOLDER] [--stats]",
            "       [BPF filter]"},
        description = "Writes one JSON object per TLS handshake, one per line on stdout.",
        footer = {"Exit status: 0 at the end of the input, 1 when the input cannot be read or is not a valid",
            "capture, 2 for bad options."})
final class TlsfSubcommand implements Callable<Integer> {
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    @Spec
    private CommandSpec spec;

    @Option(names = "-r", paramLabel = "FILE", description = "read a pcap or pcapng capture file ('-': stdin) instead of capturing; repeated, "
            + "the files are read in order as one capture (rotated files: flows continue)")
    private List<String> files = new ArrayList<>();
    @Option(names = "-i", paramLabel = "INTERFACE",
            description = "capture live on INTERFACE through libpcap (default " + TlsfOptions.DEFAULT_INTERFACE + "; needs CAP_NET_RAW)")
    private String interfaceName;
    @Option(names = "-w", paramLabel = "FOLDER", description = "write every certificate seen, once, as FOLDER/<sha1>.crt (DER)")
    private String certificateFolder;
    @Option(names = "-j", paramLabel = "FOLDER", description = "write each record as FOLDER/<timestamp>.json instead of a line on stdout")
    private String jsonFolder;
    @Option(names = "--stats", description = "after each file, print its packets, records and CPU time, then the counters, on stderr")
    private boolean stats;
    @Parameters(paramLabel = "BPF filter", description = "for live capture (default: " + TlsfOptions.DEFAULT_FILTER + ")")
    private List<String> filter = new ArrayList<>();
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    private boolean help;

    TlsfSubcommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        return TlsfCommand.run(options(), in, out, err);
    }

    /** @throws ParameterException naming the option at fault */
    TlsfOptions options() {
        if (files.contains("")) {
            throw new ParameterException(spec.commandLine(), "-r needs a value");
        }
        for (String[] option : new String[][] {{"-i", interfaceName}, {"-w", certificateFolder}, {"-j", jsonFolder}}) {
            if (option[1] != null && option[1].isEmpty()) {
                throw new ParameterException(spec.commandLine(), option[0] + " needs a value");
            }
        }
        if (!files.isEmpty() && interfaceName != null) {
            throw new ParameterException(spec.commandLine(), "-r and -i exclude each other");
        }
        if (files.size() > 1 && files.contains("-")) {
            throw new ParameterException(spec.commandLine(), "-r - (stdin) cannot be combined with other files");
        }
        return new TlsfOptions(List.copyOf(files), interfaceName == null ? TlsfOptions.DEFAULT_INTERFACE : interfaceName,
                certificateFolder == null ? null : Path.of(certificateFolder), jsonFolder == null ? null : Path.of(jsonFolder),
                filter.isEmpty() ? TlsfOptions.DEFAULT_FILTER : String.join(" ", filter), stats);
    }
}
