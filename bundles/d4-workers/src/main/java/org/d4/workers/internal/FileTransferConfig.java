// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code d4.workers.files}: the file-transfer types ({@code filewatcher}, {@code filewatcherjson}). */
@ObjectClassDefinition(name = "D4 file transfers", description = "Files sent by sensors as extended types filewatcher and filewatcherjson")
@interface FileTransferConfig {
    @AttributeDefinition(name = "Largest file (bytes)", min = "1",
            description = "A larger file (decoded size) is refused, counted and logged; the session goes on with the next file")
    long max_file_bytes() default 100L * 1024 * 1024;
}
