// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.capture;

import java.io.IOException;

/** A capture file that is not pcap or pcapng, or whose blocks contradict their own lengths. */
public final class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CaptureFormatException(String message) {
        super(message);
    }
}
