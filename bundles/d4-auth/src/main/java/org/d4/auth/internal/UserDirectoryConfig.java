// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "D4 users", description = "Where the appliance keeps its users and how hard their passwords are to crack")
@interface UserDirectoryConfig {
    @AttributeDefinition(name = "User file", description = "Relative to the image root")
    String users_file() default "data/users.properties";

    @AttributeDefinition(name = "bcrypt cost", min = "10", max = "16", description = "Each +1 doubles the time of a password check")
    int bcrypt_cost() default 12;

    @AttributeDefinition(name = "Login cache (seconds)", min = "0",
            description = "How long a verified password is remembered in memory, so HTTP basic authentication does not run bcrypt on every request")
    int login_cache_s() default 300;
}
