// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * RR type mnemonics and numbers from the IANA registry ({@code rrtypes.csv} in this package).
 * Immutable once loaded; thread-safe.
 */
final class RrTypes {
    static final int A = 1;
    static final int NS = 2;
    static final int CNAME = 5;
    static final int PTR = 12;
    static final int TXT = 16;
    static final int AAAA = 28;
    static final int SPF = 99;

    private final Map<String, Integer> numbers;
    private final String[] names = new String[65536];

    private RrTypes(Map<String, Integer> registry) {
        registry.forEach((name, number) -> names[number] = name);
        Map<String, Integer> all = new HashMap<>(registry);
        all.put("ANY", 255);   // the usual name of "*" in queries and tools
        this.numbers = Map.copyOf(all);
    }

    /** The registry shipped in the bundle. */
    static RrTypes load() {
        Map<String, Integer> numbers = new HashMap<>();
        try (InputStream in = RrTypes.class.getResourceAsStream("rrtypes.csv")) {
            if (in == null) {
                throw new IllegalStateException("rrtypes.csv is missing from the bundle");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int comma = line.indexOf(',');
                numbers.put(line.substring(0, comma).trim(), Integer.parseInt(line.substring(comma + 1).trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RrTypes(numbers);
    }

    /** The mnemonic of a type, or null when the registry has none (served as the number then). */
    String name(int type) {
        return type >= 0 && type < names.length ? names[type] : null;
    }

    /**
     * The number of a type written as a mnemonic (any case), as {@code TYPEnnn} (RFC 3597) or as
     * a decimal number; -1 when it is none of these or out of 0-65535.
     */
    int number(String text) {
        if (text == null || text.isEmpty() || text.length() > 16) {
            return -1;
        }
        Integer known = numbers.get(text.toUpperCase(Locale.ROOT));
        if (known != null) {
            return known;
        }
        String digits = text.regionMatches(true, 0, "TYPE", 0, 4) ? text.substring(4) : text;
        if (digits.isEmpty() || digits.length() > 5) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n <= 65535 ? n : -1;
    }

    /** How many mnemonics the registry has (for tests and the info page). */
    int size() {
        return numbers.size();
    }
}
