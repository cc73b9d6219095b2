// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import static org.d4.webconsole.internal.AccessRules.Decision.ALLOW;
import static org.d4.webconsole.internal.AccessRules.Decision.FORBIDDEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.d4.api.security.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessRulesTest {
    static final ConsoleUser ADMIN = new ConsoleUser("root", Set.of(Role.ADMIN), false, "t", "127.0.0.1");
    static final ConsoleUser USER = new ConsoleUser("viewer", Set.of(Role.USER), false, "t", "127.0.0.1");
    static final ConsoleUser REGISTRAR = new ConsoleUser("reg", Set.of(Role.SENSOR_REGISTER), false, "t", "127.0.0.1");

    @Test
    void anAdministratorMayDoAnything() {
        assertEquals(ALLOW, AccessRules.decide(ADMIN, "POST", "/bundles/3", null));
        assertEquals(ALLOW, AccessRules.decide(ADMIN, "POST", "/d4-users", "delete"));
        assertEquals(ALLOW, AccessRules.decide(ADMIN, "GET", "/configMgr", null));
    }

    @Test
    void aUserReadsTheD4PagesAndChangesOnlyTheirPassword() {
        assertEquals(ALLOW, AccessRules.decide(USER, "GET", "/d4-sensors", null));
        assertEquals(ALLOW, AccessRules.decide(USER, "HEAD", "/d4-dashboard/res/d4/d4.js", null));
        assertEquals(ALLOW, AccessRules.decide(USER, "GET", "/res/lib/jquery.js", null));
        assertEquals(ALLOW, AccessRules.decide(USER, "GET", "/logout", null), "the console's own logout link");
        assertEquals(ALLOW, AccessRules.decide(USER, "POST", "/d4-users", "password"));
        assertEquals(FORBIDDEN, AccessRules.decide(USER, "POST", "/d4-users", "create"));
        assertEquals(FORBIDDEN, AccessRules.decide(USER, "POST", "/d4-server", "password"), "the self-service action only on the users page");
        assertEquals(FORBIDDEN, AccessRules.decide(USER, "POST", "/d4-sensors", "approve"));
        assertEquals(FORBIDDEN, AccessRules.decide(USER, "POST", "/d4-sensors", null));
        assertEquals(FORBIDDEN, AccessRules.decide(USER, "POST", "/res/x", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bundles", "/bundles/0", "/configMgr/d4.server", "/components", "/shell", "/d4", "/events"})
    void aUserSeesNoneOfTheConsolesOtherPages(String path) {
        assertEquals(FORBIDDEN, AccessRules.decide(USER, "GET", path, null));
        assertEquals(FORBIDDEN, AccessRules.decide(USER, "POST", path, null));
    }

    @Test
    void aSensorRegistrarGetsNothing() {
        assertEquals(FORBIDDEN, AccessRules.decide(REGISTRAR, "GET", "/d4-dashboard", null));
        assertEquals(FORBIDDEN, AccessRules.decide(REGISTRAR, "GET", "/res/x.css", null));
    }

    @Test
    void labelsAndCanonicalPaths() {
        assertEquals("d4-sensors", AccessRules.label("/d4-sensors/res/d4/d4.css"));
        assertEquals("", AccessRules.label(""));
        assertTrue(AccessRules.isD4Page("/d4-queues"));
        assertFalse(AccessRules.isD4Page("/bundles"));
        assertTrue(AccessRules.isCanonical("/d4-sensors"));
        assertTrue(AccessRules.isCanonical(""));
        for (String bad : new String[] {"/d4-x/../bundles", "/d4-x/./y", "//bundles", "/d4-x;a=b", "/d4-x\\..\\bundles", "/.."}) {
            assertFalse(AccessRules.isCanonical(bad), bad);
        }
    }
}
