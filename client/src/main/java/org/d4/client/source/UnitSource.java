// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

/**
 * A source whose stream is a sequence of units (files, one per line) that the server takes whole
 * or not at all. Positions count the source's bytes from its first one. A connection lost in the
 * middle of a unit cannot be resumed with the unit's start (it may be far too large to keep):
 * instead the new connection begins with bytes that make the server drop the unit's remainder,
 * and the source sends the unit again.
 */
public interface UnitSource {
    /** The connections took the stream up to {@code position}: the units before it are sent. */
    void acknowledged(long position);

    /**
     * A new connection starts after a failure; the old one took the stream up to {@code position}.
     *
     * @return the bytes to send first: empty at a unit boundary, else bytes that spoil the unit's remainder
     */
    byte[] interrupted(long position);
}
