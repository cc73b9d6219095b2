// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

/** Input quoted in logs and errors, cut short and stripped of control characters. */
final class Samples {
    private static final int MAX = 120;

    private Samples() {
    }

    static String cut(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= MAX ? clean : clean.substring(0, MAX) + "...";
    }
}
