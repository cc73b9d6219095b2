// SPDX-License-Identifier: Apache-2.0
package org.d4.client.net;

import java.io.IOException;

/** Where frames go: {@link #open()} is called once per connection, again after each failure. */
public interface Destination {
    Link open() throws IOException;

    /** For logs: {@code stdout}, {@code tls://host:port}. */
    String describe();
}
