// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesMarkupAndQuotes() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;)&lt;/script&gt; &amp;amp;",
                Html.escape("<script>alert(\"x\" + 'y')</script> &amp;"));
    }

    @Test
    void keepsOrdinaryText() {
        assertEquals("", Html.escape(""));
        assertEquals("bundle org.d4.tls: 2 problems, ümlaut €", Html.escape("bundle org.d4.tls: 2 problems, ümlaut €"));
    }

    @Test
    void urlValuesCarryNoMarkupOrSeparators() {
        assertEquals("*.example.com", Html.url("*.example.com"));
        assertEquals("a%26b%3Dc+d%27%3E%3C", Html.url("a&b=c d'><"));
        assertEquals("%C3%BC", Html.url("ü"));
    }
}
