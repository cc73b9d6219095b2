// SPDX-License-Identifier: Apache-2.0
package org.d4.client.net;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Frames to a stream (the process's stdout), as the reference C client writes them for socat. Never reopened. */
public final class StdoutDestination implements Destination {
    private final OutputStream out;

    /** @param out written to with one buffer in front; not closed */
    public StdoutDestination(OutputStream out) {
        this.out = new BufferedOutputStream(out, 1 << 17);
    }

    @Override
    public Link open() {
        return new Link() {
            @Override
            public OutputStream out() {
                return out;
            }

            @Override
            public String closeReason() {
                return null;
            }

            @Override
            public void finish() throws IOException {
                out.flush();
            }

            @Override
            public void close() {
                try {
                    out.flush();
                } catch (IOException e) {
                    // the reader went away; nothing else to do
                }
            }
        };
    }

    @Override
    public String describe() {
        return "stdout";
    }
}
