// SPDX-License-Identifier: Apache-2.0
package org.d4.ssh.internal;

import org.d4.api.security.AppUser;

/**
 * Who logged in to an SSH session, how ({@code password} or {@code public key}) and from where.
 */
record SshLogin(AppUser user, String method, String remote) {}
