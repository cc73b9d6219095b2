// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QueryParametersTest {

    @Test
    void anAbsentValueIsEmptyAndALongOneIsCut() {
        assertEquals("", QueryParameters.bounded(null, 10));
        assertEquals("", QueryParameters.bounded("", 10));
        assertEquals("example.org", QueryParameters.bounded("example.org", 11));
        assertEquals("example", QueryParameters.bounded("example.org", 7));
    }
}
