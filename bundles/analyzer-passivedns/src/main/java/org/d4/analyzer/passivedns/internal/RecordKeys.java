// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte layout of the store's keys, chosen so that every query is one range of a sorted index
 * (MapDB compares byte arrays unsigned, shorter first):
 *
 * <pre>
 * record   reversed name | 00 | type (2) | rdata
 * by rdata 01 | IPv4 (4)  | name | 00 | type (2)
 *          02 | IPv6 (16) | name | 00 | type (2)
 *          03 | rdata | 00 | name | 00 | type (2)      (other types)
 * </pre>
 *
 * Names and data never contain NUL (the parsers refuse it), so 00 ends them.
 */
final class RecordKeys {
    static final byte V4 = 1;
    static final byte V6 = 2;
    static final byte TEXT = 3;

    private RecordKeys() {
    }

    static byte[] record(String rrname, int type, String rdata) {
        byte[] name = utf8(DnsNames.reverse(rrname));
        byte[] data = utf8(rdata);
        byte[] key = new byte[name.length + 3 + data.length];
        System.arraycopy(name, 0, key, 0, name.length);
        key[name.length + 1] = (byte) (type >> 8);
        key[name.length + 2] = (byte) type;
        System.arraycopy(data, 0, key, name.length + 3, data.length);
        return key;
    }

    /** Every record of a name. */
    static byte[] namePrefix(String rrname) {
        byte[] name = utf8(DnsNames.reverse(rrname));
        return Arrays.copyOf(name, name.length + 1);
    }

    /** Every record of a name and type. */
    static byte[] nameTypePrefix(String rrname, int type) {
        byte[] prefix = namePrefix(rrname);
        byte[] key = Arrays.copyOf(prefix, prefix.length + 2);
        key[prefix.length] = (byte) (type >> 8);
        key[prefix.length + 1] = (byte) type;
        return key;
    }

    /** Every record of every name under a domain ({@code *.example.com}), the domain itself excluded. */
    static byte[] subdomainPrefix(String domain) {
        return utf8(DnsNames.reverse(domain) + ".");
    }

    static String rrname(byte[] recordKey) {
        return DnsNames.reverse(new String(recordKey, 0, separator(recordKey), StandardCharsets.UTF_8));
    }

    static int type(byte[] recordKey) {
        int s = separator(recordKey);
        return (recordKey[s + 1] & 0xff) << 8 | (recordKey[s + 2] & 0xff);
    }

    static String rdata(byte[] recordKey) {
        int from = separator(recordKey) + 3;
        return new String(recordKey, from, recordKey.length - from, StandardCharsets.UTF_8);
    }

    private static int separator(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a record key");
    }

    /** The rdata index entry of a record; null when its data is too long to be worth indexing. */
    static byte[] byRdata(String rrname, int type, String rdata) {
        byte[] head = Rdata.isAddress(type) ? addressPrefix(Addresses.parse(rdata)) : textPrefix(rdata);
        if (head.length > 256) {
            return null;
        }
        byte[] name = utf8(rrname);
        byte[] key = Arrays.copyOf(head, head.length + name.length + 3);
        System.arraycopy(name, 0, key, head.length, name.length);
        key[key.length - 2] = (byte) (type >> 8);
        key[key.length - 1] = (byte) type;
        return key;
    }

    /** The rdata index range of one address: the records whose data it is. */
    static byte[] addressPrefix(byte[] address) {
        byte[] key = new byte[address.length + 1];
        key[0] = address.length == 4 ? V4 : V6;
        System.arraycopy(address, 0, key, 1, address.length);
        return key;
    }

    /** The rdata index range of one non-address data value (a name, as CNAME, NS, MX and PTR data). */
    static byte[] textPrefix(String rdata) {
        byte[] data = utf8(rdata);
        byte[] key = new byte[data.length + 2];
        key[0] = TEXT;
        System.arraycopy(data, 0, key, 1, data.length);
        return key;
    }

    /** The record an rdata index entry points to. */
    static byte[] recordOf(byte[] rdataKey) {
        int nameStart;
        String rdata;
        if (rdataKey[0] == V4 || rdataKey[0] == V6) {
            int length = rdataKey[0] == V4 ? 4 : 16;
            rdata = Addresses.format(Arrays.copyOfRange(rdataKey, 1, 1 + length));
            nameStart = 1 + length;
        } else {
            int end = indexOfZero(rdataKey, 1);
            rdata = new String(rdataKey, 1, end - 1, StandardCharsets.UTF_8);
            nameStart = end + 1;
        }
        int nameEnd = rdataKey.length - 3;
        String rrname = new String(rdataKey, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8);
        int type = (rdataKey[nameEnd + 1] & 0xff) << 8 | (rdataKey[nameEnd + 2] & 0xff);
        return record(rrname, type, rdata);
    }

    /** The name part of an rdata index entry that starts with {@code prefix}. */
    static String nameOf(byte[] rdataKey, int prefixLength) {
        return new String(rdataKey, prefixLength, rdataKey.length - 3 - prefixLength, StandardCharsets.UTF_8);
    }

    private static int indexOfZero(byte[] key, int from) {
        for (int i = from; i < key.length; i++) {
            if (key[i] == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("not an rdata index key");
    }

    /** The smallest key greater than every key starting with {@code prefix}; null when there is none. */
    static byte[] after(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return null;
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
