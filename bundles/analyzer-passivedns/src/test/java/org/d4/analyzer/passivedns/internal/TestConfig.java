// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.lang.annotation.Annotation;

/** The analyzer's configuration for tests: the defaults, changed field by field. */
final class TestConfig implements PassiveDnsConfig {
    String[] exclusions = {};
    String[] expiration = {};
    boolean anonymousRead;
    long commitIntervalMs = 50;
    int flushRecords = 100_000;
    String origin = "";

    TestConfig exclusions(String... e) {
        exclusions = e;
        return this;
    }

    TestConfig expiration(String... e) {
        expiration = e;
        return this;
    }

    TestConfig origin(String o) {
        origin = o;
        return this;
    }

    TestConfig commitInterval(long ms) {
        commitIntervalMs = ms;
        return this;
    }

    TestConfig flushRecords(int n) {
        flushRecords = n;
        return this;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return PassiveDnsConfig.class;
    }

    @Override
    public String store_folder() {
        return "data/pdns";
    }

    @Override
    public String[] exclusions() {
        return exclusions;
    }

    @Override
    public String[] expiration() {
        return expiration;
    }

    @Override
    public boolean anonymous_read() {
        return anonymousRead;
    }

    @Override
    public long commit_interval_ms() {
        return commitIntervalMs;
    }

    @Override
    public int flush_records() {
        return flushRecords;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public long import_max_mb() {
        return 16;
    }
}
