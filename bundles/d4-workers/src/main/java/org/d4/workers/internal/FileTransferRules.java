// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.util.Map;
import java.util.regex.Pattern;
import org.d4.api.ingest.RejectedPayloadException;
import org.d4.api.ingest.SessionInfo;

/**
 * How a file-transfer session keeps its files, from its meta header as the reference server reads
 * it: {@code extension} (none by default), {@code compress} (false) and {@code segregate} (true: a
 * folder per sensor) for {@code filewatcher}; {@code filewatcherjson} always keeps {@code .json}
 * files per sensor. A sensor's header names files on the server, so it is checked, not trusted.
 *
 * @param base64       files come base64-encoded (filewatcher), else as raw JSON lines
 * @param extension    the file name extension, possibly empty
 * @param compress     files are kept gzipped ({@code .gz} added)
 * @param segregate    files are kept under the sensor's folder, else in a folder shared by all sensors
 * @param maxFileBytes the largest file kept (decoded size)
 */
record FileTransferRules(boolean base64, String extension, boolean compress, boolean segregate, long maxFileBytes) {
    static final String FILEWATCHER = "filewatcher";
    static final String FILEWATCHER_JSON = "filewatcherjson";
    static final String FILES_FOLDER = "files";
    static final String SHARED_FOLDER = "shared";
    private static final Pattern SAFE_EXTENSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*");
    private static final int MAX_EXTENSION = 32;

    static FileTransferRules of(SessionInfo info, long maxFileBytes) throws RejectedPayloadException {
        String type = info.extendedType().orElse("");
        if (type.equals(FILEWATCHER_JSON)) {
            return new FileTransferRules(false, "json", false, true, maxFileBytes);
        }
        Map<String, Object> header = info.metaHeader();
        String extension = text(header, "extension");
        if (!extension.isEmpty() && (extension.length() > MAX_EXTENSION || !SAFE_EXTENSION.matcher(extension).matches())) {
            throw new RejectedPayloadException("meta header: extension \"" + LineSession.sample(extension.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)) + "\" is not a file name extension (letters, digits, '-', '_', '.', at most 32)");
        }
        return new FileTransferRules(true, extension, flag(header, "compress", false), flag(header, "segregate", true), maxFileBytes);
    }

    private static String text(Map<String, Object> header, String field) throws RejectedPayloadException {
        Object value = header.get(field);
        if (value == null) {
            return "";
        }
        if (!(value instanceof String s)) {
            throw new RejectedPayloadException("meta header: " + field + " must be a string");
        }
        return s;
    }

    /** A JSON boolean, or the strings true and false as some senders write them. */
    private static boolean flag(Map<String, Object> header, String field, boolean otherwise) throws RejectedPayloadException {
        Object value = header.get(field);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new RejectedPayloadException("meta header: " + field + " must be true or false");
    }
}
