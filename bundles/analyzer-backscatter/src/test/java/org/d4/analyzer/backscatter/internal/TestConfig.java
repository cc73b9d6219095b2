// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.lang.annotation.Annotation;

/** The analyzer's configuration for tests: the defaults, with the scenario's telescope. */
final class TestConfig implements BackscatterConfig {
    String[] prefixes = {Scenario.TELESCOPE_V4, Scenario.TELESCOPE_V6};
    int maxVectors = 2_000_000;
    long maxAttacks = 1_000_000;

    @Override
    public Class<? extends Annotation> annotationType() {
        return BackscatterConfig.class;
    }

    @Override
    public String store_folder() {
        return "data/backscatter";
    }

    @Override
    public String[] monitored_prefixes() {
        return prefixes;
    }

    @Override
    public long timeout_s() {
        return 300;
    }

    @Override
    public long min_packets() {
        return 25;
    }

    @Override
    public long min_duration_s() {
        return 60;
    }

    @Override
    public long min_ppm() {
        return 30;
    }

    @Override
    public int max_vectors() {
        return maxVectors;
    }

    @Override
    public int max_scanners() {
        return 100_000;
    }

    @Override
    public long max_attacks() {
        return maxAttacks;
    }

    String pfx2as = "";

    @Override
    public String pfx2as_file() {
        return pfx2as;
    }

    @Override
    public boolean anonymous_read() {
        return false;
    }
}
