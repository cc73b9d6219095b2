// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** UTF-8 lines from a stream, each at most {@code maxLine} bytes (longer ones are skipped and reported), at most {@code maxBytes} in all. */
final class LineReader {
    /** Returned in place of a line that was too long (its bytes are skipped). */
    static final String OVERLONG = "\0overlong";

    private final InputStream in;
    private final int maxLine;
    private final long maxBytes;
    private final byte[] buffer = new byte[65536];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    private int at;
    private int end;
    private long total;

    LineReader(InputStream in, int maxLine, long maxBytes) {
        this.in = in;
        this.maxLine = maxLine;
        this.maxBytes = maxBytes;
    }

    /** The next line without its newline (and without a CR before it), {@link #OVERLONG}, or null at the end. */
    String next() throws IOException, BadRequest {
        line.reset();
        boolean overlong = false;
        while (true) {
            if (at == end && !fill()) {
                return line.size() == 0 && !overlong ? null : text(overlong);
            }
            int start = at;
            while (at < end && buffer[at] != '\n') {
                at++;
            }
            if (!overlong) {
                line.write(buffer, start, at - start);
                if (line.size() > maxLine) {
                    overlong = true;
                    line.reset();
                }
            }
            if (at < end) {
                at++;          // the newline
                return text(overlong);
            }
        }
    }

    private String text(boolean overlong) {
        if (overlong) {
            return OVERLONG;
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private boolean fill() throws IOException, BadRequest {
        int n = in.read(buffer);
        if (n <= 0) {
            return n == 0 ? fill() : false;
        }
        total += n;
        if (total > maxBytes) {
            throw new BadRequest("upload larger than " + maxBytes + " bytes");
        }
        at = 0;
        end = n;
        return true;
    }
}
