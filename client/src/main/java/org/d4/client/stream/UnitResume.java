// SPDX-License-Identifier: Apache-2.0
package org.d4.client.stream;

import org.d4.client.source.UnitSource;

/** Resuming a stream of whole units: the source learns what went out and decides what a new connection starts with. */
final class UnitResume implements Resume {
    private final UnitSource source;
    private long position;

    UnitResume(UnitSource source) {
        this.source = source;
    }

    @Override
    public void sent(byte[] data, int offset, int length) {
        position += length;
        source.acknowledged(position);
    }

    @Override
    public byte[] prefix() {
        return source.interrupted(position);
    }

    @Override
    public void reset() {
        // a unit source is one stream
    }
}
