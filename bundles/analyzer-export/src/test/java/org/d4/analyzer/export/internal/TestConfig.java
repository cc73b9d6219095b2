// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** An {@link ExportConfig} as Configuration Admin would give it: the annotation's defaults, some values overridden. */
final class TestConfig {
    private TestConfig() {
    }

    static ExportConfig of(Object... keysAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return (ExportConfig) Proxy.newProxyInstance(ExportConfig.class.getClassLoader(), new Class<?>[] {ExportConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> ExportConfig.class;
                    case "toString" -> "ExportConfig" + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                });
    }
}
