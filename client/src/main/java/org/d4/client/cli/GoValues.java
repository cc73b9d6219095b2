// SPDX-License-Identifier: Apache-2.0
package org.d4.client.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import org.d4.client.config.Durations;
import org.d4.client.config.Endpoints;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option values written as d4-goclient (Go's flag package) takes them; picocli names the option in its message. */
final class GoValues {
    private GoValues() {
    }

    /** Go's boolean flag values ({@code -ce=false}, {@code -cc=1}, {@code -v=T}), where picocli takes only true and false. */
    static final class GoBoolean implements ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "1", "t", "true" -> true;
                case "0", "f", "false" -> false;
                default -> throw new TypeConversionException("'" + text + "' is not true or false");
            };
        }
    }

    /** {@code 200ms}, {@code 1m30s}, {@code 0}: see {@link Durations}. */
    static final class GoDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code host:port} or {@code [IPv6]:port} of a SOCKS5 proxy, left unresolved (the proxy resolves the server). */
    static final class ProxyAddress implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String text) {
            try {
                Endpoints.Endpoint e = Endpoints.parse(text);
                return InetSocketAddress.createUnresolved(e.host(), e.port());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
