// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of {@code d4-client.jar tlsf}, named as in the D4 project's Go sensor
 * (sensor-d4-tls-fingerprinting): {@code -r FILE}, {@code -i INTERFACE}, {@code -w FOLDER},
 * {@code -j FOLDER}, then an optional BPF filter; ours: {@code -r} repeated for rotated captures, and
 * {@code --stats}.
 *
 * @param captureFiles pcap/pcapng files read in order as one capture, or {@code -} alone for stdin;
 *        empty for live capture
 * @param interfaceName the interface for live capture (when no file is given)
 * @param certificateFolder where each certificate is written once as {@code <sha1>.crt}, or null
 * @param jsonFolder where each record is written as a file of its own instead of stdout, or null
 * @param filter the BPF filter of a live capture
 * @param stats whether to print what each capture cost and the counters on stderr
 */
public record TlsfOptions(List<String> captureFiles, String interfaceName, Path certificateFolder, Path jsonFolder,
                          String filter, boolean stats) {
    static final String DEFAULT_FILTER = "tcp";
    static final String DEFAULT_INTERFACE = "eth0";

    /** @throws IllegalArgumentException naming the flag at fault */
    public static TlsfOptions parse(String[] args) {
        List<String> files = new ArrayList<>();
        boolean stats = false;
        String iface = null;
        Path certs = null;
        Path json = null;
        List<String> filter = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-r" -> files.add(value(args, ++i, a));
                case "--stats" -> stats = true;
                case "-i" -> iface = value(args, ++i, a);
                case "-w" -> certs = Path.of(value(args, ++i, a));
                case "-j" -> json = Path.of(value(args, ++i, a));
                default -> {
                    if (a.startsWith("-") && !a.equals("-") && filter.isEmpty()) {
                        throw new IllegalArgumentException("unknown flag " + a);
                    }
                    filter.add(a);
                }
            }
        }
        if (!files.isEmpty() && iface != null) {
            throw new IllegalArgumentException("-r and -i exclude each other");
        }
        if (files.size() > 1 && files.contains("-")) {
            throw new IllegalArgumentException("-r - (stdin) cannot be combined with other files");
        }
        return new TlsfOptions(List.copyOf(files), iface == null ? DEFAULT_INTERFACE : iface, certs, json,
                filter.isEmpty() ? DEFAULT_FILTER : String.join(" ", filter), stats);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].isEmpty()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    public static String usage() {
        return """
                usage: java -jar d4-client.jar tlsf [-r FILE ... | -i INTERFACE] [-w FOLDER] [-j FOLDER] [--stats] [BPF filter]
                  -r FILE       read a pcap or pcapng capture file ('-': stdin) instead of capturing; repeated,
                                the files are read in order as one capture (rotated files: flows continue)
                  -i INTERFACE  capture live on INTERFACE through libpcap (default eth0; needs CAP_NET_RAW)
                  -w FOLDER     write every certificate seen, once, as FOLDER/<sha1>.crt (DER)
                  -j FOLDER     write each record as FOLDER/<timestamp>.json instead of a line on stdout
                  --stats       after each file, print its packets, records and CPU time, then the counters, on stderr
                  BPF filter    for live capture (default: tcp)
                One JSON object per TLS handshake, one per line on stdout. Exit status: 0 at the end of
                the input, 1 when the input cannot be read or is not a valid capture, 2 for bad options.""";
    }
}
