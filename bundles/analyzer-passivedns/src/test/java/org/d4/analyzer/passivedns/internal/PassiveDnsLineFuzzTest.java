// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * Arbitrary bytes as one queued passivedns line (seeds: lines as passivedns writes them,
 * {@code PassiveDnsLineFuzzTestInputs}): {@link PassiveDnsLine#parse} either returns a normalized
 * observation or throws {@link Malformed}, never another exception. An observation written back as
 * a line (type by mnemonic, data decorated as passivedns writes it) parses to itself.
 */
class PassiveDnsLineFuzzTest {

    private static final UUID SENSOR = UUID.fromString("6e1b2c7a-0f6e-4d0e-9d2b-3f6a1c9e7b10");
    private final RrTypes types = RrTypes.load();
    private final PassiveDnsLine parser = new PassiveDnsLine(types);

    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] bytes) throws Malformed {
        String line = new String(bytes, StandardCharsets.UTF_8);   // as QueueItem.text() decodes it
        Observation o;
        try {
            o = parser.parse(line, SENSOR);
        } catch (Malformed refused) {
            assertNotNull(refused.getMessage());
            return;
        }
        assertEquals(o.rrname(), DnsNames.normalize(o.rrname()), "rrname in its stored form");
        assertTrue(o.rrtype() >= 0 && o.rrtype() <= 65535);
        assertTrue(o.timeFirst() > 0 && o.timeFirst() == o.timeLast());
        assertTrue(o.count() >= 1);
        assertTrue(o.ttl() >= 0 && o.ttl() <= 0xffff_ffffL);
        assertEquals(o.dnsClass().toUpperCase(Locale.ROOT), o.dnsClass());
        assertEquals(SENSOR, o.sensor());
        if (o.rrname().contains("|")) {
            return;   // a name with a bar cannot be written back unambiguously into a ||-separated line
        }
        String answer = written(o.rrtype(), o.rdata());
        if (answer.length() > Rdata.MAX_LENGTH) {
            return;   // the limit is on the answer as received: written the canonical way (quoted, escaped) it may not fit again
        }
        String again = o.timeFirst() + ".5||192.0.2.10||198.51.100.53||" + o.dnsClass() + "||" + (o.rrname().equals(".") ? "." : o.rrname() + ".")
                + "||" + (types.name(o.rrtype()) == null ? "TYPE" + o.rrtype() : types.name(o.rrtype())) + "||"
                + answer + "||" + o.ttl() + "||" + o.count();
        assertEquals(o, parser.parse(again, SENSOR), again);
    }

    /** The data as passivedns writes it: TXT quoted with its quotes and backslashes escaped, names with their final dot. */
    private static String written(int type, String rdata) throws Malformed {
        if (type == RrTypes.TXT || type == RrTypes.SPF) {
            return "\"" + rdata.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (Rdata.isAddress(type) || !Rdata.normalize(type, "A").equals("a")) {
            return rdata;   // addresses and types whose data keeps its case are taken as they come
        }
        return rdata + ".";
    }
}
