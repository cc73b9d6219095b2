// SPDX-License-Identifier: Apache-2.0
package org.d4.ssh.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a remote shell line may not do, checked before Gogo runs it: start a nested Gogo shell
 * ({@code gosh} and {@code sh} stop the framework when they end), reach {@code java.lang.System}
 * (the built-in profile's {@code system:exit}), or stop, update or uninstall the system bundle 0.
 * Stopping the appliance is for {@code bin/d4 stop} on its host. The appliance's own profile
 * registers none of these; this catches them being typed or added by hand.
 */
final class ShellGuard {
    private static final Pattern WORDS = Pattern.compile("[\\s;|&(){}\\[\\]'\"$]+");
    private static final Set<String> SHELLS = Set.of("gosh", "sh", "gogo:gosh", "gogo:sh", "shutdown", "felix:shutdown");
    private static final Set<String> ON_BUNDLES = Set.of("stop", "felix:stop", "update", "felix:update", "uninstall", "felix:uninstall");

    private ShellGuard() {
    }

    /** Why the line is refused, or empty when it may run. */
    static Optional<String> refusal(String line) {
        List<String> words = List.of(WORDS.split(line.strip()));
        for (String w : words) {
            if (SHELLS.contains(w)) {
                return Optional.of(w + " is not available in the remote shell (it would stop the appliance)");
            }
            if (w.startsWith("system:") || w.contains("java.lang.System") || w.equals("addcommand") || w.equals("gogo:addcommand")) {
                return Optional.of(w + " is not available in the remote shell");
            }
            if (ON_BUNDLES.contains(w) && words.contains("0")) {
                return Optional.of("the system bundle 0 cannot be stopped, updated or uninstalled from the remote shell: use bin/d4 stop on the host");
            }
        }
        return Optional.empty();
    }
}
