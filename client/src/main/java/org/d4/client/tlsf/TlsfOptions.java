// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import java.nio.file.Path;
import java.util.List;

/**
 * The options of {@code d4-client.jar tlsf}, named as in the D4 project's Go sensor
 * (sensor-d4-tls-fingerprinting): {@code -r FILE}, {@code -i INTERFACE}, {@code -w FOLDER},
 * {@code -j FOLDER}, then an optional BPF filter; ours: {@code -r} repeated for rotated captures, and
 * {@code --stats}. Read from the command line by {@code org.d4.client.cli.TlsfSubcommand}.
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
    public static final String DEFAULT_FILTER = "tcp";
    public static final String DEFAULT_INTERFACE = "eth0";
}
