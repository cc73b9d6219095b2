// SPDX-License-Identifier: Apache-2.0
package org.d4.tls.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "D4 TLS identity",
        description = "The key and certificate used by the sensor port and the HTTPS console. "
                + "Generated (EC P-256, self-signed) at first start when neither file exists.")
@interface TlsIdentityConfig {
    @AttributeDefinition(name = "Certificate file", description = "PEM certificate chain, leaf first; relative to the image root")
    String certificate_file() default "etc/tls/server.crt";

    @AttributeDefinition(name = "Key file", description = "Unencrypted PEM private key (PKCS#8, EC or RSA); relative to the image root")
    String key_file() default "etc/tls/server.key";

    @AttributeDefinition(name = "Extra names", required = false,
            description = "Host names and IP addresses added to a generated certificate besides localhost and this host's name")
    String[] subject_alt_names() default {};
}
