// SPDX-License-Identifier: Apache-2.0
package org.d4.ssh.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "D4 SSH shell", description = "The Gogo shell over SSH, for administrators (password or authorized key)")
@interface SshConfig {
    @AttributeDefinition(name = "Enabled")
    boolean enabled() default true;

    @AttributeDefinition(name = "Port", min = "1", max = "65535")
    int port() default 8101;

    @AttributeDefinition(name = "Bind address", description = "127.0.0.1 keeps the shell on this machine; widen it explicitly")
    String bind() default "127.0.0.1";

    @AttributeDefinition(name = "Host key file", description = "Relative to the image root; an EC P-256 key is generated there at first start")
    String host_key_file() default "etc/ssh/host-key.pem";

    @AttributeDefinition(name = "Idle timeout (seconds)", min = "10", description = "A session without traffic for this long is closed")
    int idle_timeout_s() default 1800;

    @AttributeDefinition(name = "Authentication attempts per connection", min = "1", max = "20")
    int max_auth_attempts() default 6;
}
