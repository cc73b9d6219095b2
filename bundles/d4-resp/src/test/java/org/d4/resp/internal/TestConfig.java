// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link RespConfig} as DS would build it: the given values, the annotation's defaults for the rest. */
final class TestConfig {
    private TestConfig() {
    }

    static RespConfig of(Map<String, Object> values) {
        return (RespConfig) Proxy.newProxyInstance(RespConfig.class.getClassLoader(), new Class<?>[] {RespConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> RespConfig.class;
                    case "toString" -> "RespConfig" + values;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                });
    }
}
