// SPDX-License-Identifier: Apache-2.0
package org.d4.api.analyzer;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.d4.api.queue.DeadLetter;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The analyzers the appliance knows (deployed now, or away with their queue still filling), for the
 * administration surfaces. Methods taking a name throw {@link org.d4.api.queue.QueueException}
 * NOT_FOUND for an unknown analyzer.
 */
@ProviderType
public interface AnalyzerCatalog {

    /** Every known analyzer, by name. */
    List<AnalyzerStatus> analyzers();

    Optional<AnalyzerStatus> analyzer(String name);

    /** Up to {@code max} of its dead letters, oldest first. */
    List<DeadLetter> deadLetters(String name, int max);

    /** Queues its dead letters with these ids again (all when empty); returns how many. */
    int replay(String name, Collection<Long> ids);

    /** Deletes its dead letters with these ids (all when empty); returns how many. */
    int discard(String name, Collection<Long> ids);
}
