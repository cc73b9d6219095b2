// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import java.util.Locale;

/** Content types of request bodies. */
public final class MediaTypes {
    private MediaTypes() {
    }

    /**
     * Whether a {@code Content-Type} header names {@code type} (such as {@code application/json}),
     * with or without parameters such as {@code charset}. A browser form cannot send these types
     * across sites without a CORS preflight, which the appliance never answers.
     */
    public static boolean is(String contentType, String type) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String bare = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return bare.toLowerCase(Locale.ROOT).equals(type);
    }
}
