// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.nio.file.Path;

/** What becomes of the files of a session's {@link RotatingArchive}; called under the session's lock, except {@link #compressed}. */
interface SeriesListener {

    /** Nothing to do: text files, whose lines are queued as they arrive. */
    SeriesListener NONE = new SeriesListener() {
    };

    /** A new file was created, empty: told before any byte reaches it. */
    default void opened(Path file) {
    }

    /** A finished file is compressed as {@code gzip}; on a compression thread. */
    default void compressed(Path file, Path gzip) {
    }

    /** A file got nothing beyond its prefix and was deleted. */
    default void discarded(Path file) {
    }
}
