// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code d4.workers}: shared by every type worker; a change re-activates them all. */
@ObjectClassDefinition(name = "D4 type workers", description = "Where and how accepted data is kept and handed to the analyzer queues")
@interface WorkersConfig {
    @AttributeDefinition(name = "Archive folder", description = "Relative to the image root, or absolute")
    String archive_dir() default "data/archive";

    @AttributeDefinition(name = "Flush interval (ms)", min = "10",
            description = "Longest time accepted data waits before it is forced to disk")
    long flush_interval_ms() default 1000;

    @AttributeDefinition(name = "Rotation (s)", min = "1",
            description = "Age at which a session's archive file is finished, compressed and (pcap) queued")
    long rotation_s() default 300;

    @AttributeDefinition(name = "Longest line (bytes)", min = "64", max = "16777216",
            description = "Longer lines are cut to this length; the rest up to the next newline is dropped and counted")
    int max_line_bytes() default 102400;

    @AttributeDefinition(name = "Compression threads", min = "1", max = "64",
            description = "Threads that gzip finished archive files")
    int compression_threads() default 1;

    @AttributeDefinition(name = "Compression level", min = "1", max = "9",
            description = "gzip level of finished archive files: 1 costs the least CPU, 9 gives the smallest files")
    int compression_level() default 1;

    @AttributeDefinition(name = "Direct writes",
            description = "Writes of 64 KiB and more go to the disk past the page cache (O_DIRECT), whole blocks only: a busy sensor's "
                    + "archive no longer fills the page cache, whose reclaim costs more CPU than the write. Small writes and a file's "
                    + "last partial block still go through the page cache. File systems without O_DIRECT are written as before")
    boolean archive_direct_writes() default true;
}
