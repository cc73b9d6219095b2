// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import java.util.regex.Pattern;
import org.d4.api.security.Role;

/**
 * A method and path pattern (groups are path parameters), the role needed, and the handler whose
 * result is written as JSON with status 200.
 */
record Route(String method, Pattern path, Role role, Handler handler) {

    @FunctionalInterface
    interface Handler {
        Object handle(Call call);
    }

    static Route of(String method, String regex, Role role, Handler handler) {
        return new Route(method, Pattern.compile(regex), role, handler);
    }
}
