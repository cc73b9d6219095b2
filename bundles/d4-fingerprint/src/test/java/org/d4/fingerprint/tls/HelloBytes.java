// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes ClientHello messages and TLS records byte by byte, for tests that need exact or broken input. */
public final class HelloBytes {
    private final ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    private int[] ciphers = {0x1301};
    private int version = 0x0303;

    public HelloBytes ciphers(int... values) {
        ciphers = values;
        return this;
    }

    public HelloBytes version(int value) {
        version = value;
        return this;
    }

    public HelloBytes extension(int type, byte[] data) {
        u16(extensions, type);
        u16(extensions, data.length);
        extensions.writeBytes(data);
        return this;
    }

    public HelloBytes serverName(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        u16(d, n.length + 3);
        d.write(0);
        u16(d, n.length);
        d.writeBytes(n);
        return extension(0, d.toByteArray());
    }

    public HelloBytes alpn(String... names) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (String name : names) {
            list.write(name.length());
            list.writeBytes(name.getBytes(StandardCharsets.ISO_8859_1));
        }
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        u16(d, list.size());
        d.writeBytes(list.toByteArray());
        return extension(0x10, d.toByteArray());
    }

    public HelloBytes u16ListExtension(int type, boolean oneByteLength, int... values) {
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        if (oneByteLength) {
            d.write(values.length * 2);
        } else {
            u16(d, values.length * 2);
        }
        for (int v : values) {
            u16(d, v);
        }
        return extension(type, d.toByteArray());
    }

    /** The ClientHello body (what follows the 4-byte handshake header). */
    public byte[] body() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        u16(b, version);
        b.writeBytes(new byte[32]);
        b.write(0);
        u16(b, ciphers.length * 2);
        for (int c : ciphers) {
            u16(b, c);
        }
        b.write(1);
        b.write(0);
        u16(b, extensions.size());
        b.writeBytes(extensions.toByteArray());
        return b.toByteArray();
    }

    /** The ClientHello as a handshake message in one handshake record. */
    public byte[] record() {
        return record(22, message(1, body()));
    }

    public static byte[] message(int type, byte[] body) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.write(type);
        m.write(body.length >>> 16);
        u16(m, body.length & 0xffff);
        m.writeBytes(body);
        return m.toByteArray();
    }

    public static byte[] record(int type, byte[] payload) {
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.write(type);
        u16(r, 0x0301);
        u16(r, payload.length);
        r.writeBytes(payload);
        return r.toByteArray();
    }

    static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v & 0xff);
    }
}
