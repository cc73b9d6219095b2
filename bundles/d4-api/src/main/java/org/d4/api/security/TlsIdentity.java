// SPDX-License-Identifier: Apache-2.0
package org.d4.api.security;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The appliance's TLS key and certificate chain, shared by the sensor port and the HTTPS console.
 * Generated at first start unless the administrator supplied PEM files.
 */
@ProviderType
public interface TlsIdentity {

    PrivateKey privateKey();

    /** Leaf first. */
    List<X509Certificate> certificateChain();

    /** The PEM file the chain was read from, for clients to pin or inspect. */
    Path certificateFile();

    /** SHA-256 fingerprint of the leaf certificate, colon-separated upper-case hex. */
    String fingerprint();
}
