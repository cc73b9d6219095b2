// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import java.util.ArrayList;
import java.util.List;
import org.d4.api.security.UserException;
import org.d4.api.security.UserException.Problem;

/**
 * What a password chosen by a person must be: at least {@code minLength} characters, at most
 * {@link #MAX_LENGTH} (bcrypt reads 72 bytes; longer input would be silently cut), from at least
 * {@code minClasses} of the four classes lower case, upper case, digit and other, and not the
 * user name.
 */
record PasswordPolicy(int minLength, int minClasses) {
    static final int MAX_LENGTH = 72;

    PasswordPolicy {
        minLength = Math.max(8, Math.min(minLength, MAX_LENGTH));
        minClasses = Math.max(1, Math.min(minClasses, 4));
    }

    /** Throws {@link UserException} (INVALID) naming every rule the password breaks. */
    void check(String name, char[] password) {
        if (password == null) {
            throw new UserException(Problem.INVALID, "a password is required");
        }
        List<String> broken = new ArrayList<>();
        if (password.length < minLength) {
            broken.add("at least " + minLength + " characters");
        }
        if (password.length > MAX_LENGTH) {
            broken.add("at most " + MAX_LENGTH + " characters");
        }
        if (classes(password) < minClasses) {
            broken.add("characters of at least " + minClasses + " of: lower case, upper case, digits, other");
        }
        if (name != null && new String(password).equalsIgnoreCase(name)) {
            broken.add("not the user name");
        }
        if (!broken.isEmpty()) {
            throw new UserException(Problem.INVALID, "the password does not meet the policy: it needs " + String.join(", ", broken));
        }
    }

    static int classes(char[] password) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        for (char c : password) {
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                other = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }
}
