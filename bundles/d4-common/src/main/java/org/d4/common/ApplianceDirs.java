// SPDX-License-Identifier: Apache-2.0
package org.d4.common;

import java.nio.file.Path;

/**
 * The appliance's folders, from the framework property {@code d4.home} that the launcher sets
 * (the image root). Bundles never assume the working directory.
 *
 * @param home the image root
 */
public record ApplianceDirs(Path home) {
    /** The framework property naming the image root. */
    public static final String HOME_PROPERTY = "d4.home";

    /** From the value of {@link #HOME_PROPERTY}; the working directory when it is unset (plain test frameworks). */
    public static ApplianceDirs fromProperty(String value) {
        return new ApplianceDirs(Path.of(value == null || value.isBlank() ? "." : value).toAbsolutePath().normalize());
    }

    public Path etc() {
        return home.resolve("etc");
    }

    public Path data() {
        return home.resolve("data");
    }

    public Path deploy() {
        return home.resolve("deploy");
    }

    /** Resolves a configured path: absolute as given, relative to the image root otherwise. */
    public Path resolve(String configured) {
        Path p = Path.of(configured);
        return p.isAbsolute() ? p : home.resolve(p).normalize();
    }
}
