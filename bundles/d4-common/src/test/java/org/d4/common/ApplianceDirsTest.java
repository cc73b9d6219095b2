// SPDX-License-Identifier: Apache-2.0
package org.d4.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplianceDirsTest {
    @TempDir
    Path home;

    @Test
    void foldersAreUnderHome() {
        ApplianceDirs dirs = new ApplianceDirs(home);
        assertEquals(home.resolve("etc"), dirs.etc());
        assertEquals(home.resolve("data"), dirs.data());
        assertEquals(home.resolve("deploy"), dirs.deploy());
    }

    @Test
    void relativePathIsResolvedAgainstHomeAndNormalized() {
        ApplianceDirs dirs = new ApplianceDirs(home);
        assertEquals(home.resolve("etc/tls/server.crt"), dirs.resolve("etc/tls/server.crt"));
        assertEquals(home.resolve("data/users.properties"), dirs.resolve("etc/../data/./users.properties"));
    }

    @Test
    void absolutePathIsKept() {
        Path elsewhere = home.resolveSibling("elsewhere").resolve("server.key").toAbsolutePath();
        assertEquals(elsewhere, new ApplianceDirs(home).resolve(elsewhere.toString()));
    }

    @Test
    void nullOrBlankPropertyMeansWorkingDirectory() {
        Path cwd = Path.of("").toAbsolutePath().normalize();
        assertEquals(cwd, ApplianceDirs.fromProperty(null).home());
        assertEquals(cwd, ApplianceDirs.fromProperty("").home());
        assertEquals(cwd, ApplianceDirs.fromProperty("  ").home());
    }

    @Test
    void propertyIsMadeAbsoluteAndNormalized() {
        ApplianceDirs dirs = ApplianceDirs.fromProperty(home + "/x/..");
        assertEquals(home.toAbsolutePath().normalize(), dirs.home());
        ApplianceDirs relative = ApplianceDirs.fromProperty("image/./d4");
        assertTrue(relative.home().isAbsolute());
        assertEquals(Path.of("image/d4").toAbsolutePath(), relative.home());
    }
}
