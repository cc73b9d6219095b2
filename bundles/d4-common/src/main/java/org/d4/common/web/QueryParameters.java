// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import jakarta.servlet.http.HttpServletRequest;

/** Query parameters typed into console pages: absent reads as empty, and a value is cut to a bound. */
public final class QueryParameters {
    private QueryParameters() {
    }

    /** The parameter's value, empty when absent, at most {@code maxChars} long (the rest cut). */
    public static String bounded(HttpServletRequest request, String name, int maxChars) {
        return bounded(request.getParameter(name), maxChars);
    }

    static String bounded(String value, int maxChars) {
        return value == null ? "" : value.length() > maxChars ? value.substring(0, maxChars) : value;
    }
}
