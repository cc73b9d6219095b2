// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JSON file made compact, one document per line (a file of several documents, JSON Lines,
 * gives several lines), streamed through a temporary file so that a large document is never held
 * in memory. The copy goes token by token; numbers keep their exact text.
 */
final class JsonUnit implements FolderSource.FileUnit {
    /** The file is not JSON: it is not sent. */
    static final class NotJson extends IOException {
        private static final long serialVersionUID = 1L;

        NotJson(String message) {
            super(message);
        }
    }

    private final Path compact;
    private final InputStream in;

    private JsonUnit(Path compact) throws IOException {
        this.compact = compact;
        this.in = Files.newInputStream(compact);
    }

    static JsonUnit open(JsonFactory factory, Path file) throws IOException {
        Path compact = Files.createTempFile("d4-folder-", ".json");
        try {
            int documents = 0;
            try (JsonParser parser = factory.createParser(file.toFile());
                    JsonGenerator out = factory.createGenerator(compact.toFile(), com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
                // documents one per line: the generator's root separator is the newline
                out.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
                int depth = 0;
                for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                        out.writeNumber(parser.getText());     // as written: 1.50 stays 1.50
                    } else {
                        out.copyCurrentEvent(parser);
                    }
                    depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
                    if (depth == 0) {
                        documents++;
                    }
                }
            } catch (JsonProcessingException e) {
                throw new NotJson(e.getOriginalMessage());
            }
            if (documents == 0) {
                throw new NotJson("empty");
            }
            return new JsonUnit(compact);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(compact);
            throw e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        return Math.max(n, 0);
    }

    @Override
    public void close() {
        try {
            in.close();
            Files.deleteIfExists(compact);
        } catch (IOException ignored) {
            // a temporary file the system cleans
        }
    }
}
