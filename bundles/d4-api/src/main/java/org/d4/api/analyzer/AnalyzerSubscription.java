// SPDX-License-Identifier: Apache-2.0
package org.d4.api.analyzer;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The {@link Analyzer} service properties, typed: put it on the analyzer's component, e.g.
 * {@code @AnalyzerSubscription(name = "passivedns", type = 8)}. A configuration of the component
 * may override each property (e.g. {@code d4.analyzer.sensors}) at run time.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AnalyzerSubscription {
    String PREFIX_ = "d4.analyzer.";

    /** {@value Analyzer#NAME} */
    String name();

    /** {@value Analyzer#TYPE} */
    int type();

    /** {@value Analyzer#EXTENDED_TYPE}; empty unless type is 254. */
    String extended_type() default "";

    /** {@value Analyzer#MAX_QUEUE_SIZE} */
    int queue_max_size() default 100_000;

    /** {@value Analyzer#MAX_ATTEMPTS} */
    int max_attempts() default 5;
}
