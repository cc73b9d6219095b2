// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.capture;

/** Receives each captured packet; {@code data} is reused by the reader and valid during the call only. */
@FunctionalInterface
public interface PacketSink {
    void onPacket(int linkType, long timestampNanos, byte[] data, int offset, int length);
}
