// SPDX-License-Identifier: Apache-2.0
package org.d4.alerts.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "D4 alerts", description = "What is watched, how often, and the thresholds at which an alert is raised")
@interface AlertsConfig {
    @AttributeDefinition(name = "Check interval (s)", min = "1", description = "How often the conditions are checked")
    int check_interval_s() default 30;

    @AttributeDefinition(name = "Sensor errors", min = "1",
            description = "Raise when a registered sensor's connections fail this many times within the error window")
    int sensor_errors_count() default 3;

    @AttributeDefinition(name = "Error window (s)", min = "1",
            description = "How far back errors, drops and analyzer failures count; an alert about them is resolved after this long without any")
    int error_window_s() default 600;

    @AttributeDefinition(name = "Queue fill ratio", min = "0.01", max = "1",
            description = "Raise when an analyzer queue holds more than this part of its maximum size (resolved below 90 % of it)")
    double queue_fill_ratio() default 0.8;

    @AttributeDefinition(name = "Minimum free disk (MB)", min = "0", description = "Raise when the file system of data/ has less free space than this")
    long disk_min_free_mb() default 1024;

    @AttributeDefinition(name = "Minimum free disk (%)", min = "0", max = "100",
            description = "Raise when the file system of data/ has less than this percentage free")
    int disk_min_free_percent() default 5;

    @AttributeDefinition(name = "Certificate warning (days)", min = "1",
            description = "Raise when the appliance's certificate (HTTPS and sensor port) expires within this many days")
    int certificate_warn_days() default 30;

    @AttributeDefinition(name = "History", min = "100", description = "Alerts kept in the history; the oldest are dropped beyond this many")
    int history_max() default 10_000;
}
