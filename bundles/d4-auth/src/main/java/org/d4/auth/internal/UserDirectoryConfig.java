// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "D4 users", description = "Where the appliance keeps its users, the password policy, and the lockout after failed logins")
@interface UserDirectoryConfig {
    @AttributeDefinition(name = "User file", description = "Relative to the image root")
    String users_file() default "data/users.properties";

    @AttributeDefinition(name = "bcrypt cost", min = "10", max = "16", description = "Each +1 doubles the time of a password check")
    int bcrypt_cost() default 12;

    @AttributeDefinition(name = "Login cache (seconds)", min = "0",
            description = "How long a verified password is remembered in memory, so HTTP basic authentication does not run bcrypt on every request")
    int login_cache_s() default 300;

    @AttributeDefinition(name = "Minimum password length", min = "8", max = "72", description = "For passwords people choose (create, set, change)")
    int password_min_length() default 12;

    @AttributeDefinition(name = "Character classes", min = "1", max = "4",
            description = "How many of lower case, upper case, digits and other characters a password must mix")
    int password_min_classes() default 3;

    @AttributeDefinition(name = "Failures before a user is locked out", min = "0", description = "0: never lock out a user name")
    int lockout_user_failures() default 5;

    @AttributeDefinition(name = "Failures before an address is locked out", min = "0", description = "0: never lock out an address")
    int lockout_address_failures() default 20;

    @AttributeDefinition(name = "Failure window (seconds)", min = "1", description = "Failures older than this are forgotten")
    int lockout_window_s() default 900;

    @AttributeDefinition(name = "Lockout duration (seconds)", min = "1", description = "How long a locked-out user or address is refused, even with the right password")
    int lockout_duration_s() default 300;
}
