// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code d4.workers.ja3}: what the {@code ja3-jl} worker does besides archiving and queueing the lines. */
@ObjectClassDefinition(name = "D4 ja3-jl certificates",
        description = "Certificates carried by ja3-jl records (Certificates[].Raw), each kept once as <archive>/<sensor>/ja3-jl/certs/<sha1>.crt")
@interface Ja3Config {
    @AttributeDefinition(name = "Save certificates", description = "Keep each certificate of the records as a DER file")
    boolean save_certificates() default true;

    @AttributeDefinition(name = "Largest certificate (bytes)", min = "64", max = "16777216",
            description = "A larger certificate (DER size) is not saved, only counted; its record is still archived and queued")
    int max_certificate_bytes() default 65_536;
}
