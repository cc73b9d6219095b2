// SPDX-License-Identifier: Apache-2.0
package org.d4.tls.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;

/**
 * The browser protections of every answer of the HTTPS endpoint: the console, its login page, the
 * REST API, the passive DNS API and whatever else is registered, errors included. A whiteboard
 * preprocessor runs before any servlet or servlet context is chosen, so no servlet can be
 * forgotten; {@link SecureResponse} keeps a servlet from weakening the headers afterwards.
 */
@Component(service = Preprocessor.class)
public final class SecurityHeaders implements Preprocessor {

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (response instanceof HttpServletResponse http) {
            SecureResponse secure = new SecureResponse(http);
            secure.applyDefaults();
            chain.doFilter(request, secure);
        } else {
            chain.doFilter(request, response);
        }
    }

    @Override
    public void destroy() {
        // nothing held
    }
}
