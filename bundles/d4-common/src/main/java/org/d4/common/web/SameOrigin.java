// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses state-changing requests a browser sends from another site. The appliance's own origin is
 * where the request was addressed: the scheme, and the host and port of its {@code Host} header
 * (what the browser put there, also behind a port forward or under another name). A request whose
 * {@code Origin} (else {@code Referer}) names another origin, or {@code Origin: null} (sandboxed
 * frames, local files, some redirects), is refused. A request with neither header comes from a
 * script or a tool: browsers send {@code Origin} with every POST, PUT, DELETE and PATCH.
 * Host names compare case-insensitively, IPv6 literals by address ({@code [::1]} equals
 * {@code [0:0:0:0:0:0:0:1]}), a missing port as the scheme's default.
 */
public final class SameOrigin {
    private static final int MAX_HEADER = 2048;

    private SameOrigin() {
    }

    /** Whether the method changes state, so that its origin is checked. */
    public static boolean stateChanging(String method) {
        return switch (method) {
            case "POST", "PUT", "DELETE", "PATCH" -> true;
            default -> false;
        };
    }

    /**
     * Why the request is refused; empty when it may proceed.
     *
     * @param scheme  the request's scheme ({@code https})
     * @param host    its {@code Host} header, {@code name[:port]} or {@code [v6][:port]}; null when absent
     * @param origin  its {@code Origin} header, null when absent
     * @param referer its {@code Referer} header, null when absent
     */
    public static Optional<String> refusal(String scheme, String host, String origin, String referer) {
        String sent = origin != null ? origin : referer;
        String header = origin != null ? "Origin" : "Referer";
        if (sent == null) {
            return Optional.empty();
        }
        Optional<String> own = host == null ? Optional.empty() : key(scheme + "://" + host);
        Optional<String> theirs = key(sent);
        if (own.isEmpty() || theirs.isEmpty() || !own.get().equals(theirs.get())) {
            return Optional.of("cross-site request refused: " + header + " " + printable(sent) + " is not this appliance's origin");
        }
        return Optional.empty();
    }

    // scheme://host:port in one spelling; empty for "null", opaque or unparsable values
    static Optional<String> key(String url) {
        if (url.length() > MAX_HEADER || url.strip().equalsIgnoreCase("null")) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port < 0) {
            port = switch (scheme) {
                case "https" -> 443;
                case "http" -> 80;
                default -> -1;
            };
        }
        return Optional.of(scheme + "://" + canonicalHost(host) + ":" + port);
    }

    private static String canonicalHost(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.indexOf(':') >= 0 && bare.matches("[0-9A-Fa-f:.]+")) {
            try {
                return "[" + InetAddress.getByName(bare).getHostAddress() + "]";   // a literal: no lookup
            } catch (UnknownHostException e) {
                return bare.toLowerCase(Locale.ROOT);
            }
        }
        return bare.toLowerCase(Locale.ROOT);
    }

    private static String printable(String text) {
        String cut = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
