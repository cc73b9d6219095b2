// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

/** Where a sensor stands with the server. */
public enum SensorStatus {
    /** Registered, waiting for an administrator. */
    PENDING,
    /** May connect (in registration mode) with its own key. */
    APPROVED,
    /** Removed by an administrator; its history is kept, it may register again. */
    DELETED,
    /** Never registered: known only from refused connections (kept in memory, most recent 1024). */
    UNREGISTERED
}
