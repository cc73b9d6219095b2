// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "*|analyzer:8:abc|true",
        "*|''|true",
        "''|''|true",
        "''|a|false",
        "analyzer:*|analyzer:8:abc|true",
        "analyzer:*|other:8:abc|false",
        "analyzer:8:*|analyzer:254:abc|false",
        "*:abc|analyzer:8:abc|true",
        "*:*:*|analyzer:8:abc|true",
        "*:*:*:*|analyzer:8:abc|false",
        "a*b*c|aXbYbZc|true",
        "a*b*c|aXbYbZ|false",
        "a?c|abc|true",
        "a?c|ac|false",
        "analyzer:[0-9]:*|analyzer:8:x|true",
        "analyzer:[0-9]:*|analyzer:j:x|false",
        "analyzer:[^0-9]*|analyzer:ja3-jl:x|true",
        "analyzer:[^0-9]*|analyzer:8:x|false",
        "[abc]|b|true",
        "[abc]|d|false",
        "[z-a]|m|true",
        "a\\*|a*|true",
        "a\\*|ab|false",
        "a[\\]]|a]|true",
        "a[|a[|true",
        "**a|a|true",
    })
    void matchesLikeRedisKeys(String pattern, String key, boolean expected) {
        assertEquals(expected, Glob.matches(pattern, key));
    }
}
