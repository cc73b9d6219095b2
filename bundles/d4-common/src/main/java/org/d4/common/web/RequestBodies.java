// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/** What a servlet does with the body of a request it refuses. */
public final class RequestBodies {
    private RequestBodies() {
    }

    /**
     * Reads and drops what is left of a refused request's body, at most {@code maxBytes}, so that
     * the client reads the answer: a server that answers and closes while the client is still
     * sending makes the client see a reset connection instead of the answer. A body longer than
     * that is not read on: the answer then says {@code Connection: close}.
     *
     * @return whether the body was read to its end
     */
    public static boolean drain(HttpServletRequest request, HttpServletResponse response, long maxBytes) {
        try {
            InputStream in = request.getInputStream();
            byte[] sink = new byte[16 * 1024];
            long left = maxBytes;
            while (left >= 0) {
                int n = in.read(sink, 0, (int) Math.min(sink.length, left + 1));
                if (n < 0) {
                    return true;
                }
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // the body was consumed already (a reader was taken) or the client went away
            return true;
        }
        if (!response.isCommitted()) {
            response.setHeader("Connection", "close");
        }
        return false;
    }
}
