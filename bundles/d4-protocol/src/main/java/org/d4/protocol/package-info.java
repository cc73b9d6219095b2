// SPDX-License-Identifier: Apache-2.0
/**
 * The D4 frame codec: {@link org.d4.protocol.FrameHeader} and its wire layout, HMAC signing and
 * checking ({@link org.d4.protocol.FrameAuthenticator}), {@link org.d4.protocol.FrameEncoder}, the
 * streaming {@link org.d4.protocol.FrameDecoder}, payload types and the type-2 meta header.
 *
 * <p>Plain Java on byte arrays and {@link java.nio.ByteBuffer}: no OSGi runtime and no Netty, so the
 * server and the standalone client share it. Values are immutable; codec objects hold per-stream
 * state and belong to one thread at a time.
 */
@Export
@Version("1.1.0")
package org.d4.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
