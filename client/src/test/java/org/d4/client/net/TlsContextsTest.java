// SPDX-License-Identifier: Apache-2.0
package org.d4.client.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class TlsContextsTest {
    @Test
    void aes128GcmMovesToTheFrontAndNothingElseChanges() {
        assertArrayEquals(new String[] {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"},
                TlsContexts.aes128First(new String[] {"TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"}));
        assertArrayEquals(new String[] {"TLS_AES_256_GCM_SHA384"}, TlsContexts.aes128First(new String[] {"TLS_AES_256_GCM_SHA384"}));
    }
}
