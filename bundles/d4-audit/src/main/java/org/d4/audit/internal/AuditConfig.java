// SPDX-License-Identifier: Apache-2.0
package org.d4.audit.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "D4 audit log", description = "Who changed what, when and from where, kept in the appliance store")
@interface AuditConfig {
    @AttributeDefinition(name = "Maximum entries", min = "100", description = "The oldest entries are dropped beyond this many")
    int max_entries() default 100_000;
}
