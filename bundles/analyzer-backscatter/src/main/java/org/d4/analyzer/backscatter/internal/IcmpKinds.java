// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

/** Which ICMP and ICMPv6 messages are replies to a (spoofed) request, which are errors quoting one. */
final class IcmpKinds {
    private IcmpKinds() {
    }

    /** Destination unreachable, source quench, redirect, time exceeded, parameter problem. */
    static boolean v4Error(int type) {
        return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    }

    /** Echo reply, timestamp reply, information reply, address mask reply. */
    static boolean v4Reply(int type) {
        return type == 0 || type == 14 || type == 16 || type == 18;
    }

    /** Echo, timestamp, information and address mask requests: somebody probing the telescope. */
    static boolean v4Request(int type) {
        return type == 8 || type == 13 || type == 15 || type == 17;
    }

    /** Destination unreachable, packet too big, time exceeded, parameter problem. */
    static boolean v6Error(int type) {
        return type >= 1 && type <= 4;
    }

    /** Echo reply. */
    static boolean v6Reply(int type) {
        return type == 129;
    }

    static boolean v6Request(int type) {
        return type == 128;
    }
}
