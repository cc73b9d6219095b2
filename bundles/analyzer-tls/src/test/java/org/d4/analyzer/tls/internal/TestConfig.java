// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import java.lang.annotation.Annotation;

/** The analyzer's configuration for tests: the defaults, changed field by field. */
final class TestConfig implements TlsAnalyzerConfig {
    String labelsFile = "etc/tls-labels.csv";
    int maxAddresses = 32;
    long commitMs = 50;

    @Override
    public Class<? extends Annotation> annotationType() {
        return TlsAnalyzerConfig.class;
    }

    @Override
    public String store_folder() {
        return "data/tls";
    }

    @Override
    public String labels_file() {
        return labelsFile;
    }

    @Override
    public boolean anonymous_read() {
        return false;
    }

    @Override
    public long commit_interval_ms() {
        return commitMs;
    }

    @Override
    public int max_addresses() {
        return maxAddresses;
    }

    @Override
    public int max_names() {
        return 32;
    }
}
