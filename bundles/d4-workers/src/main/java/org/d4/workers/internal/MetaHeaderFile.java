// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.d4.api.ingest.SessionInfo;

/**
 * A type-254 session's meta header, kept beside its data as {@code <base name>.meta.json} so the
 * archive says what its extended-type files hold. Written as the sensor sent it: its {@code type}
 * first, then the other keys.
 */
final class MetaHeaderFile {
    private final ObjectWriter json = new ObjectMapper().writerWithDefaultPrettyPrinter();

    /** Writes the meta header of {@code info} beside {@code firstFile}; returns the file written. */
    Path write(SessionInfo info, Path firstFile) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        info.extendedType().ifPresent(type -> header.put("type", type));
        info.metaHeader().forEach(header::putIfAbsent);
        Path target = ArchiveLayout.sibling(firstFile, "meta.json");
        Path temp = ArchiveLayout.temporary(target);
        try {
            Files.write(temp, json.writeValueAsBytes(header));
            ArchiveCompressor.force(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }
}
