// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ApiRequestsTest {
    @Test
    void jsonTextEscapesWhatRfc8259Requires() {
        assertEquals("plain text, é and ☃ as they are", ApiRequests.jsonText("plain text, é and ☃ as they are"));
        assertEquals("a \\\"quoted\\\" C:\\\\path", ApiRequests.jsonText("a \"quoted\" C:\\path"));
        assertEquals("line\\u000anext\\u0009tab\\u0000nul\\u001f", ApiRequests.jsonText("line\nnext\ttab\0nul\u001f"));
        assertEquals("/ and \u007f stay", ApiRequests.jsonText("/ and \u007f stay"));
    }
}
