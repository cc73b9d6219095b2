// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.tls;

/** Bounds-checked big-endian reads over a slice of a byte array. */
final class WireReader {
    private final byte[] b;
    private int at;
    private final int end;

    WireReader(byte[] b, int offset, int length) {
        this.b = b;
        this.at = offset;
        this.end = offset + length;
    }

    int remaining() {
        return end - at;
    }

    int position() {
        return at;
    }

    byte[] array() {
        return b;
    }

    private void need(int n, String what) throws TlsFormatException {
        if (n < 0 || n > end - at) {
            throw new TlsFormatException(what + ": " + n + " bytes needed, " + (end - at) + " left");
        }
    }

    int u8(String what) throws TlsFormatException {
        need(1, what);
        return b[at++] & 0xff;
    }

    int u16(String what) throws TlsFormatException {
        need(2, what);
        int v = (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
        at += 2;
        return v;
    }

    int u24(String what) throws TlsFormatException {
        need(3, what);
        int v = (b[at] & 0xff) << 16 | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff);
        at += 3;
        return v;
    }

    byte[] bytes(int n, String what) throws TlsFormatException {
        need(n, what);
        byte[] copy = java.util.Arrays.copyOfRange(b, at, at + n);
        at += n;
        return copy;
    }

    /** A reader over the next {@code n} bytes, which this reader skips. */
    WireReader slice(int n, String what) throws TlsFormatException {
        need(n, what);
        WireReader inner = new WireReader(b, at, n);
        at += n;
        return inner;
    }

    /** A list of 16-bit values, {@code n} bytes long. */
    int[] u16List(int n, String what) throws TlsFormatException {
        if (n % 2 != 0) {
            throw new TlsFormatException(what + ": odd length " + n);
        }
        need(n, what);
        int[] values = new int[n / 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = u16(what);
        }
        return values;
    }
}
