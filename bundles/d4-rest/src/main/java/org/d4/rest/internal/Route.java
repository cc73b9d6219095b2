// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import java.util.regex.Pattern;
import org.d4.api.security.Role;

/**
 * A method and path pattern (groups are path parameters), the role needed (null: any
 * authenticated user, for what users do to themselves), and the handler whose result is written
 * as JSON with status 200.
 */
record Route(String method, Pattern path, Role role, Handler handler) {

    @FunctionalInterface
    interface Handler {
        Object handle(Call call);
    }

    /** For a state-changing request, its name in the audit log: the literal path segments, then the verb. */
    String auditAction() {
        StringBuilder name = new StringBuilder();
        boolean afterParameter = false;
        boolean lastLiteral = false;
        for (String segment : path.pattern().split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            lastLiteral = segment.matches("[a-z0-9_-]+");
            if (lastLiteral) {
                name.append(name.length() == 0 ? "" : ".").append(segment);
            } else {
                afterParameter = true;
            }
        }
        // "/sensors/{uuid}/approve" names its own verb; "/users/{name}" by PUT needs one
        if (lastLiteral && afterParameter) {
            return name.toString();
        }
        return name + "." + switch (method) {
            case "POST" -> "create";
            case "PUT" -> "update";
            case "DELETE" -> "delete";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    }

    static Route of(String method, String regex, Role role, Handler handler) {
        return new Route(method, Pattern.compile(regex), role, handler);
    }
}
